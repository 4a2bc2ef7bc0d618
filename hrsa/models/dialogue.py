"""The dialogue after moderation (0018): a school's reply to a challenge, its request to have a
submitted assessment reopened, and the schools chosen at random for moderation in a cycle.

Each is kept as history: replies are never edited, a reopening request is resolved once (reopened
or declined, with the advisory group's answer), and a sample is recorded with who drew it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hrsa.extensions import db
from hrsa.models.assessment import Assessment
from hrsa.models.base import UTCDateTime, utcnow
from hrsa.models.user import User


class ModerationReply(db.Model):  # type: ignore[name-defined]
    """A school's answer to a challenge of one standard: it accepts it, or answers it with a
    comment and, if it likes, a link to more evidence."""

    __tablename__ = "moderation_reply"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id"), index=True)
    standard_code: Mapped[str] = mapped_column(String(10))
    # The challenge answered, as it stood (its version): a later challenge needs a new reply.
    moderation_id: Mapped[int] = mapped_column(ForeignKey("moderation.id"))
    moderation_version: Mapped[int] = mapped_column(default=1)
    accepted: Mapped[bool] = mapped_column(Boolean, default=False)
    comment: Mapped[str] = mapped_column(Text, default="")
    evidence_url: Mapped[str | None] = mapped_column(String(2000))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[User | None] = relationship()


class ReopenRequest(db.Model):  # type: ignore[name-defined]
    """A school lead's request that the advisory group reopen a submitted assessment."""

    __tablename__ = "reopen_request"
    __table_args__ = (
        CheckConstraint(
            "outcome IS NULL OR outcome IN ('reopened', 'declined')", name="outcome_known"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    outcome: Mapped[str | None] = mapped_column(String(20))
    answer: Mapped[str] = mapped_column(Text, default="")
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    assessment: Mapped[Assessment] = relationship()
    requested_by: Mapped[User | None] = relationship(foreign_keys=[requested_by_id])
    resolved_by: Mapped[User | None] = relationship(foreign_keys=[resolved_by_id])


class ModerationSample(db.Model):  # type: ignore[name-defined]
    """A school drawn at random for moderation in a cycle."""

    __tablename__ = "moderation_sample"
    __table_args__ = (UniqueConstraint("cycle_id", "school_id", name="uq_moderation_sample"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"), index=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id"))
    chosen_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    chosen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
