"""The resource-gap report: where schools' need is high and the bank has little to offer.

Recommendation 3: "gaps in resources to be identified ... and production of new evidence-based
resources to be developed". For each standard, the share of schools that rated it Red or Amber in
a cycle sits beside the number of approved resources mapped to it and how many schools used
them; a standard with high need and few resources is flagged as where new resources should be
commissioned. Three grouped queries whatever the size of the city or the bank; need is counted
by the dashboard's own query, with its one rule of which assessments count.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from hrsa.core.figures import FEW_RESOURCES, HIGH_NEED_SHARE
from hrsa.core.formatting import percentage
from hrsa.core.framework import Framework
from hrsa.core.vocabulary.ratings import rag_words
from hrsa.exports import Column
from hrsa.models import Resource, ResourceStandard, ResourceUse
from hrsa.services.dashboard.counting import Counting
from hrsa.services.dashboard.figures import Filters, rag_counts_by_standard
from hrsa.services.resources.proposals import visible_to_schools


@dataclass(frozen=True)
class GapRow:
    code: str
    text: str
    principle_number: int
    schools_rated: int
    schools_with_gap: int
    resources: int
    schools_using: int

    @property
    def need_share(self) -> float | None:
        """Red or Amber schools over schools that rated the standard (None: nobody rated it)."""
        return self.schools_with_gap / self.schools_rated if self.schools_rated else None

    @property
    def need_label(self) -> str:
        return percentage(self.schools_with_gap, self.schools_rated)

    @property
    def commission(self) -> bool:
        """High need and few resources: where new resources should be commissioned."""
        share = self.need_share
        return share is not None and share >= HIGH_NEED_SHARE and self.resources <= FEW_RESOURCES


@dataclass(frozen=True)
class GapReport:
    cycle_name: str
    rows: tuple[GapRow, ...]
    counting: Counting = Counting.SUBMITTED

    @property
    def to_commission(self) -> tuple[GapRow, ...]:
        return tuple(row for row in self.rows if row.commission)


def gap_report(
    session: Session,
    *,
    cycle_id: int,
    cycle_name: str,
    framework: Framework,
    today: date,
    filters: Filters,
) -> GapReport:
    """Each standard's need in the cycle beside the bank's approved resources and their use.

    Need is counted like every dashboard figure (`filters`: submitted assessments only unless
    the counting says otherwise); the resources and their use are the whole city's."""
    # The dashboard's own count, so the report and the overview never disagree (one GROUP BY).
    counted = rag_counts_by_standard(session, [cycle_id], filters)
    need = {code: (counts.rated, counts.gaps) for (_, code), counts in counted.items()}
    approved = (
        select(ResourceStandard.standard_code, ResourceStandard.resource_id)
        .join(Resource, Resource.id == ResourceStandard.resource_id)
        .where(visible_to_schools(today))
        .subquery()
    )
    resources: dict[str, int] = {
        code: int(count)
        for code, count in session.execute(
            select(approved.c.standard_code, func.count(approved.c.resource_id)).group_by(
                approved.c.standard_code
            )
        )
    }
    using: dict[str, int] = {
        code: int(count)
        for code, count in session.execute(
            select(approved.c.standard_code, func.count(distinct(ResourceUse.school_id)))
            .join(ResourceUse, ResourceUse.resource_id == approved.c.resource_id)
            .group_by(approved.c.standard_code)
        )
    }
    rows = tuple(
        GapRow(
            code=standard.code,
            text=standard.text,
            principle_number=standard.principle_number,
            schools_rated=need.get(standard.code, (0, 0))[0],
            schools_with_gap=need.get(standard.code, (0, 0))[1],
            resources=int(resources.get(standard.code, 0)),
            schools_using=int(using.get(standard.code, 0)),
        )
        for standard in framework.standards
    )
    return GapReport(cycle_name=cycle_name, rows=rows, counting=filters.counting)


EXPORT_COLUMNS: Sequence[Column] = (
    Column("Standard", width=10),
    Column("Standard text", width=60),
    Column("Schools that rated it", width=12),
    Column(f"Schools rating it {rag_words(gaps=True)}", width=14),
    Column(f"Share rating it {rag_words(gaps=True)}", width=14),
    Column("Approved resources", width=12),
    Column("Schools using them", width=12),
    Column("Commission new resources", width=14),
    Column("Assessments counted", width=24),
)


def export_rows(report: GapReport) -> Iterator[tuple[object, ...]]:
    """The report as spreadsheet rows (the writers neutralise any formula-like text)."""
    for row in report.rows:
        share = row.need_share
        yield (
            row.code,
            row.text,
            row.schools_rated,
            row.schools_with_gap,
            round(share, 3) if share is not None else None,
            row.resources,
            row.schools_using,
            "Yes" if row.commission else "No",
            report.counting.short.capitalize(),
        )
