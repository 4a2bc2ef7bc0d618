"""A school's survey results beside its own ratings: for each standard, the share of answers
agreeing with its mapped statements, by audience, with the number of responses; and the flag
"worth a second look" where the rating and the answers disagree strongly."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hrsa.core.vocabulary.ratings import Rag
from hrsa.core.vocabulary.surveys import SurveyAudience
from hrsa.models import Cycle, Survey
from hrsa.services.surveys.figures import Tally, pooled, shown, survey_figures

GREEN_BELOW = 0.5
RED_ABOVE = 0.8
SECOND_LOOK = "Worth a second look"


@dataclass(frozen=True)
class AudienceResult:
    """One audience's answers about a standard; `shown` is False below the threshold."""

    audience: str
    responses: int
    share: float | None
    shown: bool

    @property
    def label(self) -> str:
        return SurveyAudience(self.audience).label


@dataclass(frozen=True)
class StandardResult:
    """What the school's surveys found about one standard."""

    code: str
    audiences: tuple[AudienceResult, ...]
    agreement: float | None  # pooled over the audiences shown; None when none is
    responses: int  # the responses behind `agreement`

    @property
    def suppressed(self) -> tuple[AudienceResult, ...]:
        return tuple(a for a in self.audiences if not a.shown)


def second_look(rag: str | None, agreement: float | None) -> bool:
    """A standard is worth a second look when it is rated Green but fewer than half the survey
    answers agree (below 50 %), or rated Red but more than 80 % agree. No shown survey figure,
    or no rating: no flag."""
    if agreement is None or rag is None:
        return False
    if rag == Rag.GREEN:
        return agreement < GREEN_BELOW
    if rag == Rag.RED:
        return agreement > RED_ABOVE
    return False


def school_results(
    session: Session, school_id: int, cycle_id: int, *, min_responses: int
) -> dict[str, StandardResult]:
    """Each standard some survey of the school asks about, by code (three SQL statements)."""
    figures = survey_figures(session, Survey.school_id == school_id, Survey.cycle_id == cycle_id)
    codes = sorted({code for f in figures for code in f.codes})
    results: dict[str, StandardResult] = {}
    for code in codes:
        audiences: list[AudienceResult] = []
        shown_tallies: list[Tally] = []
        for f in figures:
            tally = f.standard_tally(code)
            if tally is None:
                continue
            visible = shown(f.responses, min_responses)
            audiences.append(
                AudienceResult(f.audience, f.responses, tally.share if visible else None, visible)
            )
            if visible:
                shown_tallies.append(tally)
        total = pooled(shown_tallies)
        results[code] = StandardResult(
            code, tuple(audiences), total.share if shown_tallies else None, total.responses
        )
    return results


def exported(session: Session, school_id: int, *, min_responses: int) -> list[dict[str, Any]]:
    """The school's surveys for its data export: per survey and statement, the share agreeing,
    as totals only (never a single response), and nothing for a survey below the threshold."""
    figures = survey_figures(session, Survey.school_id == school_id)
    cycles = dict(
        session.execute(
            select(Survey.id, Cycle.name)
            .join(Cycle, Cycle.id == Survey.cycle_id)
            .where(Survey.school_id == school_id)
        ).all()
    )
    out: list[dict[str, Any]] = []
    for f in figures:
        visible = shown(f.responses, min_responses)
        statements = []
        for statement in f.statements:
            agreeing, answers = f.by_statement.get(statement["id"], (0, 0))
            statements.append(
                {
                    "statement": statement["text"],
                    "standards": statement["standards"],
                    "agreeing_percent": round(100 * agreeing / answers)
                    if visible and answers
                    else None,
                }
            )
        out.append(
            {
                "cycle": cycles.get(f.survey_id),
                "audience": SurveyAudience(f.audience).label,
                "responses": f.responses if visible else f"fewer than {min_responses}",
                "statements": statements,
            }
        )
    return out
