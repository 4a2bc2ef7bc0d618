"""Saving a principle's ratings under the Self-Assessment Tool's rules, one function each:
- rag_problem: a rating is one of the scale's values (hrsa.core.vocabulary.ratings.Rag) or not
  yet rated;
- green_problem: "Green can only be awarded if the standard is fully met";
and optimistic locking, so a save never silently overwrites someone else's newer one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import Session

from hrsa.core.errors import BadInput, Conflict, ServiceError
from hrsa.core.framework import Framework
from hrsa.core.vocabulary.assessment import AssessmentStatus
from hrsa.core.vocabulary.audit import AuditAction
from hrsa.core.vocabulary.base import words
from hrsa.core.vocabulary.ratings import UNRATED, Rag
from hrsa.models import Assessment, EvidenceItem, Rating
from hrsa.models.base import utcnow
from hrsa.services import audit
from hrsa.services.assessment import rating_counts, requested_changes
from hrsa.services.assessment.starting import framework_for

MAX_NARRATIVE = 5000


@dataclass(frozen=True)
class StandardInput:
    """What the principle form sent for one standard."""

    code: str
    rag: str | None
    narrative: str
    next_steps: str
    version: int


def rag_problem(rag: str | None) -> str | None:
    """A rating is one of the framework's RAG values, or not yet rated (None)."""
    if rag is None or rag in Rag.values():
        return None
    return f"{rag!r} is not a rating: choose {words([*(r.label for r in Rag), UNRATED.label])}"


def green_problem(rag: str | None, narrative: str, evidence_count: int) -> str | None:
    """Green can only be awarded if the standard is fully met: that needs an evidence narrative
    and at least one piece of documentary evidence (a file or a link)."""
    if rag != Rag.GREEN:
        return None
    if not narrative.strip() and evidence_count == 0:
        return (
            "Green can only be awarded if the standard is fully met: describe the evidence and "
            "add at least one document or link"
        )
    if not narrative.strip():
        return "Green can only be awarded if the standard is fully met: describe the evidence"
    if evidence_count == 0:
        return (
            "Green can only be awarded if the standard is fully met: add at least one document "
            "or link as documentary evidence"
        )
    return None


def ratings_for_principle(session: Session, assessment_id: int, number: int) -> list[Rating]:
    return list(
        session.scalars(
            select(Rating)
            .where(Rating.assessment_id == assessment_id, Rating.principle_number == number)
            .order_by(Rating.id)
        )
    )


def evidence_counts(session: Session, rating_ids: Sequence[int]) -> dict[int, int]:
    """Live evidence items per rating (one query)."""
    rows = session.execute(
        select(EvidenceItem.rating_id, func.count())
        .where(EvidenceItem.rating_id.in_(rating_ids), EvidenceItem.deleted_at.is_(None))
        .group_by(EvidenceItem.rating_id)
    ).all()
    return {int(rating_id): int(count) for rating_id, count in rows}


@dataclass
class SaveOutcome:
    """Field errors keyed by (standard code, field); conflicts list the codes saved by others."""

    errors: dict[tuple[str, str], str] = field(default_factory=dict)
    conflicts: list[str] = field(default_factory=list)
    changed: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and not self.conflicts


def check_principle_input(
    framework: Framework, number: int, inputs: Sequence[StandardInput]
) -> None:
    """Reject tampered input: codes outside this principle, impossible RAG values."""
    try:
        principle = framework.principle(number)
    except KeyError:
        raise BadInput(f"Principle {number} is not in this framework") from None
    codes = {s.code for s in principle.standards}
    for item in inputs:
        if item.code not in codes:
            raise BadInput(f"Standard {item.code!r} is not part of principle {number}")
        problem = rag_problem(item.rag)
        if problem:
            raise BadInput(problem)


def save_principle(
    session: Session,
    assessment: Assessment,
    number: int,
    inputs: Sequence[StandardInput],
    *,
    user_id: int,
    now: datetime | None = None,
    ratings: dict[str, Rating] | None = None,
) -> SaveOutcome:
    """Validate and save one principle's ratings; nothing is written unless everything is valid.

    Evidence added or removed in the same request must already be flushed, so the Green rule
    counts it. A rating someone else saved since the form was opened is a conflict, never a
    silent overwrite.
    """
    if assessment.is_submitted:
        raise ServiceError("This assessment has been submitted and can no longer be changed")
    check_principle_input(framework_for(assessment), number, inputs)
    if ratings is None:
        ratings = {
            r.standard_code: r for r in ratings_for_principle(session, assessment.id, number)
        }
    outcome = principle_problems(session, ratings, inputs)
    if not outcome.ok:
        return outcome
    when = now or utcnow()
    outcome.changed = _write_ratings(
        session, assessment, ratings, inputs, user_id=user_id, when=when
    )
    if outcome.changed:
        rating_counts.recount(session, [assessment.id], principle_number=number)
    # Saving the principle deals with changes the advisory group asked for in it on reopening.
    requested_changes.mark_addressed(session, assessment, number, user_id=user_id, at=when)
    session.flush()
    return outcome


def principle_problems(
    session: Session, ratings: dict[str, Rating], inputs: Sequence[StandardInput]
) -> SaveOutcome:
    """What stops a save: ratings saved by someone else since the form was opened (conflicts)
    and broken rules (errors), found before anything is written."""
    counts = evidence_counts(session, [r.id for r in ratings.values()])
    outcome = SaveOutcome()
    for item in inputs:
        rating = ratings[item.code]
        if rating.version != item.version:
            outcome.conflicts.append(item.code)
        else:
            outcome.errors.update(standard_problems(item, counts.get(rating.id, 0)))
    return outcome


def standard_problems(item: StandardInput, evidence_count: int) -> dict[tuple[str, str], str]:
    """One standard's broken rules by (code, field): text lengths and the Green rule."""
    errors: dict[tuple[str, str], str] = {}
    if len(item.narrative) > MAX_NARRATIVE:
        errors[(item.code, "narrative")] = (
            f"Evidence for standard {item.code} must be {MAX_NARRATIVE:,} characters or fewer"
        )
    if len(item.next_steps) > MAX_NARRATIVE:
        errors[(item.code, "next_steps")] = (
            f"Next steps for standard {item.code} must be {MAX_NARRATIVE:,} characters or fewer"
        )
    problem = green_problem(item.rag, item.narrative, evidence_count)
    if problem:
        # The error sits on what is missing, so its link in the summary lands there: the evidence
        # description first, else the upload.
        field = "narrative" if not item.narrative.strip() else "files"
        errors[(item.code, field)] = f"Standard {item.code}: {problem}"
    return errors


def _write_ratings(
    session: Session,
    assessment: Assessment,
    ratings: dict[str, Rating],
    inputs: Sequence[StandardInput],
    *,
    user_id: int,
    when: datetime,
) -> int:
    """Update and audit every rating that changed or awaits re-confirmation; how many did."""
    params: list[dict[str, object]] = []
    events: list[audit.Event] = []
    for item in inputs:
        rating = ratings[item.code]
        rating_events = _rating_events(assessment, rating, item)
        if not rating_events:
            continue
        events += rating_events
        params.append(
            {
                "b_id": rating.id,
                "b_version": rating.version,
                "rag": item.rag,
                "narrative": item.narrative,
                "next_steps": item.next_steps,
                "updated_at": when,
                "updated_by_id": user_id,
                "version": rating.version + 1,
            }
        )
    if params:
        _update_ratings(session, params, list(ratings.values()))
        audit.write(session, events, user_id=user_id, at=when)
    return len(params)


def _rating_events(
    assessment: Assessment, rating: Rating, item: StandardInput
) -> list[audit.Event]:
    """The audit events saving this input makes: one per changed field, and one for
    re-confirming a carried-forward rating; none means the rating needs no update."""
    where: dict[str, Any] = {
        "school_id": assessment.school_id,
        "assessment_id": assessment.id,
        "standard_code": rating.standard_code,
    }
    changed = {
        name: (old, new)
        for name, old, new in (
            ("rag", rating.rag, item.rag),
            ("narrative", rating.narrative, item.narrative),
            ("next_steps", rating.next_steps, item.next_steps),
        )
        if (old or "") != (new or "")
    }
    events = audit.changes("rating", rating.id, changed, **where)
    if rating.carried_forward:
        events.append(
            audit.Event(
                AuditAction.CONFIRM,
                "rating",
                rating.id,
                detail="Carried-forward rating re-confirmed",
                **where,
            )
        )
    return events


_RATING_UPDATE = (
    update(Rating.__table__)
    .where(Rating.__table__.c.id == bindparam("b_id"))
    .where(Rating.__table__.c.version == bindparam("b_version"))
    # Never write into an assessment that was submitted a moment ago.
    .where(
        Rating.__table__.c.assessment_id.in_(
            select(Assessment.id)
            .where(Assessment.status == AssessmentStatus.IN_PROGRESS.value)
            .scalar_subquery()
        )
    )
    .values(
        rag=bindparam("rag"),
        narrative=bindparam("narrative"),
        next_steps=bindparam("next_steps"),
        carried_forward=False,
        updated_at=bindparam("updated_at"),
        updated_by_id=bindparam("updated_by_id"),
        version=bindparam("version"),
    )
)


def _update_ratings(
    session: Session, params: list[dict[str, object]], ratings: Sequence[Rating]
) -> None:
    """One guarded UPDATE for all changed ratings: if any row's version moved on since it was
    read (a concurrent save), nothing is kept and the caller's transaction must roll back."""
    session.flush()
    result = session.connection().execute(_RATING_UPDATE, params)
    if result.rowcount != len(params):
        raise Conflict("Someone else saved this principle while you were editing it")
    # The ORM copies are now stale: reload them on next access.
    updated = {p["b_id"] for p in params}
    for rating in ratings:
        if rating.id in updated:
            session.expire(rating)
