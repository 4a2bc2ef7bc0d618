"""What the areas heatmap shows: each area's share of standards rated Green (or Red) for each
principle, as a number on a graded colour, with column headings that sort the rows.

The grades are single-hue scales (ColorBrewer's Blues for Green, Oranges for Red): they differ in
lightness, so they read under every kind of colour blindness and in greyscale, and the number is
in every cell anyway. Their colours come from `routes.colours` (no inline styles are allowed);
each grade's text is black or white, whichever contrasts more.
"""

from __future__ import annotations

from typing import Any

from flask import url_for

from hrsa.core.figures import AreaCell, AreaHeatmap, AreaRow, area_cell_share
from hrsa.core.formatting import plural
from hrsa.core.framework import Framework
from hrsa.core.vocabulary.ratings import Rag
from hrsa.services.dashboard.heatmaps import (
    AREA_SORT_BY_NAME,
    AREA_SORT_BY_SCHOOLS,
    principle_sort_key,
)
from hrsa.web.dashboard.presenters.heatmaps import area_name

GRADE_STEP = 20  # percentage points per grade: 0–19%, 20–39%, ... 80–100%
SHARE_SCALES: dict[str, tuple[str, ...]] = {
    Rag.GREEN.value: ("eff3ff", "c6dbef", "6baed6", "2171b5", "08306b"),
    Rag.RED.value: ("feedde", "fdbe85", "fd8d3c", "d94701", "7f2704"),
}


def _luminance(hex_colour: str) -> float:
    """The WCAG relative luminance of a colour given as six hex digits."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def text_colour(fill: str) -> str:
    """Black or white text on `fill`, whichever has the higher contrast."""
    light = _luminance(fill)
    on_black = (light + 0.05) / 0.05
    on_white = 1.05 / (light + 0.05)
    return "0b0c0c" if on_black >= on_white else "ffffff"


def share_css() -> str:
    """The grades' classes for routes.colours: `hrsa-share--green-0` to `hrsa-share--red-4`."""
    return "".join(
        f".hrsa-share--{rag}-{grade}{{background-color:#{fill};color:#{text_colour(fill)}}}"
        f".hrsa-share--{rag}-{grade} a{{color:#{text_colour(fill)}}}\n"
        for rag, fills in SHARE_SCALES.items()
        for grade, fill in enumerate(fills)
    )


def grade_of(counts_share: float) -> int:
    """The grade of a share, by its shown (rounded) percentage."""
    return min(len(SHARE_SCALES[Rag.GREEN.value]) - 1, round(100 * counts_share) // GRADE_STEP)


def grade_key(rag: Rag) -> list[dict[str, str]]:
    """The key above the heatmap: each grade's colour and range."""
    count = len(SHARE_SCALES[rag.value])
    items = []
    for grade in range(count):
        low, high = grade * GRADE_STEP, min(100, (grade + 1) * GRADE_STEP - 1)
        if grade == count - 1:
            high = 100
        items.append({"class": f"hrsa-share--{rag.value}-{grade}", "label": f"{low}–{high}%"})
    return items


def _cell(cell: AreaCell, rag: Rag, area: str, principle: str, href: str | None) -> dict[str, Any]:
    shown = area_cell_share(cell, rag)
    share = None if cell.suppressed else cell.counts.share(rag)
    return {
        "suppressed": cell.suppressed,
        "text": shown,
        "class": "hrsa-share--none"
        if share is None
        else f"hrsa-share--{rag.value}-{grade_of(share)}",
        "hidden": f"{area}, principle {principle}: ",
        "detail": ""
        if cell.suppressed
        else f" rated {rag.label}, {plural(cell.schools, 'school')}",
        "href": href,
    }


def area_rows(
    heatmap: AreaHeatmap, framework: Framework, rag: Rag, drill_args: dict[str, Any]
) -> list[dict[str, Any]]:
    """The area rows in their order, then the total; each area's cells link to its schools."""
    numbers = {p.number: str(p.number) for p in framework.principles}

    def row(area_row: AreaRow, is_total: bool) -> dict[str, Any]:
        name = area_name(heatmap.by, area_row.area)
        href = None
        if not is_total:
            href = url_for("dashboard.school_heatmap", **{**drill_args, heatmap.by: area_row.area})
        return {
            "name": name,
            "schools": f"{area_row.schools:,}",
            "is_total": is_total,
            "cells": [
                _cell(c, rag, name, numbers.get(c.principle_number, ""), href)
                for c in area_row.cells
            ],
        }

    return [row(r, False) for r in heatmap.rows] + [row(heatmap.city, True)]


def sort_headings(
    framework: Framework, area_label: str, args: dict[str, Any], key: str, descending: bool
) -> list[dict[str, Any]]:
    """Each column's heading with a link sorting by it: a second click reverses the order.
    Names sort A to Z first; numbers and shares largest first."""
    columns = [(AREA_SORT_BY_NAME, area_label, ""), (AREA_SORT_BY_SCHOOLS, "Schools", "")]
    columns += [
        (principle_sort_key(p.number), f"{p.number}. {p.title}", "principle")
        for p in framework.principles
    ]
    base = {k: v for k, v in args.items() if k not in ("sort", "order")}
    headings = []
    for column, text, kind in columns:
        current = column == key
        first_descending = column != AREA_SORT_BY_NAME
        next_descending = not descending if current else first_descending
        query = dict(base)
        if column != AREA_SORT_BY_NAME:
            query["sort"] = column
        if next_descending:
            query["order"] = "desc"
        direction = "descending" if descending else "ascending"
        headings.append(
            {
                "text": text,
                "kind": kind,
                "href": url_for("dashboard.area_heatmap", **query),
                "aria_sort": direction if current else None,
                "arrow": ("▼" if descending else "▲") if current else "",
                "sort_words": f"sort by {text} {'descending' if next_descending else 'ascending'}",
            }
        )
    return headings
