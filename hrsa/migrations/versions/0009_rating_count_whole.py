"""rating count for the whole assessment: a row under principle number 0 per assessment

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-22 08:20:00

Each assessment's counts added up over its principles, kept by
hrsa.services.rating_counts.recount with every save, so a figure per assessment (the overview's
schools that need support) reads one row rather than eight. Filled here from the principle rows.
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    op.execute(
        """
        INSERT INTO rating_count (assessment_id, principle_number, red, amber, green, unrated)
        SELECT assessment_id, 0, SUM(red), SUM(amber), SUM(green), SUM(unrated)
        FROM rating_count
        WHERE principle_number <> 0
        GROUP BY assessment_id
        """
    )


def downgrade():
    op.execute("DELETE FROM rating_count WHERE principle_number = 0")
