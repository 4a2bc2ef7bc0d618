"""Turn the aggregation services' dataclasses into what the dashboard templates display.

Templates only display: every label, colour, letter, percentage and link is made here, with the
words and colours from hrsa.core.vocabulary and the numbers from hrsa.core.formatting.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import url_for

from hrsa.core.figures import PrincipleFigures, RagCounts, StandardFigures
from hrsa.core.formatting import percentage, plural
from hrsa.core.vocabulary.assessment import AssessmentStatus
from hrsa.core.vocabulary.base import Look
from hrsa.core.vocabulary.moderation import ModerationOutcome
from hrsa.core.vocabulary.ratings import UNRATED, Rag
from hrsa.core.vocabulary.schools import PHASES
from hrsa.services.dashboard.overview import Overview, counted_note
from hrsa.services.dashboard.support import SchoolNeed

# The order values are stacked and listed in: weakest first, then not yet rated.
SCALE: tuple[tuple[Rag | None, Look], ...] = (*((rag, rag.look) for rag in Rag), (None, UNRATED))


def scale_headings() -> list[dict[str, str]]:
    """The column headings for a distribution: each value's label, letter and tag class."""
    return [
        {"label": look.label, "letter": look.letter, "tag_class": look.tag_class}
        for _, look in SCALE
    ]


# A part of a bar this wide (percent) or wider carries its letter, so the bar reads without
# colour (greyscale, or colour-blind eyes, to which Red and Green can look alike).
LETTERED_WIDTH = 4.0


def bar(counts: RagCounts) -> list[dict[str, Any]]:
    """A stacked bar's segments (x, width and middle in percent of the bar), in SCALE order."""
    segments: list[dict[str, Any]] = []
    if not counts.total:
        return segments
    x = 0.0
    for rag, look in SCALE:
        number = counts.count(rag)
        width = 100 * number / counts.total
        if number:
            segments.append(
                {
                    "x": round(x, 3),
                    "width": round(width, 3),
                    "middle": round(x + width / 2, 3),
                    "fill": f"#{look.fill}",
                    "letter": look.letter if width >= LETTERED_WIDTH and rag else "",
                    "text_fill": f"#{look.text_colour}",
                }
            )
        x += width
    return segments


def distribution_row(counts: RagCounts) -> dict[str, Any]:
    """A table row's figures: the bar, and each value's count with its share of the total."""
    return {
        "bar": bar(counts),
        "cells": [
            {
                "count": f"{counts.count(rag):,}",
                "share": percentage(counts.count(rag), counts.total),
                "label": look.label,
            }
            for rag, look in SCALE
        ],
        "total": f"{counts.total:,}",
    }


def principle_rows(principles: Iterable[PrincipleFigures]) -> list[dict[str, Any]]:
    return [{"name": f"{p.number}. {p.title}", **distribution_row(p.counts)} for p in principles]


def standard_rows(principles: Iterable[PrincipleFigures]) -> list[dict[str, Any]]:
    return [
        {"name": f"{s.code}", "text": s.text, **distribution_row(s.counts)}
        for p in principles
        for s in p.standards
    ]


def gap_item(standard: StandardFigures) -> dict[str, Any]:
    counts = standard.counts
    return {
        "code": standard.code,
        "text": standard.text,
        "share": percentage(counts.gaps, counts.rated),
        "detail": f"{plural(counts.red, f'{Rag.RED.label} rating')} and "
        f"{plural(counts.amber, f'{Rag.AMBER.label} rating')} of {counts.rated:,}",
    }


def _need(school: SchoolNeed, detail: str) -> dict[str, Any]:
    href = (
        url_for("assessment.task_list", assessment_id=school.assessment_id)
        if school.assessment_id
        else url_for("schools.show_profile", school_id=school.school_id)
    )
    return {"name": school.name, "urn": school.urn, "href": href, "detail": detail}


def support_columns(result: Overview) -> list[dict[str, Any]]:
    """The three lists of schools that may need support, with what to say when one is empty."""
    support = result.support
    shown = len(support.not_started)
    more = support.not_started_total - shown
    return [
        {
            "heading": "Most Red ratings",
            "schools": [_need(s, plural(s.reds, "Red rating")) for s in support.most_reds],
            "empty": "No school rated any standard Red.",
        },
        {
            "heading": "Declined since the last cycle",
            "schools": [
                _need(s, f"down {plural(abs(s.change_points or 0), 'percentage point')}")
                for s in support.declined
            ],
            "empty": "No school's mean score fell since the last cycle."
            if result.previous_cycle_id
            else "There is no earlier cycle to compare with.",
        },
        {
            "heading": AssessmentStatus.NOT_STARTED.label,
            "schools": [_need(s, "") for s in support.not_started],
            "more": f"and {plural(more, 'other school')}" if more > 0 else "",
            "empty": "Every school has started its assessment.",
        },
    ]


def moderation_rows(result: Overview) -> list[dict[str, Any]]:
    """Agreed and challenged ratings, for a summary list."""
    counts = result.moderation
    return [
        {"key": {"text": ModerationOutcome.AGREE.label}, "value": {"text": f"{counts.agreed:,}"}},
        {
            "key": {"text": ModerationOutcome.CHALLENGE.label},
            "value": {"text": f"{counts.challenged:,}"},
        },
    ]


def overview_context(result: Overview, cycle_name: str) -> dict[str, Any]:
    """Everything overview.html displays."""
    status_table = status_rows(result)
    totals = status_table[-1]["cells"]
    return {
        "headline": [
            {"number": f"{result.schools.total:,}", "text": "schools"},
            *(
                {"number": number, "text": status.label.lower()}
                for status, number in zip(AssessmentStatus, totals, strict=True)
            ),
        ],
        "statuses": status_headings(),
        "status_rows": status_table,
        "counted_note": counted_note(result, cycle_name),
        "scale": scale_headings(),
        "principle_rows": principle_rows(result.principles),
        "standard_rows": standard_rows(result.principles),
        "gaps": [gap_item(s) for s in result.largest_gaps],
        "moderation_rows": moderation_rows(result),
        "support_columns": support_columns(result),
    }


def status_rows(result: Overview) -> list[dict[str, Any]]:
    """Schools by status, by phase then in total."""
    rows: list[dict[str, Any]] = [
        {"name": PHASES.get(p.phase, p.phase), "counts": p.counts, "is_total": False}
        for p in result.by_phase
    ]
    rows.append({"name": "All phases", "counts": result.schools, "is_total": True})
    return [
        {
            "name": row["name"],
            "is_total": row["is_total"],
            "cells": [f"{row['counts'].count(status):,}" for status in AssessmentStatus],
            "total": f"{row['counts'].total:,}",
        }
        for row in rows
    ]


def status_headings() -> list[str]:
    return [status.label for status in AssessmentStatus]
