"""Surveys of a school's pupils, staff or parents and carers, and their anonymous answers (0019).

A survey keeps the statements it asked (a copy of its audience's bank from the framework file),
so a later framework version never changes what past answers meant. A response stores the
answers and nothing that could identify who gave them: no address, no browser, no time of day.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hrsa.core.vocabulary.surveys import SurveyAudience
from hrsa.extensions import db
from hrsa.models.assessment import Cycle
from hrsa.models.base import UTCDateTime, one_of, utcnow
from hrsa.models.school import School


class Survey(db.Model):  # type: ignore[name-defined]
    """One audience's survey for a school in a cycle, answered through an unguessable link."""

    __tablename__ = "survey"
    __table_args__ = (
        UniqueConstraint("school_id", "cycle_id", "audience", name="uq_survey_one_per_audience"),
        CheckConstraint(one_of("audience", SurveyAudience.values()), name="audience_known"),
        CheckConstraint("closes_on >= opens_on", name="dates_in_order"),
        CheckConstraint("cap > 0", name="cap_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id"), index=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"), index=True)
    audience: Mapped[str] = mapped_column(String(30))
    token: Mapped[str] = mapped_column(String(64), unique=True)
    opens_on: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date] = mapped_column(Date)
    closed_early_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cap: Mapped[int] = mapped_column(Integer)
    # The statements asked: [{"id", "text", "standards": [...]}, ...] copied from the bank.
    statements: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    # The five answers' words, from "Strongly disagree" (stored as 1) to "Strongly agree" (5).
    scale: Mapped[list[str]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )

    school: Mapped[School] = relationship()
    cycle: Mapped[Cycle] = relationship()

    @property
    def closed_early(self) -> bool:
        return self.closed_early_at is not None


class SurveyResponse(db.Model):  # type: ignore[name-defined]
    """One person's answers, kept without anything that identifies them. `submission_key` is
    the hash of the one-time key the form carried, so a replayed post is refused."""

    __tablename__ = "survey_response"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    submission_key: Mapped[str] = mapped_column(String(64), unique=True)
    received_on: Mapped[date] = mapped_column(Date)


class SurveyAnswer(db.Model):  # type: ignore[name-defined]
    """One statement's answer on the five-point scale (1 strongly disagree .. 5 strongly agree)."""

    __tablename__ = "survey_answer"
    __table_args__ = (
        CheckConstraint("value BETWEEN 1 AND 5", name="value_on_scale"),
        UniqueConstraint("response_id", "statement_id", name="uq_survey_answer_once"),
        Index("ix_survey_answer_survey_statement", "survey_id", "statement_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("survey_response.id", ondelete="CASCADE"), index=True
    )
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"))
    statement_id: Mapped[str] = mapped_column(String(20))
    value: Mapped[int] = mapped_column(SmallInteger)
