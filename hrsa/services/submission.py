"""Submitting a school's assessment, reopening it, and where every school is in that journey.

The rules:
- only the school's lead submits, and only once all 21 standards are rated;
- a submitted assessment is read-only until an advisory group member or an admin reopens it,
  giving a reason the school sees on its task list;
- the city's list of schools shows each school's status for a cycle: Not started, In progress
  (with how many standards are rated) or Submitted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from math import ceil

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from hrsa.models import Assessment, Cycle, Rating, School, User
from hrsa.models.assessment import STATUS_IN_PROGRESS, STATUS_SUBMITTED
from hrsa.models.base import utcnow
from hrsa.services import ServiceError, access, audit, frameworks

MAX_REASON = 2000
PER_PAGE = 50

NOT_STARTED = "Not started"
IN_PROGRESS = "In progress"
SUBMITTED = "Submitted"


# --- submitting and reopening ---------------------------------------------------------------


def missing_standards(session: Session, assessment: Assessment) -> list[tuple[int, str]]:
    """(principle number, code) of every standard not yet rated, in framework order."""
    rated = set(
        session.scalars(
            select(Rating.standard_code).where(
                Rating.assessment_id == assessment.id, Rating.rag.is_not(None)
            )
        )
    )
    framework = frameworks.framework_of(assessment.framework_version)
    return [(s.principle_number, s.code) for s in framework.standards if s.code not in rated]


def submit(session: Session, assessment: Assessment, *, user: User) -> None:
    """Submit the assessment: only the school's lead, only when every standard is rated."""
    if not access.can_submit(user, assessment):
        raise ServiceError("Only your school's lead can submit the assessment")
    if assessment.is_submitted:
        raise ServiceError("This assessment has already been submitted")
    missing = missing_standards(session, assessment)
    if missing:
        codes = ", ".join(code for _, code in missing)
        raise ServiceError(
            f"Rate every standard before you submit the assessment. Not yet rated: {codes}"
        )
    assessment.status = STATUS_SUBMITTED
    assessment.submitted_at = utcnow()
    assessment.submitted_by_id = user.id
    audit.record(
        session,
        user_id=user.id,
        action="submit",
        entity="assessment",
        entity_id=assessment.id,
        school_id=assessment.school_id,
        assessment_id=assessment.id,
        field="status",
        old=STATUS_IN_PROGRESS,
        new=STATUS_SUBMITTED,
    )
    session.flush()


def reason_problem(reason: str) -> str | None:
    """A reopening needs a reason the school can read, of at most MAX_REASON characters."""
    if not reason.strip():
        return "Enter why you are reopening this assessment"
    if len(reason) > MAX_REASON:
        return f"The reason must be {MAX_REASON:,} characters or fewer"
    return None


def reopen(session: Session, assessment: Assessment, *, user: User, reason: str) -> None:
    """Reopen a submitted assessment so the school can change it (advisory group or admin)."""
    if not access.can_reopen(user):
        raise ServiceError(
            "Only advisory group members and administrators can reopen an assessment"
        )
    if not assessment.is_submitted:
        raise ServiceError("This assessment is not submitted, so it is already open for changes")
    problem = reason_problem(reason)
    if problem:
        raise ServiceError(problem)
    reason = reason.strip()
    assessment.status = STATUS_IN_PROGRESS
    assessment.reopened_at = utcnow()
    assessment.reopened_by_id = user.id
    assessment.reopen_reason = reason
    audit.record(
        session,
        user_id=user.id,
        action="reopen",
        entity="assessment",
        entity_id=assessment.id,
        school_id=assessment.school_id,
        assessment_id=assessment.id,
        field="status",
        old=STATUS_SUBMITTED,
        new=STATUS_IN_PROGRESS,
        detail=reason,
    )
    session.flush()


def last_submitted_at(session: Session, school_id: int) -> datetime | None:
    """When the school's most recently submitted assessment (still submitted) was submitted."""
    return session.scalar(
        select(func.max(Assessment.submitted_at)).where(
            Assessment.school_id == school_id, Assessment.status == STATUS_SUBMITTED
        )
    )


# --- the city's list of schools -------------------------------------------------------------


@dataclass(frozen=True)
class SchoolStatus:
    """One row of the city's list: a school and its assessment for the cycle, if any."""

    school_id: int
    name: str
    urn: str
    phase: str
    ward: str
    assessment_id: int | None
    status: str
    rated: int
    total: int
    submitted_at: datetime | None


@dataclass(frozen=True)
class SchoolStatusPage:
    items: list[SchoolStatus]
    number: int
    pages: int
    total: int


def _status(assessment_status: str | None) -> str:
    if assessment_status is None:
        return NOT_STARTED
    return SUBMITTED if assessment_status == STATUS_SUBMITTED else IN_PROGRESS


def school_statuses(
    session: Session,
    cycle: Cycle | None,
    *,
    page: int = 1,
    phase: str | None = None,
    ward: str | None = None,
    per_page: int = PER_PAGE,
) -> SchoolStatusPage:
    """One page of schools by name with their status in the cycle: two queries whatever the
    number of schools (a count, and the page with rated standards counted by GROUP BY)."""
    total_standards = (
        len(frameworks.framework_of(cycle.framework_version).standards) if cycle else 0
    )
    cycle_id = cycle.id if cycle else None
    query = (
        select(
            School.id,
            School.name,
            School.urn,
            School.phase,
            School.ward,
            Assessment.id,
            Assessment.status,
            Assessment.submitted_at,
            func.count(Rating.rag),
        )
        .outerjoin(
            Assessment, and_(Assessment.school_id == School.id, Assessment.cycle_id == cycle_id)
        )
        .outerjoin(Rating, Rating.assessment_id == Assessment.id)
        .group_by(
            School.id,
            School.name,
            School.urn,
            School.phase,
            School.ward,
            Assessment.id,
            Assessment.status,
            Assessment.submitted_at,
        )
    )
    count_query = select(func.count(School.id))
    if phase:
        query = query.where(School.phase == phase)
        count_query = count_query.where(School.phase == phase)
    if ward:
        query = query.where(School.ward == ward)
        count_query = count_query.where(School.ward == ward)
    total = session.scalar(count_query) or 0
    pages = max(1, ceil(total / per_page))
    number = min(max(1, page), pages)
    rows = session.execute(
        query.order_by(School.name, School.id).limit(per_page).offset((number - 1) * per_page)
    ).all()
    items = [
        SchoolStatus(
            school_id=row[0],
            name=row[1],
            urn=row[2],
            phase=row[3],
            ward=row[4],
            assessment_id=row[5],
            status=_status(row[6]),
            rated=int(row[8] or 0),
            total=total_standards,
            submitted_at=row[7],
        )
        for row in rows
    ]
    return SchoolStatusPage(items=items, number=number, pages=pages, total=total)


def wards_in_use(session: Session) -> list[str]:
    """Every ward that has a school, alphabetically (for the list's filter)."""
    return list(session.scalars(select(School.ward).distinct().order_by(School.ward)))
