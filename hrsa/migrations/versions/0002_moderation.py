"""moderation: the advisory group's agree/challenge on a submitted rating

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 04:10:00

"""

import sqlalchemy as sa
from alembic import op


revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "moderation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rating_id", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("moderated_rag", sa.String(length=10), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("moderator_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "outcome IN ('agree', 'challenge')", name=op.f("ck_moderation_outcome_known")
        ),
        sa.CheckConstraint(
            "moderated_rag IS NULL OR moderated_rag IN ('red', 'amber', 'green')",
            name=op.f("ck_moderation_moderated_rag_known"),
        ),
        sa.ForeignKeyConstraint(
            ["moderator_id"],
            ["user_account.id"],
            name=op.f("fk_moderation_moderator_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["rating_id"], ["rating.id"], name=op.f("fk_moderation_rating_id_rating")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_moderation")),
        sa.UniqueConstraint("rating_id", name=op.f("uq_moderation_rating_id")),
    )
    with op.batch_alter_table("moderation") as batch_op:
        batch_op.create_index(batch_op.f("ix_moderation_outcome"), ["outcome"], unique=False)


def downgrade():
    with op.batch_alter_table("moderation") as batch_op:
        batch_op.drop_index(batch_op.f("ix_moderation_outcome"))
    op.drop_table("moderation")
