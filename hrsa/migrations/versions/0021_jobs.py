"""jobs: background jobs (every school's reports, the citywide PDF, exports) and their results

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-05 18:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

# The vocabulary as it stood when this revision was written (JobKind, JobState), copied here so
# the history stays fixed whatever the application's vocabulary becomes.
KINDS = ("reports_zip", "city_report", "ratings_export", "plans_export", "school_export")
STATES = ("queued", "running", "finished", "failed", "expired")


def _one_of(column, values):
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def upgrade():
    op.create_table(
        "job",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("parameters", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=True),
        sa.Column("result_key", sa.String(length=64), nullable=True),
        sa.Column("file_name", sa.String(length=200), nullable=True),
        sa.Column("media_type", sa.String(length=100), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(_one_of("kind", KINDS), name=op.f("ck_job_kind_known")),
        sa.CheckConstraint(_one_of("state", STATES), name=op.f("ck_job_state_known")),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_job_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job")),
    )
    with op.batch_alter_table("job") as batch_op:
        batch_op.create_index(batch_op.f("ix_job_user_id"), ["user_id"], unique=False)
        batch_op.create_index("ix_job_state_expires_at", ["state", "expires_at"], unique=False)


def downgrade():
    with op.batch_alter_table("job") as batch_op:
        batch_op.drop_index("ix_job_state_expires_at")
        batch_op.drop_index(batch_op.f("ix_job_user_id"))
    op.drop_table("job")
