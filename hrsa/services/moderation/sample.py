"""A random sample of a cycle's submitted schools for moderation, recorded with who drew it.

The advisory group cannot moderate every school every year; a sample drawn by the service (from
the operating system's randomness, so nobody chooses which schools) is fair and can be shown to be.
Each draw adds schools not already sampled in the cycle; the audit trail keeps who drew which.
"""

from __future__ import annotations

import random

from sqlalchemy import select
from sqlalchemy.orm import Session

from hrsa.core.errors import ServiceError
from hrsa.core.vocabulary.assessment import AssessmentStatus
from hrsa.core.vocabulary.audit import AuditAction
from hrsa.models import Assessment, Cycle, School, User
from hrsa.models.dialogue import ModerationSample
from hrsa.services import audit
from hrsa.services.moderation.decisions import NotAllowed, can_moderate


def _not_yet_sampled(session: Session, cycle: Cycle) -> list[School]:
    sampled = select(ModerationSample.school_id).where(ModerationSample.cycle_id == cycle.id)
    return list(
        session.scalars(
            select(School)
            .join(Assessment, Assessment.school_id == School.id)
            .where(
                Assessment.cycle_id == cycle.id,
                Assessment.status == AssessmentStatus.SUBMITTED.value,
                School.id.not_in(sampled),
            )
            .order_by(School.id)
        )
    )


def size_problem(size: int | None, available: int) -> str | None:
    """A sample is a whole number of schools, at least 1 and at most those not yet sampled."""
    if available == 0:
        return "Every submitted school in this cycle is already in the sample"
    if size is None:
        return "Enter how many schools to sample, as a whole number like 5"
    if size < 1 or size > available:
        return f"Enter a number of schools from 1 to {available}"
    return None


def draw(session: Session, user: User, cycle: Cycle, size: int | None) -> list[School]:
    """Add `size` schools, drawn at random from the cycle's submitted schools not yet sampled,
    to the cycle's sample; audited. Only flushes."""
    if not can_moderate(user):
        raise NotAllowed("Only the advisory group and administrators can draw a sample")
    pool = _not_yet_sampled(session, cycle)
    problem = size_problem(size, len(pool))
    if problem:
        raise ServiceError(problem, field="size")
    assert size is not None
    chosen = sorted(random.SystemRandom().sample(pool, size), key=lambda s: s.name)
    session.add_all(
        ModerationSample(cycle_id=cycle.id, school_id=school.id, chosen_by_id=user.id)
        for school in chosen
    )
    audit.record(
        session,
        user_id=user.id,
        action=AuditAction.DRAW_SAMPLE,
        entity="cycle",
        entity_id=cycle.id,
        new=len(chosen),
        detail=", ".join(f"{school.name} ({school.urn})" for school in chosen),
    )
    session.flush()
    return chosen


def available(session: Session, cycle: Cycle) -> int:
    """How many submitted schools of the cycle are not yet in its sample."""
    return len(_not_yet_sampled(session, cycle))
