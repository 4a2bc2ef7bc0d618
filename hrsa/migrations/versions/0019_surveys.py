"""surveys: a school's surveys of pupils, staff or parents, and their anonymous answers

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-05 17:45:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

AUDIENCES = "audience IN ('primary_pupils', 'secondary_pupils', 'staff', 'parents')"


def upgrade():
    op.create_table(
        "survey",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("audience", sa.String(length=30), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("opens_on", sa.Date(), nullable=False),
        sa.Column("closes_on", sa.Date(), nullable=False),
        sa.Column("closed_early_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cap", sa.Integer(), nullable=False),
        sa.Column("statements", sa.JSON(), nullable=False),
        sa.Column("scale", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(AUDIENCES, name=op.f("ck_survey_audience_known")),
        sa.CheckConstraint("closes_on >= opens_on", name=op.f("ck_survey_dates_in_order")),
        sa.CheckConstraint("cap > 0", name=op.f("ck_survey_cap_positive")),
        sa.ForeignKeyConstraint(
            ["school_id"], ["school.id"], name=op.f("fk_survey_school_id_school")
        ),
        sa.ForeignKeyConstraint(["cycle_id"], ["cycle.id"], name=op.f("fk_survey_cycle_id_cycle")),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_survey_created_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey")),
        sa.UniqueConstraint("token", name=op.f("uq_survey_token")),
        sa.UniqueConstraint(
            "school_id", "cycle_id", "audience", name="uq_survey_one_per_audience"
        ),
    )
    with op.batch_alter_table("survey") as batch_op:
        batch_op.create_index(batch_op.f("ix_survey_school_id"), ["school_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_survey_cycle_id"), ["cycle_id"], unique=False)
    op.create_table(
        "survey_response",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("submission_key", sa.String(length=64), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["survey.id"],
            name=op.f("fk_survey_response_survey_id_survey"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_response")),
        sa.UniqueConstraint("submission_key", name=op.f("uq_survey_response_submission_key")),
    )
    with op.batch_alter_table("survey_response") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_survey_response_survey_id"), ["survey_id"], unique=False
        )
    op.create_table(
        "survey_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("statement_id", sa.String(length=20), nullable=False),
        sa.Column("value", sa.SmallInteger(), nullable=False),
        sa.CheckConstraint("value BETWEEN 1 AND 5", name=op.f("ck_survey_answer_value_on_scale")),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["survey_response.id"],
            name=op.f("fk_survey_answer_response_id_survey_response"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["survey.id"],
            name=op.f("fk_survey_answer_survey_id_survey"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_answer")),
        sa.UniqueConstraint("response_id", "statement_id", name="uq_survey_answer_once"),
    )
    with op.batch_alter_table("survey_answer") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_survey_answer_response_id"), ["response_id"], unique=False
        )
        batch_op.create_index(
            "ix_survey_answer_survey_statement", ["survey_id", "statement_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("survey_answer") as batch_op:
        batch_op.drop_index("ix_survey_answer_survey_statement")
        batch_op.drop_index(batch_op.f("ix_survey_answer_response_id"))
    op.drop_table("survey_answer")
    with op.batch_alter_table("survey_response") as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_response_survey_id"))
    op.drop_table("survey_response")
    with op.batch_alter_table("survey") as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_cycle_id"))
        batch_op.drop_index(batch_op.f("ix_survey_school_id"))
    op.drop_table("survey")
