"""The counting every survey view shares: each survey's responses and, per statement, how many
answers agree, aggregated in SQL (three statements, whatever the number of responses).

The small-number rule lives here too: a survey with fewer responses than the threshold shows
nothing, and takes no part in any total (a total with and without it would give it away).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import Session

from hrsa.core.vocabulary.surveys import AGREE_FROM, SurveyAudience
from hrsa.models import Authority, School, Survey, SurveyAnswer, SurveyResponse

DEFAULT_MIN_RESPONSES = 10


def shown(responses: int, min_responses: int) -> bool:
    """A figure is shown only when it rests on at least `min_responses` responses (the
    HRSA_SURVEY_MIN_RESPONSES setting, 10 unless changed); fewer are suppressed, with a note."""
    return responses >= min_responses


@dataclass
class Tally:
    """Agreeing answers out of all answers, over `responses` people."""

    responses: int = 0
    agreeing: int = 0
    answers: int = 0

    @property
    def share(self) -> float | None:
        """The share of answers that agree (0 to 1), or None with no answers."""
        return self.agreeing / self.answers if self.answers else None

    def add(self, other: Tally) -> None:
        self.responses += other.responses
        self.agreeing += other.agreeing
        self.answers += other.answers


@dataclass
class SurveyFigures:
    """One survey's counts: its responses and, by statement id, (agreeing, answers)."""

    survey_id: int
    school_id: int
    ward: str
    audience: str
    statements: list[dict[str, Any]]
    responses: int = 0
    by_statement: dict[str, tuple[int, int]] = field(default_factory=dict)
    authority: str = ""  # the school's authority's name (its council)

    def standard_tally(self, code: str) -> Tally | None:
        """The answers to the statements mapped to a standard; None if none is."""
        ids = [s["id"] for s in self.statements if code in s["standards"]]
        if not ids:
            return None
        tally = Tally(responses=self.responses)
        for statement_id in ids:
            agreeing, answers = self.by_statement.get(statement_id, (0, 0))
            tally.agreeing += agreeing
            tally.answers += answers
        return tally

    @property
    def codes(self) -> set[str]:
        return {code for s in self.statements for code in s["standards"]}


def survey_figures(session: Session, *conditions: ColumnElement[bool]) -> list[SurveyFigures]:
    """Every survey matching `conditions` (on Survey and School) with its counts, by audience."""
    rows = session.execute(
        select(
            Survey.id,
            Survey.school_id,
            School.ward,
            Survey.audience,
            Survey.statements,
            Authority.name.label("authority"),
        )
        .join(School, School.id == Survey.school_id)
        .outerjoin(Authority, Authority.id == School.authority_id)
        .where(*conditions)
        .order_by(Survey.id)
    ).all()
    figures = {
        row.id: SurveyFigures(
            row.id,
            row.school_id,
            row.ward,
            row.audience,
            row.statements,
            authority=row.authority or "No authority",
        )
        for row in rows
    }
    if not figures:
        return []
    ids = list(figures)
    for survey_id, count in session.execute(
        select(SurveyResponse.survey_id, func.count(SurveyResponse.id))
        .where(SurveyResponse.survey_id.in_(ids))
        .group_by(SurveyResponse.survey_id)
    ):
        figures[survey_id].responses = int(count)
    agree = func.sum(case((SurveyAnswer.value >= AGREE_FROM, 1), else_=0))
    for survey_id, statement_id, agreeing, answers in session.execute(
        select(
            SurveyAnswer.survey_id,
            SurveyAnswer.statement_id,
            agree,
            func.count(SurveyAnswer.id),
        )
        .where(SurveyAnswer.survey_id.in_(ids))
        .group_by(SurveyAnswer.survey_id, SurveyAnswer.statement_id)
    ):
        figures[survey_id].by_statement[statement_id] = (int(agreeing or 0), int(answers))
    order = list(SurveyAudience.values())
    return sorted(figures.values(), key=lambda f: (order.index(f.audience), f.survey_id))


def pooled(tallies: Iterable[Tally]) -> Tally:
    """Several tallies added together."""
    total = Tally()
    for tally in tallies:
        total.add(tally)
    return total
