"""Demo assessments: two cycles of believable ratings, evidence, plans and moderation.

The two pilot schools people sign in to (the demo lead's, part way through this cycle, and the
one that carried last cycle forward) are rated through the same services as the web pages, so
their audit trail, versions and rules are real. The rest of the city is written in bulk
(hrsa.demo.bulk) from the plan in hrsa.demo.city. Idempotent: a school that
already has an assessment in a cycle is left alone.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from hrsa.core.errors import ServiceError
from hrsa.core.vocabulary.assessment import ActionStatus, AssessmentStatus
from hrsa.core.vocabulary.audit import AuditAction
from hrsa.core.vocabulary.moderation import ModerationOutcome
from hrsa.core.vocabulary.ratings import Rag
from hrsa.demo import actions, bulk
from hrsa.demo.city import CycleState, SchoolPlan, planned_ratings, school_rng
from hrsa.models import (
    Assessment,
    AuditEvent,
    Cycle,
    EvidenceItem,
    PlanAction,
    Rating,
    School,
    User,
)
from hrsa.models.moderation import Moderation
from hrsa.services.assessment import plan, starting, submission
from hrsa.services.assessment.ratings import StandardInput, save_principle
from hrsa.services.cycles import framework_versions
from hrsa.services.evidence import items
from hrsa.services.moderation import decisions
from hrsa.services.moderation.decisions import ModerationInput

PREVIOUS_RATED_ON = datetime(2026, 3, 1, 15, tzinfo=UTC)
PREVIOUS_SUBMITTED_ON = datetime(2026, 6, 1, 10, tzinfo=UTC)


@dataclass(frozen=True)
class DemoCity:
    """What the assessments are seeded for: the plan, its schools and people, and the cycles."""

    seed: int
    plans: Sequence[SchoolPlan]
    schools: Sequence[School]
    previous_cycle: Cycle
    current_cycle: Cycle
    leads: dict[int, User]  # school id -> the school's lead, who makes its changes
    moderator: User


def seed(session: Session, city: DemoCity) -> list[str]:
    """Give the demo schools assessments in both cycles, in a mix of states, and moderate some."""
    made = 0
    for plan_, school in zip(city.plans, city.schools, strict=True):
        if plan_.is_showcase:
            made += _showcase(session, city, plan_, school)
    written = _bulk(session, city)
    made += len(written)
    moderated = _moderate(session, city, written) + _moderate_lead_school(session, city)
    session.flush()
    return [
        f"{made} demo assessments created across {city.previous_cycle.name} and "
        f"{city.current_cycle.name}; {moderated} ratings moderated."
    ]


# --- the two pilot schools, through the services --------------------------------------------


def _showcase(session: Session, city: DemoCity, plan_: SchoolPlan, school: School) -> int:
    """Last cycle submitted, this cycle in progress (the second school carried forward)."""
    lead = city.leads[school.id]
    made = 0
    if starting.find(session, school.id, city.previous_cycle.id) is None:
        old = starting.start(session, school=school, cycle=city.previous_cycle, user_id=lead.id)
        _rate(session, old, planned_ratings(city.seed, plan_, _codes(old), False), lead)
        _add_actions(session, old, school_rng(city.seed, plan_.index, "old plan"), lead)
        submission.submit(session, old, user=lead)
        _backdate(session, old, PREVIOUS_SUBMITTED_ON + timedelta(days=plan_.index))
        made += 1
    if starting.find(session, school.id, city.current_cycle.id) is None:
        carry = plan_.index == 1
        new = starting.start(
            session, school=school, cycle=city.current_cycle, user_id=lead.id, carry_forward=carry
        )
        if carry:
            _confirm_half(session, new, lead)
        else:
            _rate(session, new, planned_ratings(city.seed, plan_, _codes(new), True), lead)
            _add_actions(session, new, school_rng(city.seed, plan_.index, "plan"), lead)
        made += 1
    return made


def _codes(assessment: Assessment) -> list[str]:
    return list(starting.framework_for(assessment).standard_codes)


def _ratings(session: Session, assessment_id: int) -> dict[str, Rating]:
    rows = session.scalars(select(Rating).where(Rating.assessment_id == assessment_id))
    return {rating.standard_code: rating for rating in rows}


def _rate(
    session: Session, assessment: Assessment, rags: dict[str, str | None], lead: User
) -> None:
    """Rate as the lead would: add a link as evidence where needed, then save each principle."""
    rows = _ratings(session, assessment.id)
    for code, rag in rags.items():
        if rag in (Rag.AMBER, Rag.GREEN):
            items.add_link(
                session,
                rating=rows[code],
                url=f"{assessment.school.website}/policies/{code}",
                title=f"Standard {code} evidence on the school website",
                user_id=lead.id,
            )
    for principle in starting.framework_for(assessment).principles:
        inputs = [
            _input(standard.code, Rag(rag), rows[standard.code].version)
            for standard in principle.standards
            if (rag := rags.get(standard.code)) is not None
        ]
        _save(session, assessment, principle.number, inputs, lead)


def _input(code: str, rag: Rag, version: int) -> StandardInput:
    next_steps = actions.next_steps_for(code) if rag.is_gap else ""
    return StandardInput(code, rag.value, bulk.NARRATIVES[rag], next_steps, version)


def _save(
    session: Session, assessment: Assessment, number: int, inputs: list[StandardInput], lead: User
) -> None:
    """Save one principle as its lead; the demo's own values must pass the service's rules."""
    if not inputs:
        return
    outcome = save_principle(session, assessment, number, inputs, user_id=lead.id)
    if not outcome.ok:
        raise ServiceError(f"Demo ratings refused: {outcome.errors or outcome.conflicts}")


def _confirm_half(session: Session, assessment: Assessment, lead: User) -> None:
    """Re-confirm the first half of a carried-forward assessment's ratings, unchanged."""
    rows = sorted(_ratings(session, assessment.id).values(), key=lambda r: r.id)
    by_principle: dict[int, list[StandardInput]] = {}
    for rating in rows[: len(rows) // 2]:
        by_principle.setdefault(rating.principle_number, []).append(
            StandardInput(
                rating.standard_code, rating.rag, rating.narrative, rating.next_steps,
                rating.version,
            )
        )  # fmt: skip
    for number, inputs in by_principle.items():
        _save(session, assessment, number, inputs, lead)


def _add_actions(session: Session, assessment: Assessment, rng: random.Random, lead: User) -> None:
    """A delivery-plan action on about half the Reds and Ambers."""
    for code, rating in sorted(_ratings(session, assessment.id).items()):
        if rating.rag not in (Rag.RED, Rag.AMBER) or rng.random() > 0.5:
            continue
        what, who = actions.action_for(code, rng.randrange(actions.ACTION_SLOTS))
        plan.add_action(
            session,
            assessment,
            code,
            what=what,
            who=who,
            due_on=date.today() + timedelta(days=rng.randint(-60, 200)),
            status=rng.choice(list(ActionStatus)).value,
            user_id=lead.id,
        )


def _backdate(session: Session, assessment: Assessment, submitted_at: datetime) -> None:
    """Move last cycle's work back to when it happened: rated in spring, submitted in June."""
    rating_ids = select(Rating.id).where(Rating.assessment_id == assessment.id)
    session.execute(
        update(AuditEvent)
        .where(AuditEvent.assessment_id == assessment.id)
        .values(at=PREVIOUS_RATED_ON)
    )
    session.execute(
        update(AuditEvent)
        .where(AuditEvent.assessment_id == assessment.id, AuditEvent.action == AuditAction.SUBMIT)
        .values(at=submitted_at)
    )
    session.execute(
        update(Rating).where(Rating.id.in_(rating_ids)).values(updated_at=PREVIOUS_RATED_ON)
    )
    for model in (EvidenceItem, PlanAction):
        session.execute(
            update(model)
            .where(model.rating_id.in_(rating_ids))
            .values(created_at=PREVIOUS_RATED_ON)
        )
    assessment.submitted_at = submitted_at
    session.flush()


def _moderate_lead_school(session: Session, city: DemoCity) -> int:
    """The advisory group agreed with one of the lead's ratings last cycle and challenged one,
    through the moderation service, so the lead sees both kinds of feedback."""
    old = starting.find(session, city.schools[0].id, city.previous_cycle.id)
    if old is None or not old.is_submitted:
        return 0
    rags = {code: rating.rag for code, rating in _ratings(session, old.id).items()}
    agree = next(code for code, rag in sorted(rags.items()) if rag)
    challenge = next(
        (c for c, rag in sorted(rags.items()) if rag == Rag.GREEN and c != agree), None
    )
    inputs = [(agree, ModerationInput(ModerationOutcome.AGREE, None, bulk.AGREEMENTS[0], 0))]
    if challenge:
        comment = bulk.CHALLENGES[0]
        inputs.append(
            (challenge, ModerationInput(ModerationOutcome.CHALLENGE, Rag.AMBER, comment, 0))
        )
    made = 0
    for code, data in inputs:
        found = decisions.target(session, city.moderator, old.id, code)
        if found.moderation is None:
            result = decisions.record(session, found, city.moderator, data)
            if not result.ok:
                raise ServiceError(f"Demo moderation refused: {result.errors}")
            made += 1
    return made


# --- the rest of the city, in bulk ----------------------------------------------------------


@dataclass(frozen=True)
class Written:
    """An assessment the bulk path wrote, for choosing what to moderate."""

    id: int
    plan: SchoolPlan
    cycle_id: int
    submitted_at: datetime | None


def _bulk(session: Session, city: DemoCity) -> list[Written]:
    """Write every other school's assessments that are not there yet, in one batch per cycle."""
    existing = {
        (school_id, cycle_id)
        for school_id, cycle_id in session.execute(
            select(Assessment.school_id, Assessment.cycle_id).where(
                Assessment.cycle_id.in_([city.previous_cycle.id, city.current_cycle.id])
            )
        )
    }
    written: list[Written] = []
    for cycle in (city.previous_cycle, city.current_cycle):
        framework = framework_versions.framework_of(cycle.framework_version)
        codes = list(framework.standard_codes)
        todo = [
            (plan_, school)
            for plan_, school in zip(city.plans, city.schools, strict=True)
            if not plan_.is_showcase
            and _state(city, plan_, cycle).status is not AssessmentStatus.NOT_STARTED
            and (school.id, cycle.id) not in existing
        ]
        new = [_new_assessment(city, plan_, school, cycle, codes) for plan_, school in todo]
        options = bulk.WriteOptions(rng=random.Random(f"{city.seed}/{cycle.name}"))
        ids = bulk.write_assessments(session, framework, new, options)
        written += [
            Written(id_, plan_, cycle.id, item.submitted_at)
            for id_, (plan_, _), item in zip(ids, todo, new, strict=True)
        ]
    return written


def _state(city: DemoCity, plan_: SchoolPlan, cycle: Cycle) -> CycleState:
    return plan_.current if cycle.id == city.current_cycle.id else plan_.previous


def _new_assessment(
    city: DemoCity, plan_: SchoolPlan, school: School, cycle: Cycle, codes: list[str]
) -> bulk.NewAssessment:
    current = cycle.id == city.current_cycle.id
    state = _state(city, plan_, cycle)
    rng = school_rng(city.seed, plan_.index, f"dates {cycle.name}")
    if current:
        updated_at = datetime.now(UTC) - timedelta(
            days=rng.randint(10, 50), hours=rng.randint(0, 9)
        )
    else:
        updated_at = PREVIOUS_RATED_ON + timedelta(days=rng.randint(0, 60))
    submitted_at = None
    if state.status is AssessmentStatus.SUBMITTED:
        submitted_at = (
            updated_at + timedelta(days=rng.randint(1, 9))
            if current
            else PREVIOUS_SUBMITTED_ON + timedelta(days=plan_.index % 40)
        )
    return bulk.NewAssessment(
        school_id=school.id,
        cycle_id=cycle.id,
        framework_version_id=cycle.framework_version_id,
        status=state.status,
        ratings=planned_ratings(city.seed, plan_, codes, current),
        updated_at=updated_at,
        submitted_at=submitted_at,
        website=school.website or "https://example.org",
    )


# --- moderation -----------------------------------------------------------------------------


def _moderate(session: Session, city: DemoCity, written: Sequence[Written]) -> int:
    """The advisory group has moderated some submitted ratings: many last cycle, a few this one."""
    rng = random.Random(f"{city.seed}/moderation")
    share = {city.previous_cycle.id: (0.45, 3, 6), city.current_cycle.id: (0.25, 2, 4)}
    chosen: dict[int, tuple[int, datetime]] = {}
    for item in written:
        if item.submitted_at is None:
            continue
        school_share, low, high = share[item.cycle_id]
        if rng.random() < school_share:
            later = min(item.submitted_at + timedelta(days=3), datetime.now(UTC))
            chosen[item.id] = (rng.randint(low, high), later)
    if not chosen:
        return 0
    rows = session.execute(
        select(
            Rating.id, Rating.assessment_id, Rating.standard_code, Rating.rag, Assessment.school_id
        )
        .join(Assessment, Assessment.id == Rating.assessment_id)
        .outerjoin(Moderation, Moderation.rating_id == Rating.id)
        .where(Rating.assessment_id.in_(chosen), Rating.rag.is_not(None), Moderation.id.is_(None))
        .order_by(Rating.id)
    ).all()
    by_assessment: dict[int, list[bulk.NewModeration]] = {}
    for rating_id, assessment_id, code, rag, school_id in rows:
        at = chosen[assessment_id][1]
        by_assessment.setdefault(assessment_id, []).append(
            bulk.NewModeration(rating_id, school_id, assessment_id, code, str(rag), at)
        )
    picked = [
        rating
        for assessment_id, candidates in by_assessment.items()
        for rating in rng.sample(candidates, min(chosen[assessment_id][0], len(candidates)))
    ]
    return bulk.moderate(session, rng, picked, moderator_id=city.moderator.id)
