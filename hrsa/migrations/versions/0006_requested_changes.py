"""requested changes: the standards named when an assessment is reopened

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 07:30:00

One row per standard an advisory group member or admin asked the school to change when
reopening its assessment; kept as history, with when the school dealt with it (saved the
standard's principle again).
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "requested_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("principle_number", sa.Integer(), nullable=False),
        sa.Column("standard_code", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("addressed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("addressed_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessment.id"],
            name=op.f("fk_requested_change_assessment_id_assessment"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_requested_change_created_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["addressed_by_id"],
            ["user_account.id"],
            name=op.f("fk_requested_change_addressed_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_requested_change")),
    )
    with op.batch_alter_table("requested_change") as batch_op:
        batch_op.create_index(
            "ix_requested_change_assessment_principle",
            ["assessment_id", "principle_number"],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table("requested_change") as batch_op:
        batch_op.drop_index("ix_requested_change_assessment_principle")
    op.drop_table("requested_change")
