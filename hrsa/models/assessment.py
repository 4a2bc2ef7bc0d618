"""A cycle, a school's assessment in it, one row per standard's rating, and the delivery plan."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hrsa.core.vocabulary.assessment import ActionStatus, AssessmentStatus
from hrsa.core.vocabulary.ratings import Rag
from hrsa.extensions import db
from hrsa.models.base import UTCDateTime, one_of, utcnow
from hrsa.models.framework import FrameworkVersion
from hrsa.models.school import School


class Cycle(db.Model):  # type: ignore[name-defined]
    """An assessment round such as "2026/27", tied to the framework version current when opened."""

    __tablename__ = "cycle"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)
    opens_on: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date] = mapped_column(Date)
    framework_version_id: Mapped[int] = mapped_column(ForeignKey("framework_version.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Closed by an administrator (0007): its assessments are read-only from then on.
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    framework_version: Mapped[FrameworkVersion] = relationship()

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class Assessment(db.Model):  # type: ignore[name-defined]
    __tablename__ = "assessment"
    __table_args__ = (
        UniqueConstraint("school_id", "cycle_id"),
        CheckConstraint(one_of("status", AssessmentStatus.stored_values()), name="status_known"),
        # The dashboard finds a cycle's counted assessments from the index alone (0005).
        Index("ix_assessment_cycle_status_school", "cycle_id", "status", "school_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id"), index=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"), index=True)
    framework_version_id: Mapped[int] = mapped_column(ForeignKey("framework_version.id"))
    status: Mapped[str] = mapped_column(
        String(20), default=AssessmentStatus.IN_PROGRESS.value, index=True
    )
    carried_forward_from_id: Mapped[int | None] = mapped_column(ForeignKey("assessment.id"))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    reopened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reopened_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    reopen_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    school: Mapped[School] = relationship()
    cycle: Mapped[Cycle] = relationship()
    framework_version: Mapped[FrameworkVersion] = relationship()

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_submitted(self) -> bool:
        return self.status == AssessmentStatus.SUBMITTED


class Rating(db.Model):  # type: ignore[name-defined]
    """One standard's self-assessment: the row every citywide count groups."""

    __tablename__ = "rating"
    __table_args__ = (
        UniqueConstraint("assessment_id", "standard_code"),
        CheckConstraint(one_of("rag", Rag.values(), nullable=True), name="rag_known"),
        # Everything the dashboard counts, so its GROUP BYs never read the text (0005).
        Index(
            "ix_rating_assessment_counts",
            "assessment_id",
            "principle_number",
            "standard_code",
            "rag",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id"), index=True)
    principle_number: Mapped[int] = mapped_column(Integer, index=True)
    standard_code: Mapped[str] = mapped_column(String(10), index=True)
    rag: Mapped[str | None] = mapped_column(String(10), index=True)
    narrative: Mapped[str] = mapped_column(Text, default="")
    next_steps: Mapped[str] = mapped_column(Text, default="")
    carried_forward: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # Optimistic locking: a save names the version it started from.
    version: Mapped[int] = mapped_column(Integer, default=1)

    assessment: Mapped[Assessment] = relationship()


class PlanAction(db.Model):  # type: ignore[name-defined]
    """One action of the school's delivery plan, closing the gap on a standard rated as a gap."""

    __tablename__ = "plan_action"
    __table_args__ = (
        CheckConstraint(one_of("status", ActionStatus.values()), name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    rating_id: Mapped[int] = mapped_column(ForeignKey("rating.id"), index=True)
    what: Mapped[str] = mapped_column(Text)
    who: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default=ActionStatus.NOT_STARTED.value)
    carried_forward: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    rating: Mapped[Rating] = relationship()
