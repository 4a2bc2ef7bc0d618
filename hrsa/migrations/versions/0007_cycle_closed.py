"""cycle closed: an administrator closes a cycle, and its assessments become read-only

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22 07:10:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("cycle") as batch_op:
        batch_op.add_column(sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("closed_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_cycle_closed_by_id_user_account"),
            "user_account",
            ["closed_by_id"],
            ["id"],
        )


def downgrade():
    with op.batch_alter_table("cycle") as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_cycle_closed_by_id_user_account"), type_="foreignkey")
        batch_op.drop_column("closed_by_id")
        batch_op.drop_column("closed_at")
