"""How many of an assessment's ratings under each principle are Red, Amber, Green or not yet
rated: a summary of the rating table that the citywide figures read instead of every rating.

It is written in the same transaction as the ratings it counts, by
`hrsa.services.assessment.rating_counts.recount` (a principle's save, starting an assessment with
or without carrying forward, the bulk writers), so it always equals a GROUP BY over the ratings.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column

from hrsa.extensions import db


class RatingCount(db.Model):  # type: ignore[name-defined]
    """One row per assessment and principle, and one for the whole assessment under principle
    number 0 (`hrsa.services.assessment.rating_counts.WHOLE_ASSESSMENT`, migration 0009)."""

    __tablename__ = "rating_count"
    # On SQLite the rows live in the primary key's b-tree: an assessment's 8 rows side by side.
    __table_args__ = {"sqlite_with_rowid": False}

    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id"), primary_key=True)
    principle_number: Mapped[int] = mapped_column(Integer, primary_key=True)
    # One column per Rag value (named as the value), and the standards not yet rated.
    red: Mapped[int] = mapped_column(Integer, default=0)
    amber: Mapped[int] = mapped_column(Integer, default=0)
    green: Mapped[int] = mapped_column(Integer, default=0)
    unrated: Mapped[int] = mapped_column(Integer, default=0)
