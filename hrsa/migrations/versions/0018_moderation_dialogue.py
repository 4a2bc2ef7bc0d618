"""moderation dialogue: schools' replies to challenges, reopening requests, random samples

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-05 18:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def _user(column: str, table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], ["user_account.id"], name=op.f(f"fk_{table}_{column}_user_account")
    )


def upgrade():
    op.create_table(
        "moderation_reply",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("standard_code", sa.String(length=10), nullable=False),
        sa.Column("moderation_id", sa.Integer(), nullable=False),
        sa.Column("moderation_version", sa.Integer(), nullable=False),
        sa.Column("accepted", sa.Boolean(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("evidence_url", sa.String(length=2000), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessment.id"],
            name=op.f("fk_moderation_reply_assessment_id_assessment"),
        ),
        sa.ForeignKeyConstraint(
            ["moderation_id"],
            ["moderation.id"],
            name=op.f("fk_moderation_reply_moderation_id_moderation"),
        ),
        _user("author_id", "moderation_reply"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_moderation_reply")),
    )
    with op.batch_alter_table("moderation_reply") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_moderation_reply_assessment_id"), ["assessment_id"], unique=False
        )
    op.create_table(
        "reopen_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=True),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("resolved_by_id", sa.Integer(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "outcome IS NULL OR outcome IN ('reopened', 'declined')",
            name=op.f("ck_reopen_request_outcome_known"),
        ),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessment.id"],
            name=op.f("fk_reopen_request_assessment_id_assessment"),
        ),
        _user("requested_by_id", "reopen_request"),
        _user("resolved_by_id", "reopen_request"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reopen_request")),
    )
    with op.batch_alter_table("reopen_request") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reopen_request_assessment_id"), ["assessment_id"], unique=False
        )
    op.create_table(
        "moderation_sample",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("chosen_by_id", sa.Integer(), nullable=True),
        sa.Column("chosen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["cycle_id"], ["cycle.id"], name=op.f("fk_moderation_sample_cycle_id_cycle")
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["school.id"], name=op.f("fk_moderation_sample_school_id_school")
        ),
        _user("chosen_by_id", "moderation_sample"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_moderation_sample")),
        sa.UniqueConstraint("cycle_id", "school_id", name="uq_moderation_sample"),
    )
    with op.batch_alter_table("moderation_sample") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_moderation_sample_cycle_id"), ["cycle_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("moderation_sample") as batch_op:
        batch_op.drop_index(batch_op.f("ix_moderation_sample_cycle_id"))
    op.drop_table("moderation_sample")
    with op.batch_alter_table("reopen_request") as batch_op:
        batch_op.drop_index(batch_op.f("ix_reopen_request_assessment_id"))
    op.drop_table("reopen_request")
    with op.batch_alter_table("moderation_reply") as batch_op:
        batch_op.drop_index(batch_op.f("ix_moderation_reply_assessment_id"))
    op.drop_table("moderation_reply")
