"""The city's survey figures as page rows and as one export table (the same numbers both)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from hrsa.exports.cells import Column
from hrsa.services.surveys.city import Cell, GapRow, WardRow
from hrsa.web.surveys.presenters import share_text

TOO_FEW = "Too few"


def cell_text(cell: Cell) -> str:
    """'72% (34)'; 'Too few' when suppressed; '–' when no survey asks about it."""
    if cell.share is not None:
        return f"{share_text(cell.share)} ({cell.responses:,})"
    return TOO_FEW if cell.suppressed else "–"


def gap_text(row: GapRow) -> str:
    points = row.gap_points
    if points is None:
        return "–"
    if points == 0:
        return "No gap"
    return f"{abs(points)} points {'higher' if points > 0 else 'lower'}"


def city_page(
    codes: Sequence[str],
    wards: Sequence[WardRow],
    gaps: Sequence[GapRow],
    threshold: int,
    authorities: Sequence[WardRow] = (),
) -> dict[str, Any]:
    """The city page's tables, ready to show."""
    return {
        "codes": list(codes),
        "ward_rows": [
            {"ward": row.ward, "cells": [cell_text(row.cells[code]) for code in codes]}
            for row in wards
        ],
        "authority_rows": [
            {"ward": row.ward, "cells": [cell_text(row.cells[code]) for code in codes]}
            for row in authorities
        ],
        "gap_rows": [
            {
                "code": row.code,
                "schools": row.schools,
                "self_rating": share_text(row.self_rating),
                "agreement": share_text(row.agreement),
                "gap": gap_text(row),
                "flagged": row.flagged,
            }
            for row in gaps
        ],
        "min_responses": threshold,
    }


def export_columns() -> list[Column]:
    return [
        Column("Table", 16),
        Column("Ward", 24),
        Column("Standard", 10),
        Column("Responses", 12),
        Column("Share agreeing (%)", 18),
        Column("Schools", 10),
        Column("Average self-rating (%)", 22),
        Column("Gap (points)", 14),
        Column("Worth a second look", 20),
    ]


def _percent(share: float | None) -> int | None:
    return None if share is None else round(share * 100)


def export_rows(
    codes: Sequence[str], wards: Sequence[WardRow], gaps: Sequence[GapRow]
) -> Iterator[list[Any]]:
    """Ward-by-standard rows, then one gap row per standard; suppressed values left empty."""
    for row in wards:
        for code in codes:
            cell = row.cells[code]
            if cell.responses or cell.withheld:
                shown_n = cell.responses if cell.share is not None else None
                yield [
                    "Ward",
                    row.ward,
                    code,
                    shown_n,
                    _percent(cell.share),
                    None,
                    None,
                    None,
                    None,
                ]
    for gap in gaps:
        yield [
            "City gap",
            "",
            gap.code,
            None,
            _percent(gap.agreement),
            gap.schools,
            _percent(gap.self_rating),
            gap.gap_points,
            gap.flagged,
        ]
