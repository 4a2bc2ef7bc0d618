"""The two heatmaps: one row per school and a column per standard, and one row per ward (or
phase) with a column per principle.

The school heatmap asks three questions whatever the size of the city: how many schools match,
which 50 are on this page, and those 50 schools' ratings. The area heatmap is one GROUP BY (over
the rating_count summary, or the ratings for moderated values); its city row adds up the area
rows, since every school is in exactly one ward and one phase. Areas with fewer counted schools
than the small-number setting are marked `suppressed`, so published figures never single out a
school.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import groupby
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hrsa.core.figures import AreaCell, AreaHeatmap, AreaRow, RagCounts
from hrsa.core.framework import Framework
from hrsa.core.pagination import PER_PAGE, window
from hrsa.core.vocabulary.moderation import ModerationOutcome
from hrsa.core.vocabulary.ratings import Rag
from hrsa.models import Assessment, Rating, RatingCount, School
from hrsa.models.moderation import Moderation
from hrsa.services.assessment import rating_counts
from hrsa.services.dashboard.figures import (
    Filters,
    count_of,
    counted_assessments,
    counted_ratings,
    rag_column,
    restrict_schools,
)

SORT_BY_NAME = "name"
SORT_BY_REDS = "reds"
AREA_COLUMNS = {"ward": School.ward, "phase": School.phase}


# --- school x standard ----------------------------------------------------------------------


@dataclass(frozen=True)
class SchoolCell:
    """One school's rating of one standard, as counted (moderated when asked for)."""

    code: str
    principle_number: int
    rag: str | None
    challenged: bool = False


@dataclass(frozen=True)
class SchoolRow:
    school_id: int
    name: str
    urn: str
    phase: str
    ward: str
    assessment_id: int
    status: str
    cells: tuple[SchoolCell, ...]

    @property
    def reds(self) -> int:
        return sum(1 for cell in self.cells if cell.rag == Rag.RED.value)


@dataclass(frozen=True)
class SchoolHeatmap:
    rows: tuple[SchoolRow, ...]
    total: int  # schools matching the filters, on every page
    page: int
    pages: int

    @property
    def page_exists(self) -> bool:
        return 1 <= self.page <= self.pages


def _matching(query: Any, cycle_id: int, filters: Filters, search: str | None) -> Any:
    """Keep the counted assessments of the cycle (query joins Assessment to School) whose school
    is in the filters' ward and phase and has the search words in its name."""
    query = query.where(Assessment.cycle_id == cycle_id, Assessment.status.in_(filters.statuses))
    if search:
        escaped = search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(School.name.ilike(f"%{escaped}%", escape="\\"))
    return restrict_schools(query, filters)


def _schools_and_assessments(*columns: Any) -> Any:
    return select(*columns).select_from(Assessment).join(School, Assessment.school_id == School.id)


def _page_query(cycle_id: int, filters: Filters, search: str | None, sort: str) -> Any:
    """The page's schools in order; sorting by Reds counts them for every matching school."""
    columns = _SCHOOL_COLUMNS
    query = _matching(_schools_and_assessments(*columns), cycle_id, filters, search)
    if sort != SORT_BY_REDS:
        return query.order_by(School.name, School.id)
    reds = count_of(rag_column(filters), Rag.RED)
    query = query.join(Rating, Rating.assessment_id == Assessment.id)
    if filters.moderated:
        query = query.outerjoin(Moderation, Moderation.rating_id == Rating.id)
    return query.group_by(*columns).order_by(reds.desc(), School.name, School.id)


Found = dict[str, tuple[str | None, bool]]  # standard code -> (RAG, challenged)
# What a row says about its school, in the order _school_row takes it.
_SCHOOL_COLUMNS = (
    School.id,
    School.name,
    School.urn,
    School.phase,
    School.ward,
    Assessment.id,
    Assessment.status,
)


def _is_challenge(outcome: str | None) -> bool:
    return outcome == ModerationOutcome.CHALLENGE.value


def _school_row(framework: Framework, school: Sequence[Any], found: Found) -> SchoolRow:
    """A row from (school id, name, URN, phase, ward, assessment id, status) and its ratings."""
    school_id, name, urn, phase, ward, assessment_id, status = school
    cells = tuple(
        SchoolCell(s.code, s.principle_number, *found.get(s.code, (None, False)))
        for s in framework.standards
    )
    return SchoolRow(school_id, name, urn, phase, ward, assessment_id, status, cells)


def school_heatmap(
    session: Session,
    framework: Framework,
    cycle_id: int,
    filters: Filters,
    *,
    search: str | None = None,
    sort: str = SORT_BY_NAME,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> SchoolHeatmap:
    """One page of schools with their counted assessment's rating of every standard."""
    counting = _matching(_schools_and_assessments(func.count()), cycle_id, filters, search)
    total = session.scalar(counting) or 0
    shown = window(page, total, per_page)
    pages = shown.pages
    if shown.number != page or total == 0:  # a page past the end is shown as missing
        return SchoolHeatmap(rows=(), total=total, page=page, pages=pages)
    listed = session.execute(
        _page_query(cycle_id, filters, search, sort).limit(shown.limit).offset(shown.offset)
    ).all()
    rag = rag_column(filters)
    cells_query = (
        select(Rating.assessment_id, Rating.standard_code, rag, Moderation.outcome)
        .select_from(Rating)
        .outerjoin(Moderation, Moderation.rating_id == Rating.id)
        .where(Rating.assessment_id.in_([row[5] for row in listed]))
    )
    found: dict[int, dict[str, tuple[str | None, bool]]] = {}
    for assessment_id, code, value, outcome in session.execute(cells_query):
        found.setdefault(assessment_id, {})[code] = (value, _is_challenge(outcome))
    rows = tuple(_school_row(framework, row[:7], found[row[5]]) for row in listed)
    return SchoolHeatmap(rows=rows, total=total, page=page, pages=pages)


def school_heatmap_rows(
    session: Session,
    framework: Framework,
    cycle_id: int,
    filters: Filters,
    *,
    search: str | None = None,
    sort: str = SORT_BY_NAME,
) -> Iterator[SchoolRow]:
    """Every matching school's row, in the page's order, streamed from one query (the export)."""
    rag = rag_column(filters)
    order: list[Any] = [School.name, School.id]
    extra: list[Any] = []
    if sort == SORT_BY_REDS:
        reds = count_of(rag, Rag.RED).over(partition_by=Assessment.id).label("reds")
        extra, order = [reds], [reds.desc(), *order]
    query = (
        select(*_SCHOOL_COLUMNS, Rating.standard_code, rag, Moderation.outcome, *extra)
        .select_from(Assessment)
        .join(School, Assessment.school_id == School.id)
        .join(Rating, Rating.assessment_id == Assessment.id)
        .outerjoin(Moderation, Moderation.rating_id == Rating.id)
        .where(
            Assessment.id.in_(
                _matching(select(Assessment.id).join(School), cycle_id, filters, search)
            )
        )
        .order_by(*order, Assessment.id)
        .execution_options(yield_per=2000)
    )
    for _, group in groupby(session.execute(query), key=lambda row: row[5]):
        ratings = list(group)
        found = {row[7]: (row[8], _is_challenge(row[9])) for row in ratings}
        yield _school_row(framework, ratings[0][:7], found)


# --- area x principle -----------------------------------------------------------------------


def _area_row(
    area: str, framework: Framework, found: dict[int, tuple[int, RagCounts]], min_schools: int
) -> AreaRow:
    cells = tuple(
        AreaCell(
            p.number,
            found.get(p.number, (0, RagCounts()))[0],
            found.get(p.number, (0, RagCounts()))[1],
            found.get(p.number, (0, RagCounts()))[0] < min_schools,
        )
        for p in framework.principles
    )
    schools = max((cell.schools for cell in cells), default=0)
    return AreaRow(area, schools, cells, schools < min_schools)


def area_heatmap(
    session: Session,
    framework: Framework,
    cycle_id: int,
    filters: Filters,
    *,
    by: str,
    areas: Sequence[str],
    min_schools: int,
) -> AreaHeatmap:
    """A row per area (every one in `areas`, in that order) and a column per principle, with
    the number of counted schools; one GROUP BY whatever the number of schools."""
    area = AREA_COLUMNS[by]
    if filters.moderated:  # the moderator's values are in the ratings' moderation only
        rag = rag_column(filters)
        query = select(
            area,
            Rating.principle_number,
            func.count(func.distinct(Assessment.school_id)),
            *(count_of(rag, value) for value in Rag),
            count_of(rag, None),
        ).select_from(Rating)
        query = counted_ratings(query, [cycle_id], filters, with_school=True).group_by(
            area, Rating.principle_number
        )
    else:
        # The rating_count summary: one row per assessment (so per school, in one cycle) and
        # principle, 8 rows a school instead of 21 ratings.
        query = counted_assessments(
            select(
                area,
                RatingCount.principle_number,
                func.count(),
                *(func.sum(getattr(RatingCount, value.value)) for value in Rag),
                func.sum(RatingCount.unrated),
            ).select_from(RatingCount),
            RatingCount.assessment_id,
            [cycle_id],
            filters,
            with_school=True,
        )
        query = query.where(
            RatingCount.principle_number != rating_counts.WHOLE_ASSESSMENT
        ).group_by(area, RatingCount.principle_number)
    found: dict[str, dict[int, tuple[int, RagCounts]]] = {}
    for name, number, schools, red, amber, green, unrated in session.execute(query):
        counts = RagCounts(int(red), int(amber), int(green), int(unrated or 0))
        found.setdefault(name, {})[number] = (schools, counts)
    chosen = filters.ward if by == "ward" else filters.phase
    wanted = [chosen] if chosen else list(areas)
    rows = tuple(_area_row(a, framework, found.get(a, {}), min_schools) for a in wanted)
    totals: dict[int, tuple[int, RagCounts]] = {}
    for per_area in found.values():
        for number, (schools, counts) in per_area.items():
            before = totals.get(number, (0, RagCounts()))
            totals[number] = (before[0] + schools, before[1] + counts)
    city = _area_row("Total", framework, totals, min_schools)
    return AreaHeatmap(by=by, min_schools=min_schools, rows=rows, city=city)


# --- sorting the areas ----------------------------------------------------------------------

AREA_SORT_BY_NAME = "name"
AREA_SORT_BY_SCHOOLS = "schools"


def principle_sort_key(number: int) -> str:
    """The sort key of a principle's column: 'p3'."""
    return f"p{number}"


def sort_areas(heatmap: AreaHeatmap, *, key: str, rag: Rag, descending: bool) -> AreaHeatmap:
    """The heatmap with its area rows in the order of one column: the area's name, its number
    of schools, or a principle's share rated `rag` ('p3'). Areas whose figures are not shown
    (too few schools, nothing rated) come last whichever the direction; ties keep the areas'
    own order. An unknown key keeps the areas' own order. The city row stays apart."""
    columns = {principle_sort_key(c.principle_number): i for i, c in enumerate(heatmap.city.cells)}
    if key == AREA_SORT_BY_NAME:
        ordered = sorted(heatmap.rows, key=lambda row: row.area.casefold(), reverse=descending)
    elif key == AREA_SORT_BY_SCHOOLS:
        ordered = sorted(heatmap.rows, key=lambda row: row.schools, reverse=descending)
    elif key in columns:
        index = columns[key]

        def share(row: AreaRow) -> float | None:
            cell = row.cells[index]
            return None if cell.suppressed else cell.counts.share(rag)

        shown = [row for row in heatmap.rows if share(row) is not None]
        hidden = [row for row in heatmap.rows if share(row) is None]
        ordered = sorted(shown, key=lambda row: share(row) or 0.0, reverse=descending) + hidden
    else:
        return heatmap
    return replace(heatmap, rows=tuple(ordered))
