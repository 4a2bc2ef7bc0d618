"""What the heatmap, gap ranking and trends templates display, made from the services' results.

Each heatmap cell carries its colour class (from the vocabulary's looks, see routes.colours),
its letter and its words, so it reads in greyscale and to a screen reader. The exports use the
same functions (`school_cell_values`, `area_cell_values`), so a file holds what the page shows.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import url_for

from hrsa.core.formatting import percentage
from hrsa.core.framework import Framework
from hrsa.core.vocabulary.assessment import AssessmentStatus
from hrsa.core.vocabulary.base import Look, value_label
from hrsa.core.vocabulary.moderation import ModerationOutcome
from hrsa.core.vocabulary.ratings import rag_look
from hrsa.core.vocabulary.schools import PHASES
from hrsa.services.dashboard.heatmaps import SchoolCell, SchoolRow
from hrsa.services.dashboard.trends import GapRanking, GapRow, SchoolHistory
from hrsa.web.dashboard.presenters.overview import SCALE, distribution_row

CHALLENGED_MARK = "*"


def fill_class(value: str | None) -> str:
    """The CSS class that colours a cell like a rating (routes.colours defines it)."""
    return f"hrsa-fill--{value or 'unrated'}"


def principle_headings(framework: Framework) -> list[dict[str, Any]]:
    """Each principle with its standards' codes and short titles (the visible column labels)
    and full text (the tooltips)."""
    return [
        {
            "number": p.number,
            "title": p.title,
            "span": len(p.standards),
            "standards": [
                {"code": s.code, "short": s.short_title, "text": s.text} for s in p.standards
            ],
        }
        for p in framework.principles
    ]


# --- school x standard ----------------------------------------------------------------------


def school_cell_values(cell: SchoolCell) -> tuple[str, Look]:
    """A school heatmap cell's words and look (the export writes the same words)."""
    look = rag_look(cell.rag)
    if cell.challenged:
        return f"{look.label} ({ModerationOutcome.CHALLENGE.label.lower()})", look
    return look.label, look


def _school_cell(
    cell: SchoolCell, assessment_id: int, school_name: str, shorts: dict[str, str]
) -> dict[str, Any]:
    label, look = school_cell_values(cell)
    return {
        "title": f"{school_name}, {cell.code} {shorts.get(cell.code, '')}: {label}",
        "letter": look.letter,
        "label": label,
        "class": fill_class(cell.rag),
        "mark": CHALLENGED_MARK if cell.challenged else "",
        "href": url_for(
            "assessment.principle", assessment_id=assessment_id, number=cell.principle_number
        )
        + f"#standard-{cell.code}",
        "hidden": f"Standard {cell.code} at {school_name}: ",
    }


def school_rows(rows: Iterable[SchoolRow], framework: Framework) -> list[dict[str, Any]]:
    """The heatmap's rows as the page (or the print view) shows them."""
    shorts = {s.code: s.short_title for s in framework.standards}
    return [
        {
            "name": row.name,
            "urn": row.urn,
            "phase": PHASES.get(row.phase, row.phase),
            "ward": row.ward,
            "href": url_for("assessment.task_list", assessment_id=row.assessment_id),
            "reds": row.reds,
            "in_progress": row.status != "submitted",
            "cells": [_school_cell(c, row.assessment_id, row.name, shorts) for c in row.cells],
        }
        for row in rows
    ]


def legend() -> list[dict[str, str]]:
    """Each value's letter, words and colour, for the key above a heatmap."""
    return [
        {
            "letter": look.letter,
            "label": look.label,
            "class": fill_class(rag.value if rag else None),
        }
        for rag, look in SCALE
    ]


# --- area x principle -----------------------------------------------------------------------


def area_name(by: str, area: str) -> str:
    return PHASES.get(area, area) if by == "phase" else area


# --- gap ranking and trends -----------------------------------------------------------------


def change_text(row: GapRow) -> dict[str, str]:
    """The change in the share of Red or Amber, in words with an arrow beside them."""
    points = row.change_points
    if points is None:
        return {"arrow": "", "text": row.change_words}
    if points == 0:
        return {"arrow": "→", "text": row.change_words}
    return {
        "arrow": "▲" if points > 0 else "▼",
        "text": row.change_words,
        "class": "hrsa-change--worse" if points > 0 else "hrsa-change--better",
    }


def gap_rows(rows: tuple[GapRow, ...], is_standard: bool) -> list[dict[str, Any]]:
    return [
        {
            "rank": index,
            "name": row.key if is_standard else f"{row.key}. {row.title}",
            "text": row.title if is_standard else "",
            "share": percentage(row.counts.gaps, row.counts.rated),
            "detail": f"{row.counts.gaps:,} of {row.counts.rated:,}",
            "bar": distribution_row(row.counts)["bar"],
            "change": change_text(row),
        }
        for index, row in enumerate(rows, start=1)
    ]


def gap_context(ranking: GapRanking) -> dict[str, Any]:
    return {
        "standard_rows": gap_rows(ranking.standards, True),
        "principle_rows": gap_rows(ranking.principles, False),
        "has_previous": ranking.has_previous,
        "has_results": any(row.counts.rated for row in ranking.standards),
    }


def history_context(history: SchoolHistory, framework: Framework) -> dict[str, Any]:
    """A school's history as rows of standards and columns of cycles, each cell coloured."""
    return {
        "cycles": [
            {"name": name, "status": value_label(AssessmentStatus, status)}
            for _, name, status in history.cycles
        ],
        "rows": [
            {
                "code": s.code,
                "text": s.text,
                "cells": [
                    {
                        "class": fill_class(rag),
                        "letter": rag_look(rag).letter,
                        "label": rag_look(rag).label,
                    }
                    for rag in (
                        history.ratings.get((cycle_id, s.code)) for cycle_id, _, _ in history.cycles
                    )
                ],
            }
            for s in framework.standards
        ],
    }
