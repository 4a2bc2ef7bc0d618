"""Survey answers past the retention period: those of cycles that closed more than N years ago
are deleted (the survey stays, as a record that it ran; its results are gone with them)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Select, delete, func, select
from sqlalchemy.orm import Session

from hrsa.core.errors import ServiceError
from hrsa.models import Cycle, Survey, SurveyAnswer, SurveyResponse


def _cutoff(today: date, years: int) -> date:
    if years < 1:
        raise ServiceError("Keep survey answers for at least 1 year")
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def _expired_surveys(today: date, years: int) -> Select[int]:
    return (
        select(Survey.id)
        .join(Cycle, Cycle.id == Survey.cycle_id)
        .where(Cycle.closes_on < _cutoff(today, years))
    )


def expired_responses(session: Session, *, years: int, today: date) -> int:
    """How many responses belong to cycles that closed more than `years` years before `today`."""
    query = select(func.count(SurveyResponse.id)).where(
        SurveyResponse.survey_id.in_(_expired_surveys(today, years))
    )
    return session.scalar(query) or 0


def remove_expired(session: Session, *, years: int, today: date) -> int:
    """Delete those responses and their answers; returns how many responses went."""
    expired = _expired_surveys(today, years)
    count = expired_responses(session, years=years, today=today)
    session.execute(delete(SurveyAnswer).where(SurveyAnswer.survey_id.in_(expired)))
    session.execute(delete(SurveyResponse).where(SurveyResponse.survey_id.in_(expired)))
    return count
