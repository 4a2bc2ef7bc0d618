"""Surveys for tests' stories: open one through the service and answer it many times."""

from __future__ import annotations

import secrets
from datetime import date

from hrsa.extensions import db
from hrsa.models import Cycle, School, Survey
from hrsa.services.surveys import responding, running

TODAY = date(2026, 10, 1)


def open_survey(
    school: School,
    cycle: Cycle,
    audience: str = "secondary_pupils",
    *,
    opens_on: date = date(2026, 9, 20),
    closes_on: date = date(2026, 10, 20),
    cap: int = 2000,
) -> Survey:
    survey = running.open_survey(
        db.session,
        school_id=school.id,
        cycle=cycle,
        audience=audience,
        opens_on=opens_on,
        closes_on=closes_on,
        today=min(opens_on, TODAY),
        cap=cap,
        user_id=None,
    )
    db.session.commit()
    return survey


def answer(survey: Survey, times: int, value: int | dict[str, int] = 4) -> None:
    """`times` responses, each answering every statement with `value` (or a value by id)."""
    for _ in range(times):
        values = {
            s["id"]: value if isinstance(value, int) else value.get(s["id"], 3)
            for s in survey.statements
        }
        responding.record(
            db.session,
            survey,
            values,
            submission_key=secrets.token_urlsafe(16),
            today=max(survey.opens_on, min(TODAY, survey.closes_on)),
        )
    db.session.commit()


def statements_for(survey: Survey, code: str) -> list[str]:
    """The ids of the survey's statements mapped to a standard."""
    return [s["id"] for s in survey.statements if code in s["standards"]]
