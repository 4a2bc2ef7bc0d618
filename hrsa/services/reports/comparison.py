"""The summary page of a school's report: how its ratings compare, how they changed, and what
the resource bank recommends for its Red and Amber standards.

Nothing is counted here twice: the ward, phase and city figures are the areas heatmap's
(hrsa.services.dashboard.heatmaps, small-number rule included), the change since the previous cycle
is the task list's, and the recommendations are the task list's too (resources_assessment).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from hrsa.core.figures import AreaHeatmap, RagCounts
from hrsa.core.vocabulary.schools import PHASES
from hrsa.models import Assessment, Authority
from hrsa.services.assessment import progress as assessments_progress
from hrsa.services.assessment import starting
from hrsa.services.assessment.progress import StandardChange
from hrsa.services.dashboard import heatmaps
from hrsa.services.dashboard.figures import Filters
from hrsa.services.reports import comparison_cache
from hrsa.services.resources import recommended
from hrsa.services.resources.recommended import GapRecommendations

# The whole-city bar's label when the school belongs to no authority.
ALL_SCHOOLS = "All schools"


@dataclass(frozen=True)
class Comparison:
    """One bar of the chart: whose ratings, how many schools, and the counts (None when the
    small-number rule hides them)."""

    label: str
    schools: int | None
    counts: RagCounts | None


@dataclass(frozen=True)
class PrincipleComparison:
    number: int
    title: str
    bars: tuple[Comparison, ...]


@dataclass(frozen=True)
class Summary:
    """The report's summary page and its recommended resources."""

    comparisons: tuple[PrincipleComparison, ...]
    min_schools: int
    previous_cycle: str | None
    changes: tuple[StandardChange, ...]
    recommendations: tuple[GapRecommendations, ...]


def _city_label(session: Session, authority_id: int | None) -> str:
    """The whole-city bar's label: the school's authority by name."""
    authority = session.get(Authority, authority_id) if authority_id is not None else None
    return authority.name if authority else ALL_SCHOOLS


def summary(session: Session, assessment: Assessment, *, min_schools: int, today: date) -> Summary:
    """The school's summary beside its ward, its phase and the city (submitted assessments)."""
    framework = starting.framework_for(assessment)
    school = assessment.school
    tasks = assessments_progress.task_list(session, assessment)

    stamp = comparison_cache.cycle_stamp(session, assessment.cycle_id)

    def area(by: str, name: str) -> AreaHeatmap:
        key = (assessment.cycle_id, framework.version, by, name, min_schools)
        return comparison_cache.kept(
            key,
            stamp,
            lambda: heatmaps.area_heatmap(
                session,
                framework,
                assessment.cycle_id,
                Filters(),
                by=by,
                areas=[name],
                min_schools=min_schools,
            ),
        )

    by_ward, by_phase = area("ward", school.ward), area("phase", school.phase)
    areas = (
        (f"{school.ward} ward", by_ward.rows[0]),
        (f"{PHASES.get(school.phase, school.phase)} schools", by_phase.rows[0]),
        (_city_label(session, school.authority_id), by_ward.city),
    )
    comparisons = []
    for index, progress in enumerate(tasks.principles):
        own = RagCounts(progress.red, progress.amber, progress.green, progress.unrated)
        bars = [Comparison(school.name, None, own)]
        for label, row in areas:
            cell = row.cells[index]
            bars.append(Comparison(label, cell.schools, None if cell.suppressed else cell.counts))
        comparisons.append(PrincipleComparison(progress.number, progress.title, tuple(bars)))
    return Summary(
        comparisons=tuple(comparisons),
        min_schools=min_schools,
        previous_cycle=tasks.previous_cycle,
        changes=tuple(tasks.changes.values()),
        recommendations=tuple(recommended.for_gaps(session, assessment, framework, today=today)),
    )
