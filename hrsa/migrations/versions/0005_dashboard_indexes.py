"""dashboard indexes: the citywide figures read indexes only

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 05:30:00

The dashboard's GROUP BYs find a cycle's counted assessments by (cycle, status) and read each
one's ratings from an index holding everything they count (principle, standard, RAG), so they
never read the ratings' text; the schools heatmap walks schools in name order.
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("rating") as batch_op:
        batch_op.create_index(
            "ix_rating_assessment_counts",
            ["assessment_id", "principle_number", "standard_code", "rag"],
            unique=False,
        )
    with op.batch_alter_table("assessment") as batch_op:
        batch_op.create_index(
            "ix_assessment_cycle_status_school", ["cycle_id", "status", "school_id"], unique=False
        )
    with op.batch_alter_table("school") as batch_op:
        batch_op.create_index("ix_school_name_id", ["name", "id"], unique=False)


def downgrade():
    with op.batch_alter_table("school") as batch_op:
        batch_op.drop_index("ix_school_name_id")
    with op.batch_alter_table("assessment") as batch_op:
        batch_op.drop_index("ix_assessment_cycle_status_school")
    with op.batch_alter_table("rating") as batch_op:
        batch_op.drop_index("ix_rating_assessment_counts")
