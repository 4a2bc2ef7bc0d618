"""vocabulary checks: rating.rag, assessment.status and plan_action.status hold known values

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 04:30:00

"""

from collections.abc import Iterable

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None



def one_of(column: str, values: Iterable[str], *, nullable: bool = False) -> str:
    """The SQL of a CHECK that a column holds one of the values (or NULL if allowed)."""
    allowed = ", ".join(f"'{value}'" for value in values)
    check = f"{column} IN ({allowed})"
    return f"{column} IS NULL OR {check}" if nullable else check


# (table, constraint name, condition): the vocabulary as it stood when this revision was written
# (Rag, AssessmentStatus's stored values, ActionStatus), copied here so the history stays fixed
# whatever the application's vocabulary becomes.
CHECKS = (
    ("rating", "ck_rating_rag_known", one_of("rag", ("red", "amber", "green"), nullable=True)),
    ("assessment", "ck_assessment_status_known", one_of("status", ("in_progress", "submitted"))),
    (
        "plan_action",
        "ck_plan_action_status_known",
        one_of("status", ("not_started", "in_progress", "done")),
    ),
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
