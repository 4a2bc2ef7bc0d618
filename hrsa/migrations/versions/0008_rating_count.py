"""rating count: Red, Amber, Green and unrated per assessment and principle, kept on every save

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-22 07:30:00

A summary of the rating table (hrsa.models.RatingCount) the citywide figures read instead of
every rating: written in the same transaction as each rating save by
hrsa.services.rating_counts.recount, and filled here from the ratings already stored.
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "rating_count",
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("principle_number", sa.Integer(), nullable=False),
        sa.Column("red", sa.Integer(), nullable=False),
        sa.Column("amber", sa.Integer(), nullable=False),
        sa.Column("green", sa.Integer(), nullable=False),
        sa.Column("unrated", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessment.id"],
            name=op.f("fk_rating_count_assessment_id_assessment"),
        ),
        sa.PrimaryKeyConstraint("assessment_id", "principle_number", name=op.f("pk_rating_count")),
        sqlite_with_rowid=False,
    )
    op.execute(
        """
        INSERT INTO rating_count (assessment_id, principle_number, red, amber, green, unrated)
        SELECT assessment_id, principle_number,
               SUM(CASE WHEN rag = 'red' THEN 1 ELSE 0 END),
               SUM(CASE WHEN rag = 'amber' THEN 1 ELSE 0 END),
               SUM(CASE WHEN rag = 'green' THEN 1 ELSE 0 END),
               SUM(CASE WHEN rag IS NULL THEN 1 ELSE 0 END)
        FROM rating
        GROUP BY assessment_id, principle_number
        """
    )


def downgrade():
    op.drop_table("rating_count")
