"""The school's self-assessment: starting one (optionally carrying the last cycle forward)
and the task list. Saving ratings, and the framework's rating rules, are in services/ratings.py;
principle_status here is the rule "a principle is Completed when all its standards are rated".
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from hrsa.core.errors import ServiceError
from hrsa.core.framework import Framework
from hrsa.core.vocabulary.assessment import ActionStatus, AssessmentStatus
from hrsa.core.vocabulary.audit import AuditAction
from hrsa.models import Assessment, Cycle, EvidenceItem, PlanAction, Rating, School
from hrsa.services import audit
from hrsa.services.assessment import rating_counts
from hrsa.services.cycles import framework_versions


def framework_for(assessment: Assessment) -> Framework:
    """The framework version this assessment was made against (never the file's current one)."""
    return framework_versions.framework_of(assessment.framework_version)


# --- starting -----------------------------------------------------------------------------


def find(session: Session, school_id: int, cycle_id: int) -> Assessment | None:
    return session.scalar(
        select(Assessment).where(Assessment.school_id == school_id, Assessment.cycle_id == cycle_id)
    )


def previous_assessment(session: Session, school_id: int, cycle: Cycle) -> Assessment | None:
    """The school's assessment in the most recent earlier cycle, if any."""
    return session.scalar(
        select(Assessment)
        .join(Cycle, Assessment.cycle_id == Cycle.id)
        .where(Assessment.school_id == school_id, Cycle.opens_on < cycle.opens_on)
        .order_by(Cycle.opens_on.desc())
        .limit(1)
    )


def start(
    session: Session,
    *,
    school: School,
    cycle: Cycle,
    user_id: int | None,
    carry_forward: bool = False,
) -> Assessment:
    """Create the school's assessment for a cycle: one unrated row per standard, or a copy of
    the previous cycle's ratings, text, evidence and open actions, marked for re-confirmation."""
    if cycle.is_closed:
        raise ServiceError(f"The {cycle.name} cycle has been closed, so it cannot be started")
    if find(session, school.id, cycle.id) is not None:
        raise ServiceError(f"{school.name} already has an assessment for {cycle.name}")
    framework = framework_versions.framework_of(cycle.framework_version)
    previous = previous_assessment(session, school.id, cycle) if carry_forward else None
    assessment = Assessment(
        school_id=school.id,
        cycle_id=cycle.id,
        framework_version_id=cycle.framework_version_id,
        status=AssessmentStatus.IN_PROGRESS,
        carried_forward_from_id=previous.id if previous else None,
    )
    session.add(assessment)
    session.flush()
    ratings = {
        standard.code: Rating(
            assessment_id=assessment.id,
            principle_number=standard.principle_number,
            standard_code=standard.code,
            narrative="",
            next_steps="",
        )
        for standard in framework.standards
    }
    session.add_all(ratings.values())
    session.flush()
    if previous is not None:
        _carry_forward(session, previous, ratings)
    rating_counts.recount(session, [assessment.id])
    audit.record(
        session,
        user_id=user_id,
        action=AuditAction.START,
        entity="assessment",
        entity_id=assessment.id,
        school_id=school.id,
        assessment_id=assessment.id,
        detail=f"{cycle.name}; carried forward from {previous.cycle.name}"
        if previous
        else cycle.name,
    )
    return assessment


def _carry_forward(session: Session, previous: Assessment, ratings: dict[str, Rating]) -> None:
    """Copy ratings, text, live evidence and unfinished actions for standards that still exist."""
    old_ratings = session.scalars(select(Rating).where(Rating.assessment_id == previous.id)).all()
    by_old_id: dict[int, Rating] = {}
    for old in old_ratings:
        new = ratings.get(old.standard_code)
        if new is None:  # the standard was dropped from the newer framework
            continue
        new.rag, new.narrative, new.next_steps = old.rag, old.narrative, old.next_steps
        new.carried_forward = old.rag is not None or bool(old.narrative)
        by_old_id[old.id] = new
    items = session.scalars(
        select(EvidenceItem).where(
            EvidenceItem.rating_id.in_(by_old_id), EvidenceItem.deleted_at.is_(None)
        )
    ).all()
    for item in items:
        session.add(
            EvidenceItem(
                rating_id=by_old_id[item.rating_id].id,
                school_id=item.school_id,
                kind=item.kind,
                title=item.title,
                url=item.url,
                storage_key=item.storage_key,
                content_type=item.content_type,
                size_bytes=item.size_bytes,
                sha256=item.sha256,
                carried_forward=True,
                uploaded_by_id=item.uploaded_by_id,
            )
        )
    actions = session.scalars(
        select(PlanAction).where(
            PlanAction.rating_id.in_(by_old_id), PlanAction.status != ActionStatus.DONE
        )
    ).all()
    for action in actions:
        session.add(
            PlanAction(
                rating_id=by_old_id[action.rating_id].id,
                what=action.what,
                who=action.who,
                due_on=action.due_on,
                status=action.status,
                carried_forward=True,
            )
        )
    session.flush()


# --- the task list ------------------------------------------------------------------------
