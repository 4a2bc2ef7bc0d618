"""vocabulary checks: rating.rag, assessment.status and plan_action.status hold known values

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 04:30:00

"""

from alembic import op

from hrsa.models.base import one_of
from hrsa.core.vocabulary import ActionStatus, AssessmentStatus, Rag

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# (table, constraint name, condition): the values come from hrsa.vocabulary's enums.
CHECKS = (
    ("rating", "ck_rating_rag_known", one_of("rag", Rag.values(), nullable=True)),
    (
        "assessment",
        "ck_assessment_status_known",
        one_of("status", AssessmentStatus.stored_values()),
    ),
    ("plan_action", "ck_plan_action_status_known", one_of("status", ActionStatus.values())),
)


def upgrade():
    # batch_alter_table recreates the table on SQLite, which cannot add a CHECK in place.
    for table, name, condition in CHECKS:
        with op.batch_alter_table(table) as batch_op:
            batch_op.create_check_constraint(op.f(name), condition)


def downgrade():
    for table, name, _ in reversed(CHECKS):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_constraint(op.f(name), type_="check")
