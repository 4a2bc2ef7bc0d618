"""The citywide summary report as plain data: the dashboard's own figures for one cycle and one
set of filters, gathered for a PDF fit for a partnership board paper.

Nothing is counted here: the overview, both area heatmaps (wards and phases, with the
small-number rule), the gap ranking, the trends and the resource-gap report come from the same
services as the dashboard pages, so the PDF says exactly what the pages say; the key messages
are drawn from those figures. A fixed number of queries,
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
from hrsa.services.cycles.lookup import all_cycles
from hrsa.services.dashboard.figures import Filters
from hrsa.services.dashboard.heatmaps import area_heatmap
from hrsa.services.dashboard.overview import Overview, counted_note, overview
from hrsa.services.dashboard.trends import GapRanking, Trends, gap_ranking, trends
from hrsa.services.reports.key_messages import KeyMessages, key_messages
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
    messages: KeyMessages
    trends: Trends

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
    previous_cycle_name = previous.name if previous else None
    result = overview(session, framework, cycle.id, previous_id, filters)
    if not result.has_results:
        raise NothingToReport(nothing_counted(cycle.name, filters))

    def areas(by: str, names: list[str]) -> AreaHeatmap:
        return area_heatmap(
            session, framework, cycle.id, filters, by=by, areas=names, min_schools=min_schools
        )

    wards = areas("ward", profile.wards_in_use(session))
    ranking = gap_ranking(session, framework, cycle.id, previous_id, filters)
    return CityReport(
        cycle=cycle.name,
        previous_cycle=previous.name if previous else None,
        filters=filters,
        min_schools=min_schools,
        generated_at=now,
        overview=result,
        wards=wards,
        phases=areas("phase", list(PHASES)),
        ranking=ranking,
        resources=gap_report(
            session,
            cycle_id=cycle.id,
            cycle_name=cycle.name,
            framework=framework,
            today=now.date(),
            filters=filters,
        ),
        messages=key_messages(result, ranking, wards, framework, previous_cycle_name),
        # Up to this cycle, the same schools in each: the dashboard's trends page by default.
        trends=trends(session, framework, cycles_up_to(session, cycle), filters),
    )


def cycles_up_to(session: Session, cycle: Cycle) -> list[Cycle]:
    """The cycle and every one that opened before it (a report of 2025/26 stops there)."""
    return [c for c in all_cycles(session) if (c.opens_on, c.id) <= (cycle.opens_on, cycle.id)]


def report_filename(report: CityReport) -> str:
    """'hrsa-citywide-report-2026-27-2026-11-22.pdf': the cycle and the date it was made."""
    return download_name(
        "hrsa", "citywide report", report.cycle, on=report.generated_at.date(), ext="pdf"
    )
