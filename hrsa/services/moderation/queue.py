"""The advisory group's moderation queue: every submitted assessment of a cycle, with how far
its moderation has gone and what the school has said since (one query, whatever the size).

A school's reply is *waiting* while the challenge it answers is unchanged: once a moderator
saves that standard again (agrees, or keeps or changes the challenge), the reply has been read.
A reopening request is waiting until it is granted or declined.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Integer, case, exists, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from hrsa.core.vocabulary.assessment import AssessmentStatus
from hrsa.core.vocabulary.schools import PHASES
from hrsa.models import Assessment, Cycle, Moderation, Rating, School
from hrsa.models.dialogue import ModerationReply, ModerationSample, ReopenRequest


class QueueStatus(StrEnum):
    """How far a school's moderation has gone, as the queue's filter names it."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    SCHOOL_REPLIED = "school_replied"
    REOPENING_ASKED = "reopening_asked"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    QueueStatus.NOT_STARTED: "Not started",
    QueueStatus.IN_PROGRESS: "In progress",
    QueueStatus.DONE: "Every standard moderated",
    QueueStatus.SCHOOL_REPLIED: "School replied to a challenge",
    QueueStatus.REOPENING_ASKED: "School asked for a reopening",
}


@dataclass(frozen=True)
class QueueFilters:
    """What the queue is narrowed to (None: everything)."""

    ward: str | None = None
    phase: str | None = None
    status: QueueStatus | None = None
    sampled_only: bool = False


@dataclass(frozen=True)
class QueueRow:
    """One submitted assessment in the queue."""

    assessment_id: int
    school_id: int
    school_name: str
    urn: str
    ward: str
    phase: str
    submitted_at: datetime | None
    standards: int
    moderated: int
    challenged: int
    replies_waiting: int
    reopening_asked: bool
    sampled: bool

    @property
    def phase_label(self) -> str:
        return PHASES.get(self.phase, self.phase)

    @property
    def status(self) -> QueueStatus:
        """The most pressing thing about this school, for the queue's status column."""
        if self.reopening_asked:
            return QueueStatus.REOPENING_ASKED
        if self.replies_waiting:
            return QueueStatus.SCHOOL_REPLIED
        if self.moderated == 0:
            return QueueStatus.NOT_STARTED
        if self.moderated < self.standards:
            return QueueStatus.IN_PROGRESS
        return QueueStatus.DONE


def _waiting_replies(assessment_id: Any) -> ColumnElement[int]:
    """How many of the assessment's replies answer a challenge nobody has saved since."""
    return (
        select(func.count(ModerationReply.id))
        .join(Moderation, Moderation.id == ModerationReply.moderation_id)
        .where(
            ModerationReply.assessment_id == assessment_id,
            ModerationReply.moderation_version == Moderation.version,
        )
        .scalar_subquery()
    )


def _reopening_asked(assessment_id: Any) -> ColumnElement[bool]:
    return exists().where(
        ReopenRequest.assessment_id == assessment_id, ReopenRequest.resolved_at.is_(None)
    )


def _sampled(cycle_id: int) -> ColumnElement[bool]:
    return exists().where(
        ModerationSample.cycle_id == cycle_id, ModerationSample.school_id == School.id
    )


def queue(session: Session, cycle: Cycle, filters: QueueFilters | None = None) -> list[QueueRow]:
    """The cycle's submitted assessments, by school name, narrowed by `filters` (one query)."""
    filters = filters or QueueFilters()
    challenged = func.sum(case((Moderation.outcome == "challenge", 1), else_=0)).cast(Integer)
    waiting = _waiting_replies(Assessment.id)
    asked = _reopening_asked(Assessment.id)
    sampled = _sampled(cycle.id)
    query = (
        select(
            Assessment.id.label("assessment_id"),
            School.id.label("school_id"),
            School.name.label("school_name"),
            School.urn,
            School.ward,
            School.phase,
            Assessment.submitted_at,
            func.count(Rating.id).label("standards"),
            func.count(Moderation.id).label("moderated"),
            func.coalesce(challenged, 0).label("challenged"),
            waiting.label("replies_waiting"),
            asked.label("reopening_asked"),
            sampled.label("sampled"),
        )
        .join(School, School.id == Assessment.school_id)
        .outerjoin(Rating, Rating.assessment_id == Assessment.id)
        .outerjoin(Moderation, Moderation.rating_id == Rating.id)
        .where(
            Assessment.cycle_id == cycle.id,
            Assessment.status == AssessmentStatus.SUBMITTED.value,
        )
        .group_by(Assessment.id, School.id)
        .order_by(School.name, School.id)
    )
    if filters.ward:
        query = query.where(School.ward == filters.ward)
    if filters.phase:
        query = query.where(School.phase == filters.phase)
    if filters.sampled_only:
        query = query.where(sampled)
    rows = [QueueRow(**row._asdict()) for row in session.execute(query)]
    if filters.status is not None:
        rows = [row for row in rows if row.status is filters.status]
    return rows
