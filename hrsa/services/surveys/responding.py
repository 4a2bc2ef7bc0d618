"""Taking one person's answers to a survey: every statement answered on the scale, each form
sent once, nothing stored unless all of it is right.

Nothing that identifies the person is stored: the answers, the date (for the retention rule) and
the hash of the one-time key the form carried (so a replayed post is refused).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hrsa.core.errors import BadInput, Conflict, ServiceError
from hrsa.core.vocabulary.surveys import SCALE_VALUES
from hrsa.models import Survey, SurveyAnswer, SurveyResponse
from hrsa.services.surveys.running import response_count, takes_answers

FIELD_PREFIX = "answer-"
MISSING_ANSWER = "Choose how much you agree with ‘{text}’"
ALREADY_SENT = "These answers have already been sent. Thank you."


class SurveyClosed(ServiceError):
    """The survey stopped taking answers (closed, out of its dates, or full)."""


@dataclass(frozen=True)
class Checked:
    """Posted answers checked against the survey: the values by statement id, and the error
    message for each statement left unanswered (empty when all is well)."""

    values: dict[str, int]
    missing: dict[str, str]


def field_name(statement_id: str) -> str:
    """The form field that carries a statement's answer."""
    return FIELD_PREFIX + statement_id


def check_answers(statements: list[dict[str, Any]], form: Mapping[str, str]) -> Checked:
    """Every statement must be answered with a value on the scale. A missing answer is a form
    error; a value off the scale, or an answer to a statement the survey does not ask, is
    something no honest form sends (BadInput)."""
    asked = {field_name(s["id"]) for s in statements}
    unknown = [name for name in form if name.startswith(FIELD_PREFIX) and name not in asked]
    if unknown:
        raise BadInput("The answers do not match this survey's statements")
    allowed = {str(value) for value in SCALE_VALUES}
    values: dict[str, int] = {}
    missing: dict[str, str] = {}
    for statement in statements:
        raw = form.get(field_name(statement["id"]), "")
        if raw == "":
            missing[statement["id"]] = MISSING_ANSWER.format(text=statement["text"])
        elif raw not in allowed:
            raise BadInput("An answer is not on the survey's scale")
        else:
            values[statement["id"]] = int(raw)
    return Checked(values, missing)


def key_hash(survey_id: int, submission_key: str) -> str:
    return hashlib.sha256(f"{survey_id}:{submission_key}".encode()).hexdigest()


def record(
    session: Session,
    survey: Survey,
    values: Mapping[str, int],
    *,
    submission_key: str,
    today: date,
) -> SurveyResponse:
    """Store one complete set of answers (two INSERTs); refuse a closed or full survey
    (SurveyClosed), incomplete answers (BadInput) and a form sent twice (Conflict)."""
    if not takes_answers(survey, today, response_count(session, survey.id)):
        raise SurveyClosed("This survey is not open")
    if set(values) != {s["id"] for s in survey.statements}:
        raise BadInput("Every statement needs an answer")
    digest = key_hash(survey.id, submission_key)
    if session.scalar(select(SurveyResponse.id).where(SurveyResponse.submission_key == digest)):
        raise Conflict(ALREADY_SENT)
    response = SurveyResponse(survey_id=survey.id, submission_key=digest, received_on=today)
    try:
        with session.begin_nested():  # the same form sent twice at once: the second loses
            session.add(response)
            session.flush()
    except IntegrityError:
        raise Conflict(ALREADY_SENT) from None
    session.execute(
        insert(SurveyAnswer),
        [
            {
                "response_id": response.id,
                "survey_id": survey.id,
                "statement_id": statement_id,
                "value": value,
            }
            for statement_id, value in values.items()
        ],
    )
    return response
