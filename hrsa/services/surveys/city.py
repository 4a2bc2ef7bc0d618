"""The city's survey figures: agreement by ward and standard, and the gap between the schools'
own ratings and what their surveys found, standard by standard. Only surveys with enough
responses count (hrsa.services.surveys.figures.shown), and a cell resting on fewer responses
than the threshold is suppressed."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from hrsa.core.vocabulary.assessment import AssessmentStatus
from hrsa.core.vocabulary.ratings import Rag
from hrsa.models import Assessment, Rating, Survey
from hrsa.services.surveys.figures import SurveyFigures, Tally, shown, survey_figures
from hrsa.services.surveys.results import second_look

# A self-rating as a percentage, so it can stand beside a share agreeing.
RATING_SCORE = {Rag.RED.value: 0.0, Rag.AMBER.value: 0.5, Rag.GREEN.value: 1.0}


@dataclass(frozen=True)
class Cell:
    """Agreement in one ward on one standard; `share` is None when suppressed or empty.
    `withheld` counts the responses of surveys too small to count (they are left out)."""

    responses: int
    share: float | None
    withheld: int = 0

    @property
    def suppressed(self) -> bool:
        return self.share is None and (self.responses > 0 or self.withheld > 0)


@dataclass(frozen=True)
class WardRow:
    """One area's row (a ward, or an authority in the authority table)."""

    ward: str
    cells: dict[str, Cell]


@dataclass(frozen=True)
class GapRow:
    """One standard across the city: the schools with both a rating and a survey figure, their
    average self-rating (Green 100 %, Amber 50 %, Red 0 %), the share of their survey answers
    agreeing, the gap between the two in percentage points, and how many are worth a second
    look."""

    code: str
    schools: int
    self_rating: float | None
    agreement: float | None
    flagged: int

    @property
    def gap_points(self) -> int | None:
        if self.self_rating is None or self.agreement is None:
            return None
        return round((self.self_rating - self.agreement) * 100)


def _counted(session: Session, cycle_id: int, min_responses: int) -> list[SurveyFigures]:
    """The cycle's surveys that have enough responses to count anywhere."""
    return [
        f
        for f in survey_figures(session, Survey.cycle_id == cycle_id)
        if shown(f.responses, min_responses)
    ]


def _split(
    session: Session, cycle_id: int, min_responses: int
) -> tuple[list[SurveyFigures], list[SurveyFigures]]:
    """The cycle's surveys: (those that count, those too small to)."""
    figures = survey_figures(session, Survey.cycle_id == cycle_id)
    counted = [f for f in figures if shown(f.responses, min_responses)]
    return counted, [f for f in figures if not shown(f.responses, min_responses)]


def ward_table(
    session: Session, cycle_id: int, codes: list[str], *, min_responses: int
) -> list[WardRow]:
    """Agreement by ward (rows, by name) and standard (cells); a fixed number of statements."""
    return area_table(session, cycle_id, codes, by="ward", min_responses=min_responses)


def authority_table(
    session: Session, cycle_id: int, codes: list[str], *, min_responses: int
) -> list[WardRow]:
    """Agreement by authority (council) and standard, under the same small-number rule."""
    return area_table(session, cycle_id, codes, by="authority", min_responses=min_responses)


def area_table(
    session: Session, cycle_id: int, codes: list[str], *, by: str, min_responses: int
) -> list[WardRow]:
    """Agreement by area (`by`: "ward" or "authority"; rows by name) and standard (cells)."""
    tallies: dict[str, dict[str, Tally]] = defaultdict(lambda: defaultdict(Tally))
    withheld: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    counted, too_small = _split(session, cycle_id, min_responses)
    for f in counted:
        for code in codes:
            tally = f.standard_tally(code)
            if tally is not None:
                tallies[getattr(f, by)][code].add(tally)
    for f in too_small:
        for code in codes:
            if f.responses and f.standard_tally(code) is not None:
                withheld[getattr(f, by)][code] += f.responses
    rows = []
    for ward in sorted(set(tallies) | set(withheld)):
        cells = {}
        for code in codes:
            tally = tallies[ward].get(code, Tally())
            visible = shown(tally.responses, min_responses)
            cells[code] = Cell(
                tally.responses, tally.share if visible else None, withheld[ward].get(code, 0)
            )
        rows.append(WardRow(ward, cells))
    return rows


def _ratings(session: Session, cycle_id: int) -> dict[tuple[int, str], str]:
    """(school id, standard code) -> the rating in the school's submitted assessment."""
    rows = session.execute(
        select(Assessment.school_id, Rating.standard_code, Rating.rag)
        .join(Rating, Rating.assessment_id == Assessment.id)
        .where(
            Assessment.cycle_id == cycle_id,
            Assessment.status == AssessmentStatus.SUBMITTED,
            Rating.rag.is_not(None),
        )
    )
    return {(school_id, code): str(rag) for school_id, code, rag in rows}


def gap_table(
    session: Session, cycle_id: int, codes: list[str], *, min_responses: int
) -> list[GapRow]:
    """For each standard, the submitted self-ratings beside the survey agreement of the same
    schools (a school counts when it has both); a fixed number of statements."""
    ratings = _ratings(session, cycle_id)
    per_school: dict[tuple[int, str], Tally] = defaultdict(Tally)
    for f in _counted(session, cycle_id, min_responses):
        for code in codes:
            tally = f.standard_tally(code)
            if tally is not None:
                per_school[(f.school_id, code)].add(tally)
    rows = []
    for code in codes:
        scores: list[float] = []
        total = Tally()
        flagged = 0
        for (school_id, school_code), tally in per_school.items():
            rag = ratings.get((school_id, school_code))
            if school_code != code or rag is None:
                continue
            scores.append(RATING_SCORE[rag])
            total.add(tally)
            flagged += second_look(rag, tally.share)
        enough = shown(total.responses, min_responses) and bool(scores)
        rows.append(
            GapRow(
                code,
                len(scores),
                sum(scores) / len(scores) if enough else None,
                total.share if enough else None,
                flagged if enough else 0,
            )
        )
    return rows
