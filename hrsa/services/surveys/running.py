"""Opening a survey for one audience, closing it early, and finding it by its public link.

The rules: one survey per school, cycle and audience; it takes answers from its opening date to
its closing date (both included, UK dates) unless closed early or full (its cap reached); its
link is a random token (`secrets.token_urlsafe`), so it cannot be guessed or worked out.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hrsa.core.errors import BadInput, NotFound, ServiceError
from hrsa.core.framework import SurveyBank
from hrsa.core.vocabulary.surveys import SurveyAudience
from hrsa.models import Cycle, Survey, SurveyResponse
from hrsa.services.cycles import framework_versions

TOKEN_BYTES = 24  # 32 URL-safe characters: 192 random bits
LONGEST_SURVEY_DAYS = 92


@dataclass(frozen=True)
class SurveySummary:
    """A survey with how many responses it has, for the lead's list."""

    survey: Survey
    responses: int
    open_now: bool


def question_bank(session: Session, cycle: Cycle) -> SurveyBank | None:
    """The cycle's framework version's question banks; else the latest imported version that
    has them (a cycle opened before the banks existed); else None."""
    own = framework_versions.framework_of(cycle.framework_version).surveys
    if own is not None:
        return own
    latest = framework_versions.latest_version(session)
    return framework_versions.framework_of(latest).surveys if latest is not None else None


def takes_answers(survey: Survey, today: date, responses: int) -> bool:
    """A survey takes answers from its opening to its closing date (UK dates, both included),
    unless it was closed early or has reached its cap."""
    if survey.closed_early_at is not None or responses >= survey.cap:
        return False
    return survey.opens_on <= today <= survey.closes_on


def open_survey(
    session: Session,
    *,
    school_id: int,
    cycle: Cycle,
    audience: str,
    opens_on: date,
    closes_on: date,
    today: date,
    cap: int,
    user_id: int | None,
) -> Survey:
    """Open the school's survey of one audience for the cycle, with a fresh unguessable link."""
    try:
        chosen = SurveyAudience(audience)
    except ValueError:
        raise BadInput("Choose who the survey is for") from None
    if cycle.is_closed:
        raise ServiceError(f"The {cycle.name} cycle is closed: surveys can no longer be opened")
    if closes_on < opens_on:
        raise ServiceError("The closing date must be on or after the opening date", field="closes")
    if closes_on < today:
        raise ServiceError("The closing date must be today or in the future", field="closes")
    if (closes_on - opens_on).days > LONGEST_SURVEY_DAYS:
        raise ServiceError(
            f"A survey can be open for at most {LONGEST_SURVEY_DAYS} days", field="closes"
        )
    existing = session.scalar(
        select(Survey.id).where(
            Survey.school_id == school_id, Survey.cycle_id == cycle.id, Survey.audience == chosen
        )
    )
    if existing is not None:
        raise ServiceError(
            f"Your school already has a survey of {chosen.label.lower()} this cycle",
            field="audience",
        )
    bank = question_bank(session, cycle)
    audience_bank = bank.audience(chosen.value) if bank is not None else None
    if bank is None or audience_bank is None:
        raise ServiceError("The framework has no survey questions: import a newer version")
    survey = Survey(
        school_id=school_id,
        cycle_id=cycle.id,
        audience=chosen.value,
        token=secrets.token_urlsafe(TOKEN_BYTES),
        opens_on=opens_on,
        closes_on=closes_on,
        cap=cap,
        statements=[
            {"id": s.id, "text": s.text, "standards": list(s.standards)}
            for s in audience_bank.statements
        ],
        scale=list(bank.scale),
        created_by_id=user_id,
    )
    session.add(survey)
    session.flush()
    return survey


def close_early(session: Session, survey: Survey, *, now: datetime | None = None) -> None:
    """Stop the survey taking answers now (what it has already taken is kept)."""
    if survey.closed_early_at is None:
        survey.closed_early_at = now or datetime.now(UTC)
        session.flush()


def response_count(session: Session, survey_id: int) -> int:
    """How many responses a survey has."""
    query = select(func.count(SurveyResponse.id)).where(SurveyResponse.survey_id == survey_id)
    return session.scalar(query) or 0


def school_surveys(
    session: Session, school_id: int, cycle_id: int, today: date
) -> list[SurveySummary]:
    """The school's surveys in a cycle, by audience, each with its count (one query)."""
    counts = (
        select(SurveyResponse.survey_id, func.count(SurveyResponse.id).label("n"))
        .group_by(SurveyResponse.survey_id)
        .subquery()
    )
    rows = session.execute(
        select(Survey, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.survey_id == Survey.id)
        .where(Survey.school_id == school_id, Survey.cycle_id == cycle_id)
    ).all()
    order = list(SurveyAudience.values())
    summaries = [
        SurveySummary(survey, int(n), takes_answers(survey, today, int(n))) for survey, n in rows
    ]
    return sorted(summaries, key=lambda s: order.index(s.survey.audience))


def school_survey(session: Session, school_id: int, survey_id: int) -> Survey:
    """One of the school's surveys, or NotFound (another school's looks the same)."""
    survey = session.get(Survey, survey_id)
    if survey is None or survey.school_id != school_id:
        raise NotFound("Survey not found")
    return survey


def by_token(session: Session, token: str) -> Survey | None:
    """The survey a public link names, or None (a token of the wrong shape never matches)."""
    if not token or len(token) > 64:
        return None
    return session.scalar(select(Survey).where(Survey.token == token))
