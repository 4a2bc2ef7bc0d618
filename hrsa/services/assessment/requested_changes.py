"""The standards named when an assessment is reopened, and when the school has dealt with them.

The rules:
- reopening may name any of the assessment's standards (none is fine: the reason alone then
  says what to change); each is one row, audited;
- requests are current from the reopening that made them until the assessment is submitted
  again; a later reopening starts afresh, and earlier rows stay as history (never deleted);
- a principle shows "Changes requested" on the task list while one of its current requests is
  not yet dealt with; saving that principle's page (any successful save, with or without
  changes: the school is saying it has looked again) deals with all of them.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy import Select, select, update
from sqlalchemy.orm import Session

from hrsa.core.errors import ServiceError
from hrsa.core.framework import Framework, Standard
from hrsa.core.vocabulary.audit import AuditAction
from hrsa.models import Assessment, RequestedChange, User
from hrsa.services import audit


def named_standards(framework: Framework, codes: Collection[str]) -> list[Standard]:
    """The standards with these codes in framework order; an unknown code is a ServiceError."""
    unknown = set(codes) - set(framework.standard_codes)
    if unknown:
        raise ServiceError(
            f"Choose standards from this framework, not {', '.join(sorted(unknown))}"
        )
    return [s for s in framework.standards if s.code in codes]


def record(
    session: Session,
    assessment: Assessment,
    standards: Sequence[Standard],
    *,
    user: User,
    at: datetime,
    reason: str,
) -> list[RequestedChange]:
    """One row per named standard, made at the reopening's moment `at`, each audited."""
    rows = [
        RequestedChange(
            assessment_id=assessment.id,
            principle_number=standard.principle_number,
            standard_code=standard.code,
            created_at=at,
            created_by_id=user.id,
        )
        for standard in standards
    ]
    session.add_all(rows)
    session.flush()
    audit.write(
        session,
        [
            audit.Event(
                AuditAction.REQUEST_CHANGE,
                "requested_change",
                row.id,
                school_id=assessment.school_id,
                assessment_id=assessment.id,
                standard_code=row.standard_code,
                detail=reason,
            )
            for row in rows
        ],
        user_id=user.id,
        at=at,
    )
    return rows


def _current(assessment: Assessment) -> Select[tuple[RequestedChange]]:
    """The query of this assessment's requests made at its latest reopening."""
    return select(RequestedChange).where(
        RequestedChange.assessment_id == assessment.id,
        RequestedChange.created_at >= assessment.reopened_at,
    )


def current(session: Session, assessment: Assessment) -> list[RequestedChange]:
    """The requests of the latest reopening while the assessment is open again (none once it
    is submitted, or if it was never reopened), in the order they were made."""
    if assessment.is_submitted or assessment.reopened_at is None:
        return []
    return list(session.scalars(_current(assessment).order_by(RequestedChange.id)))


def standards_waiting(session: Session, assessment: Assessment) -> set[str]:
    """The standards with a current request the school has not dealt with yet (one query)."""
    if assessment.is_submitted or assessment.reopened_at is None:
        return set()
    query = (
        _current(assessment)
        .where(RequestedChange.addressed_at.is_(None))
        .with_only_columns(RequestedChange.standard_code)
    )
    return set(session.scalars(query))


def principles_waiting(session: Session, assessment: Assessment) -> set[int]:
    """The principles with a current request the school has not dealt with yet (one query)."""
    if assessment.is_submitted or assessment.reopened_at is None:
        return set()
    query = (
        _current(assessment)
        .where(RequestedChange.addressed_at.is_(None))
        .with_only_columns(RequestedChange.principle_number)
        .distinct()
    )
    return set(session.scalars(query))


def mark_addressed(
    session: Session, assessment: Assessment, number: int, *, user_id: int, at: datetime
) -> int:
    """The school saved principle `number`: its current requests are dealt with (audited).
    How many were."""
    if assessment.reopened_at is None:
        return 0
    rows = session.execute(
        _current(assessment)
        .where(RequestedChange.principle_number == number, RequestedChange.addressed_at.is_(None))
        .with_only_columns(RequestedChange.id, RequestedChange.standard_code)
    ).all()
    if not rows:
        return 0
    session.execute(
        update(RequestedChange)
        .where(RequestedChange.id.in_([row_id for row_id, _ in rows]))
        .values(addressed_at=at, addressed_by_id=user_id)
        .execution_options(synchronize_session=False)
    )
    audit.write(
        session,
        [
            audit.Event(
                AuditAction.ADDRESS_CHANGE,
                "requested_change",
                row_id,
                school_id=assessment.school_id,
                assessment_id=assessment.id,
                standard_code=code,
            )
            for row_id, code in rows
        ],
        user_id=user_id,
        at=at,
    )
    return len(rows)
