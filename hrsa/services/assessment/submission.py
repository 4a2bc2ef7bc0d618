"""Submitting a school's assessment, reopening it, and where every school is in that journey.

The rules:
- only the school's lead submits, and only once all 21 standards are rated and the school's
  details (the tool's header, hrsa.services.schools.profile.missing_profile_fields) are complete;
- a submitted assessment is read-only until an advisory group member or an admin reopens it,
  giving a reason the school sees on its task list, and optionally naming the standards to
  change (their principles show "Changes requested" until saved again: requested_changes).

The city's list of schools, with each school's status, is in hrsa.services.schools.profile.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from hrsa.core.errors import Conflict, ServiceError
from hrsa.core.vocabulary.assessment import AssessmentStatus
from hrsa.core.vocabulary.audit import AuditAction
from hrsa.core.vocabulary.base import words
from hrsa.models import Assessment, OutboxMessage, Rating, User
from hrsa.models.base import utcnow
from hrsa.services import access, audit
from hrsa.services.assessment import emails, requested_changes
from hrsa.services.cycles import framework_versions
from hrsa.services.moderation import dialogue
from hrsa.services.schools import profile

MAX_REASON = 2000

CHANGED_MEANWHILE = (
    "Someone else changed this assessment at the same time, so nothing was done. Try again."
)


# --- submitting and reopening ---------------------------------------------------------------


def missing_standards(session: Session, assessment: Assessment) -> list[tuple[int, str]]:
    """(principle number, code) of every standard not yet rated, in framework order; a rating
    carried forward from last cycle counts only once its principle has been saved (confirmed)."""
    rated = set(
        session.scalars(
            select(Rating.standard_code).where(
                Rating.assessment_id == assessment.id,
                Rating.rag.is_not(None),
                Rating.carried_forward.is_(False),
            )
        )
    )
    framework = framework_versions.framework_of(assessment.framework_version)
    return [(s.principle_number, s.code) for s in framework.standards if s.code not in rated]


def closed_message(assessment: Assessment) -> str:
    """Why a closed cycle's assessment cannot be changed."""
    return (
        f"The {assessment.cycle.name} cycle has been closed, so this assessment can no longer "
        "be changed"
    )


def submit(session: Session, assessment: Assessment, *, user: User) -> None:
    """Submit the assessment: only the school's lead, only when every standard is rated and the
    school's details are complete. A Red or Amber standard without an action does not block."""
    if assessment.cycle.is_closed:
        raise ServiceError(closed_message(assessment))
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
    empty = profile.missing_profile_fields(assessment.school)
    if empty:
        names = words((label[0].lower() + label[1:] for _, label in empty), "and")
        raise ServiceError(
            f"Complete your school details before you submit the assessment. Missing: {names}"
        )
    assessment.submitted_at = utcnow()
    assessment.submitted_by_id = user.id
    _change_status(session, assessment, AssessmentStatus.SUBMITTED, user=user)


def reason_problem(reason: str) -> str | None:
    """A reopening needs a reason the school can read, of at most MAX_REASON characters."""
    if not reason.strip():
        return "Enter why you are reopening this assessment"
    if len(reason) > MAX_REASON:
        return f"The reason must be {MAX_REASON:,} characters or fewer"
    return None


def reopen(
    session: Session,
    assessment: Assessment,
    *,
    user: User,
    reason: str,
    mailing: emails.Mailing,
    standard_codes: Collection[str] = (),
) -> list[OutboxMessage]:
    """Reopen a submitted assessment so the school can change it (advisory group or admin),
    naming the standards to look at again if any (services/requested_changes), and email the
    school's lead and staff the reason and those standards, linking (mailing.link) to the
    task list. Returns the emails sent (none when the school has no enabled account)."""
    if not access.can_reopen(user):
        raise ServiceError(
            "Only advisory group members and administrators can reopen an assessment"
        )
    if assessment.cycle.is_closed:
        raise ServiceError(closed_message(assessment))
    if not assessment.is_submitted:
        raise ServiceError("This assessment is not submitted, so it is already open for changes")
    problem = reason_problem(reason)
    if problem:
        raise ServiceError(problem)
    standards = requested_changes.named_standards(
        framework_versions.framework_of(assessment.framework_version), standard_codes
    )
    reason = reason.strip()
    now = utcnow()
    assessment.reopened_at = now
    assessment.reopened_by_id = user.id
    assessment.reopen_reason = reason
    _change_status(session, assessment, AssessmentStatus.IN_PROGRESS, user=user, detail=reason)
    requested_changes.record(session, assessment, standards, user=user, at=now, reason=reason)
    dialogue.granted_by_reopening(session, assessment, user)
    return emails.tell_school(
        session, assessment, by=user, reason=reason, standards=standards, mailing=mailing
    )


def _change_status(
    session: Session,
    assessment: Assessment,
    new: AssessmentStatus,
    *,
    user: User,
    detail: str | None = None,
) -> None:
    """Move the assessment between submitted and in progress, recording who did it."""
    submitting = new is AssessmentStatus.SUBMITTED
    old = AssessmentStatus.IN_PROGRESS if submitting else AssessmentStatus.SUBMITTED
    assessment.status = new
    audit.record(
        session,
        user_id=user.id,
        action=AuditAction.SUBMIT if submitting else AuditAction.REOPEN,
        entity="assessment",
        entity_id=assessment.id,
        school_id=assessment.school_id,
        assessment_id=assessment.id,
        field="status",
        old=old,
        new=new,
        detail=detail,
    )
    try:
        session.flush()
    except StaleDataError:
        raise Conflict(CHANGED_MEANWHILE) from None


def last_submitted_at(session: Session, school_id: int) -> datetime | None:
    """When the school's most recently submitted assessment (still submitted) was submitted."""
    return session.scalar(
        select(func.max(Assessment.submitted_at)).where(
            Assessment.school_id == school_id, Assessment.status == AssessmentStatus.SUBMITTED
        )
    )
