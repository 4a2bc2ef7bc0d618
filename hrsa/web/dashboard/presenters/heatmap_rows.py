"""The heatmaps' figures as spreadsheet rows: the same words, numbers and small-number rule as
the pages (heatmap_data makes both), for the streaming writers in hrsa.exports."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from hrsa.core.figures import TOO_FEW, AreaHeatmap, area_cell_share
from hrsa.core.framework import Framework
from hrsa.core.vocabulary.assessment import AssessmentStatus
from hrsa.core.vocabulary.base import value_label
from hrsa.core.vocabulary.ratings import Rag
from hrsa.core.vocabulary.schools import PHASES
from hrsa.exports import Column, Styled
from hrsa.services.dashboard.counting import Counting
from hrsa.services.dashboard.heatmaps import SchoolRow
from hrsa.web.dashboard.presenters.heatmaps import area_name, school_cell_values


def school_columns(framework: Framework) -> tuple[Column, ...]:
    return (
        Column("School", width=40),
        Column("URN", width=8),
        Column("Phase", width=14),
        Column("Ward", width=24),
        Column("Assessment", width=12),
        Column("Reds", width=6),
        *(Column(code, width=9) for code in framework.standard_codes),
    )


def school_rows(rows: Iterable[SchoolRow]) -> Iterator[tuple[Any, ...]]:
    """One spreadsheet row per school, each standard's cell with its words and colour."""
    for row in rows:
        yield (
            row.name,
            row.urn,
            PHASES.get(row.phase, row.phase),
            row.ward,
            value_label(AssessmentStatus, row.status),
            row.reds,
            *(Styled(*school_cell_values(cell)) for cell in row.cells),
        )


def area_columns(heatmap: AreaHeatmap, framework: Framework) -> tuple[Column, ...]:
    area = "Ward" if heatmap.by == "ward" else "Phase"
    per_principle = (
        column
        for p in framework.principles
        for column in (
            Column(f"{p.number}. {p.title}: share rated Green", width=16),
            Column(f"{p.number}. {p.title}: share rated Red", width=16),
        )
    )
    return (
        Column(area, width=28),
        Column("Schools", width=9),
        *per_principle,
        Column("Assessments counted", width=24),
    )


def area_rows(heatmap: AreaHeatmap, counting: Counting) -> Iterator[tuple[Any, ...]]:
    """The area rows (in the page's order) then the total, as on the page: each principle's
    share rated Green and share rated Red, too few schools in words, no figures; each row
    names which assessments it counts."""
    for row in (*heatmap.rows, heatmap.city):
        cells: list[Any] = []
        for cell in row.cells:
            cells += [area_cell_share(cell, Rag.GREEN), area_cell_share(cell, Rag.RED)]
        yield (area_name(heatmap.by, row.area), row.schools, *cells, counting.short.capitalize())


__all__ = ["TOO_FEW", "area_columns", "area_rows", "school_columns", "school_rows"]
