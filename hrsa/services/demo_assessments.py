"""Demo assessments: two cycles of believable ratings, evidence and plans in several states.

Some standards are harder than others (peer mentoring, parent training, accreditation), and each
school has its own maturity, so citywide views show real patterns. Idempotent: a school that
already has an assessment in a cycle is left alone.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hrsa.models import Cycle, EvidenceItem, PlanAction, Rating, Role, School, User
from hrsa.models.assessment import STATUS_SUBMITTED
from hrsa.models.evidence import KIND_LINK
from hrsa.services import assessments, audit

# How hard each standard is to meet (0 easy .. 1 hard), from the seed's own evidence.
DIFFICULTY = {
    "1.1": 0.4,
    "1.2": 0.35,
    "1.3": 0.2,
    "1.4": 0.6,
    "2.1": 0.35,
    "2.2": 0.4,
    "2.3": 0.35,
    "3.1": 0.45,
    "3.2": 0.5,
    "4.1": 0.55,
    "4.2": 0.45,
    "4.3": 0.75,
    "5.1": 0.7,
    "5.2": 0.5,
    "6.1": 0.55,
    "6.2": 0.6,
    "6.3": 0.7,
    "7.1": 0.5,
    "7.2": 0.8,
    "8.1": 0.5,
    "8.2": 0.75,
}
NARRATIVES = {
    "red": "Not yet in place. We have discussed this with the senior leadership team.",
    "amber": "Partly in place: work has started but the evidence is incomplete.",
    "green": "Fully in place and reviewed this year; see the documents listed.",
}
ACTIONS = [
    ("Draft and agree a plan with the senior leadership team", "Deputy headteacher"),
    ("Book whole-staff healthy relationships training", "PSHE lead"),
    ("Set up a pupil voice group on relationships education", "Head of year 9"),
    ("Run a parents' and carers' information evening", "Family support worker"),
    ("Review the RSE policy with governors", "Safeguarding governor"),
]


def _rag(rng: random.Random, code: str, maturity: float) -> str:
    score = maturity - DIFFICULTY.get(code, 0.5) + rng.uniform(-0.35, 0.35)
    return "green" if score > 0.25 else "amber" if score > -0.15 else "red"


def _fill(
    session: Session,
    rng: random.Random,
    ratings: Sequence[Rating],
    school: School,
    maturity: float,
    rate_share: float,
    today: date,
    user_id: int | None,
    stamp: datetime,
) -> None:
    events: list[dict[str, object]] = []
    for rating in ratings:
        if rng.random() > rate_share:
            continue
        rag = _rag(rng, rating.standard_code, maturity)
        rating.rag = rag
        rating.narrative = NARRATIVES[rag]
        rating.updated_at = stamp
        rating.updated_by_id = user_id
        rating.version += 1
        common = {
            "user_id": user_id,
            "entity": "rating",
            "entity_id": rating.id,
            "at": stamp,
            "school_id": school.id,
            "assessment_id": rating.assessment_id,
            "standard_code": rating.standard_code,
        }
        events += audit.change_rows(
            {"rag": (None, rag), "narrative": ("", rating.narrative)}, **common
        )
        if rag != "red":
            session.add(
                EvidenceItem(
                    rating_id=rating.id,
                    school_id=school.id,
                    kind=KIND_LINK,
                    title=f"Standard {rating.standard_code} evidence on the school website",
                    url=f"{school.website or 'https://example.org'}/policies/{rating.standard_code}",
                )
            )
        if rag in ("red", "amber"):
            rating.next_steps = "Agree actions in the delivery plan and review next term."
            what, who = rng.choice(ACTIONS)
            status = rng.choice(["not_started", "in_progress", "done"])
            session.add(
                PlanAction(
                    rating_id=rating.id,
                    what=what,
                    who=who,
                    status=status,
                    due_on=today + timedelta(days=rng.randint(-60, 200)),
                )
            )
    audit.record_many(session, events)


def _ratings(session: Session, assessment_id: int) -> list[Rating]:
    return list(
        session.scalars(
            select(Rating).where(Rating.assessment_id == assessment_id).order_by(Rating.id)
        )
    )


def seed(
    session: Session, rng: random.Random, schools: Sequence[School], cycles: Sequence[Cycle]
) -> list[str]:
    """Give the demo schools assessments in both cycles, in a mix of states."""
    previous_cycle, current_cycle = cycles[0], cycles[-1]
    # Demo changes are made in the name of each school's lead, where it has one.
    leads = dict(
        session.execute(
            select(User.school_id, func.min(User.id))
            .where(User.role == Role.SCHOOL_LEAD.value, User.school_id.is_not(None))
            .group_by(User.school_id)
        )
        .tuples()
        .all()
    )
    made = 0
    for index, school in enumerate(schools):
        maturity = rng.uniform(0.1, 0.9)
        if index == 0:  # the demo lead's school: a believable mix, part way through
            maturity = 0.7
        # Last cycle: most schools took part and submitted.
        took_part = index < 2 or rng.random() < 0.8
        if took_part and assessments.find(session, school.id, previous_cycle.id) is None:
            old = assessments.start(session, school=school, cycle=previous_cycle, user_id=None)
            ratings = _ratings(session, old.id)
            _fill(
                session,
                rng,
                ratings,
                school,
                maturity - 0.15,
                1.0,
                date(2026, 3, 1),
                leads.get(school.id),
                datetime(2026, 3, 1, 15, tzinfo=UTC),
            )
            old.status = STATUS_SUBMITTED
            old.submitted_at = datetime(2026, 6, 1, 10, tzinfo=UTC) + timedelta(days=index % 40)
            made += 1
        # This cycle: a spread of not started, in progress and submitted.
        state = (
            "in_progress"
            if index < 2
            else rng.choice(["none", "in_progress", "in_progress", "submitted"])
        )
        if state == "none" or assessments.find(session, school.id, current_cycle.id) is not None:
            continue
        # The second demo school carries last cycle forward, to show that journey.
        new = assessments.start(
            session, school=school, cycle=current_cycle, user_id=None, carry_forward=index == 1
        )
        ratings = _ratings(session, new.id)
        share = 1.0 if state == "submitted" else rng.uniform(0.3, 0.8)
        if index == 1:  # carried forward: half re-confirmed so far
            for rating in ratings[: len(ratings) // 2]:
                rating.carried_forward = False
        else:
            if index == 0:
                share = 0.65
            _fill(
                session,
                rng,
                ratings,
                school,
                maturity,
                share,
                date.today(),
                leads.get(school.id),
                datetime.now(UTC) - timedelta(days=2),
            )
        if state == "submitted":
            new.status = STATUS_SUBMITTED
            new.submitted_at = datetime.now(UTC) - timedelta(days=rng.randint(1, 30))
        made += 1
        session.flush()
    return [
        f"{made} demo assessments created across {previous_cycle.name} and {current_cycle.name}."
    ]
