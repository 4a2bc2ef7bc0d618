"""The citywide summary report as plain data: the dashboard's own figures for one cycle and one
set of filters, gathered for a PDF fit for a partnership board paper.

Nothing is counted here: the overview, both area heatmaps (wards and phases, with the
small-number rule), the gap ranking and the resource-gap report come from the same services as
the dashboard pages, so the PDF says exactly what the pages say. A fixed number of queries,
whatever the number of schools.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from hrsa.core.errors import NotFound
from hrsa.core.figures import AreaHeatmap
from hrsa.core.formatting import download_name, plural
from hrsa.core.framework import Framework
from hrsa.core.vocabulary.schools import PHASES
from hrsa.models import Cycle
from hrsa.services.dashboard.figures import Filters
from hrsa.services.dashboard.heatmaps import area_heatmap
from hrsa.services.dashboard.overview import Overview, counted_note, overview
from hrsa.services.dashboard.trends import GapRanking, gap_ranking
from hrsa.services.resources.gaps import GapReport, gap_report
from hrsa.services.schools import profile


class NothingToReport(NotFound):
    """No assessment the filters count: there are no figures to put in a report."""


@dataclass(frozen=True)
class CityReport:
    """Everything the citywide summary report shows."""

    cycle: str
    previous_cycle: str | None
    filters: Filters
    min_schools: int
    generated_at: datetime
    overview: Overview
    wards: AreaHeatmap
    phases: AreaHeatmap
    ranking: GapRanking
    resources: GapReport

    @property
    def title(self) -> str:
        return f"Citywide summary report: {self.cycle}"

    @property
    def counting(self) -> str:
        """'Counting submitted assessments only': on every page of the PDF."""
        return self.filters.counting.label

    @property
    def counted_note(self) -> str:
        """What the figures count, in the overview page's words."""
        return counted_note(self.overview, self.cycle)

    @property
    def filter_lines(self) -> tuple[tuple[str, str], ...]:
        """The filters the figures honour, as (what, chosen) in words."""
        filters = self.filters
        return (
            ("Cycle", self.cycle),
            ("Compared with", self.previous_cycle or "No earlier cycle"),
            (
                "Assessments counted",
                filters.counting.short.capitalize(),
            ),
            (
                "Ratings shown",
                "Moderated ratings, where the advisory group has moderated"
                if filters.moderated
                else "Schools' own ratings",
            ),
            ("Ward", filters.ward or "All wards"),
            ("Phase", PHASES.get(filters.phase, filters.phase) if filters.phase else "All phases"),
            (
                "Small-number rule",
                f"Area figures from fewer than {plural(self.min_schools, 'school')} not shown",
            ),
        )


def nothing_counted(cycle_name: str, filters: Filters) -> str:
    """Why there is no report, in a sentence."""
    which = filters.counting.verb
    who = "No school matching these filters" if filters.ward or filters.phase else "No school"
    return (
        f"{who} has {which} its {cycle_name} assessment yet, so there are no figures for a "
        "citywide report."
    )


def city_report(
    session: Session,
    framework: Framework,
    cycle: Cycle,
    previous: Cycle | None,
    filters: Filters,
    *,
    min_schools: int,
    now: datetime,
) -> CityReport:
    """The report's figures for the cycle and filters; NothingToReport when none are counted."""
    previous_id = previous.id if previous else None
    result = overview(session, framework, cycle.id, previous_id, filters)
    if not result.has_results:
        raise NothingToReport(nothing_counted(cycle.name, filters))

    def areas(by: str, names: list[str]) -> AreaHeatmap:
        return area_heatmap(
            session, framework, cycle.id, filters, by=by, areas=names, min_schools=min_schools
        )

    return CityReport(
        cycle=cycle.name,
        previous_cycle=previous.name if previous else None,
        filters=filters,
        min_schools=min_schools,
        generated_at=now,
        overview=result,
        wards=areas("ward", profile.wards_in_use(session)),
        phases=areas("phase", list(PHASES)),
        ranking=gap_ranking(session, framework, cycle.id, previous_id, filters),
        resources=gap_report(
            session,
            cycle_id=cycle.id,
            cycle_name=cycle.name,
            framework=framework,
            today=now.date(),
            filters=filters,
        ),
    )


def report_filename(report: CityReport) -> str:
    """'hrsa-citywide-report-2026-27-2026-11-22.pdf': the cycle and the date it was made."""
    return download_name(
        "hrsa", "citywide report", report.cycle, on=report.generated_at.date(), ext="pdf"
    )
