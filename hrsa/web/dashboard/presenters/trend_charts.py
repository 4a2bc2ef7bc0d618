"""What the trends page shows: the headline chart (each principle's share rated Green and share
rated Red in every cycle) and below it a small chart per standard.

The headline is a table whose cells hold a bar and its number: the bars are drawn in SVG and
hidden from screen readers, the numbers are the table's. Green and Red bars sit in their own
columns and carry their letter, so they never rely on colour alone.
"""

from __future__ import annotations

from typing import Any

from hrsa.core.figures import RagCounts
from hrsa.core.formatting import percentage, plural
from hrsa.core.framework import Framework
from hrsa.core.vocabulary.ratings import Rag
from hrsa.services.dashboard.trends import TrendPoint, Trends, TrendSeries
from hrsa.web.dashboard.presenters.overview import distribution_row

HEADLINE_RAGS = (Rag.GREEN, Rag.RED)


def _share_bar(counts: RagCounts, rag: Rag) -> dict[str, Any]:
    """One bar of the headline: its width (percent of the cell), words, colour and letter."""
    share = counts.share(rag)
    look = rag.look
    return {
        "width": 0 if share is None else round(100 * share, 1),
        "text": percentage(counts.count(rag), counts.rated),
        "fill": f"#{look.fill}",
        "letter": look.letter,
        "text_fill": f"#{look.text_colour}",
    }


def change_words(points: tuple[TrendPoint, ...], rag: Rag) -> str:
    """'Up 12 points since 2024/25', 'No change since ...' or '' with fewer than two cycles."""
    rated = [p for p in points if p.counts.rated]
    if len(rated) < 2:
        return ""
    first, last = rated[0], rated[-1]
    before, now = first.counts.share(rag) or 0.0, last.counts.share(rag) or 0.0
    points_moved = round(100 * now) - round(100 * before)
    if points_moved == 0:
        return f"No change since {first.cycle_name}"
    word = "Up" if points_moved > 0 else "Down"
    return f"{word} {plural(abs(points_moved), 'point')} since {first.cycle_name}"


def headline_rows(result: Trends) -> list[dict[str, Any]]:
    """A group of rows per principle: one row per cycle with its two bars."""
    return [
        {
            "heading": f"{series.key}. {series.title}",
            "changes": [
                {"label": rag.label, "words": change_words(series.points, rag)}
                for rag in HEADLINE_RAGS
            ],
            "cycles": [
                {
                    "name": point.cycle_name,
                    "bars": [_share_bar(point.counts, rag) for rag in HEADLINE_RAGS],
                    "rated": point.counts.rated,
                }
                for point in series.points
            ],
        }
        for series in result.principles
    ]


def _small_chart(series: TrendSeries, short: str, principle: str) -> dict[str, Any]:
    return {
        "code": series.key,
        "short": short,
        "text": series.title,
        "principle": principle,
        "id": f"trend-{series.key.replace('.', '-')}",
        "rows": [
            {
                "name": point.cycle_name,
                "bar": distribution_row(point.counts)["bar"],
                "green": percentage(point.counts.green, point.counts.rated),
                "red": percentage(point.counts.red, point.counts.rated),
            }
            for point in series.points
        ],
    }


def small_multiples(result: Trends, framework: Framework) -> list[dict[str, Any]]:
    """A small chart per standard, grouped by principle, in framework order."""
    by_code = {s.key: s for s in result.standards}
    return [
        {
            "heading": f"{p.number}. {p.title}",
            "charts": [
                _small_chart(by_code[s.code], s.short_title, p.title)
                for s in p.standards
                if s.code in by_code
            ],
        }
        for p in framework.principles
    ]


def schools_words(result: Trends) -> str:
    """Which schools the figures compare, with their number in each cycle."""
    counted = ", ".join(f"{plural(n, 'school')} in {name}" for name, n in result.schools)
    if result.same_schools:
        if not result.schools:
            return ""
        number = result.schools[-1][1]
        return (
            f"Comparing the same {plural(number, 'school')} in every cycle: those counted in "
            "each one."
        )
    return f"Comparing all schools counted in each cycle: {counted}."


def trends_context(result: Trends, framework: Framework) -> dict[str, Any]:
    """Everything trends.html displays."""
    return {
        "headline": headline_rows(result),
        "headline_rags": [rag.label for rag in HEADLINE_RAGS],
        "schools_words": schools_words(result),
        "multiples": small_multiples(result, framework),
        "has_results": any(p.counts.rated for s in result.principles for p in s.points),
        "same_schools": result.same_schools,
        "cycle_count": len(result.schools),
    }
