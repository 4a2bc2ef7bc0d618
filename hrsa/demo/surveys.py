"""The demo city's surveys: in the current cycle, some schools have surveys with enough
responses to show (and, here and there, answers that disagree with the school's own rating,
so "worth a second look" appears), and some have too few, so the small-number rule shows too.
"""

from __future__ import annotations

import random
import secrets
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hrsa.core.vocabulary.surveys import SurveyAudience
from hrsa.models import Cycle, School, Survey
from hrsa.services.surveys import responding, running

SURVEYED_SCHOOLS = 24
DEMO_CAP = 2000


def _pupils(school: School) -> SurveyAudience:
    if school.phase == "primary":
        return SurveyAudience.PRIMARY_PUPILS
    return SurveyAudience.SECONDARY_PUPILS


def _answer(
    session: Session, survey: Survey, count: int, agree: float, rng: random.Random, today: date
) -> None:
    for _ in range(count):
        values = {
            s["id"]: rng.choice((4, 5)) if rng.random() < agree else rng.choice((1, 2, 3))
            for s in survey.statements
        }
        responding.record(
            session, survey, values, submission_key=secrets.token_urlsafe(16), today=today
        )


def seed(
    session: Session, schools: list[School], cycle: Cycle, *, seed: int, today: date | None = None
) -> list[str]:
    """Open and answer the demo surveys once (a second run adds nothing)."""
    if cycle.is_closed or session.scalar(select(func.count(Survey.id))):
        return []
    today = today or date.today()
    rng = random.Random(f"{seed}/surveys")
    shown = small = 0
    for index, school in enumerate(schools[:SURVEYED_SCHOOLS]):
        audiences = [_pupils(school)]
        if index % 2 == 0:
            audiences.append(SurveyAudience.STAFF)
        if index % 3 == 0:
            audiences.append(SurveyAudience.PARENTS)
        # The first school (the demo lead's) shows results; the second (lead2's) has too few.
        agree = 0.35 if index == 0 else rng.choice((0.35, 0.6, 0.75, 0.9))
        for audience in audiences:
            survey = running.open_survey(
                session,
                school_id=school.id,
                cycle=cycle,
                audience=audience.value,
                opens_on=today - timedelta(days=14),
                closes_on=today + timedelta(days=21),
                today=today,
                cap=DEMO_CAP,
                user_id=None,
            )
            too_few = index == 1 or (index > 1 and rng.random() < 0.3)
            count = rng.randint(3, 8) if too_few else rng.randint(12, 40)
            _answer(session, survey, count, agree, rng, today)
            small += too_few
            shown += not too_few
    session.flush()
    return [f"Surveys: {shown} with enough responses to show, {small} with too few."]
