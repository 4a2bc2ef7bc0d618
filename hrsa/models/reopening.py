"""The standards an advisory group member or admin asked a school to change when reopening its
assessment: one row per standard per reopening, kept as history.

A request belongs to the reopening at the moment it was made (`created_at` equals the
assessment's `reopened_at` then); a later reopening leaves earlier rows as history. It is dealt
with (`addressed_at`) when the school next saves that standard's principle.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hrsa.extensions import db
from hrsa.models.assessment import Assessment
from hrsa.models.base import UTCDateTime, utcnow
from hrsa.models.user import User


class RequestedChange(db.Model):  # type: ignore[name-defined]
    __tablename__ = "requested_change"
    __table_args__ = (
        # The task list asks: which principles of this assessment have open requests?
        Index("ix_requested_change_assessment_principle", "assessment_id", "principle_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id"))
    principle_number: Mapped[int] = mapped_column(Integer)
    standard_code: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    addressed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    addressed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    assessment: Mapped[Assessment] = relationship()
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
