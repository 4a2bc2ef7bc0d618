"""The report's summary page (a chart of each principle's ratings beside the school's ward,
phase and the city; the change since the previous cycle) and its recommended resources.

The chart is drawn with reportlab.graphics: stacked bars (hrsa.pdf.bars) coloured as the pages
colour ratings, each part lettered (R, A, G) so it reads in greyscale too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Table

from hrsa.core.figures import RagCounts
from hrsa.core.formatting import plural
from hrsa.core.vocabulary.ratings import Rag, rag_words
from hrsa.pdf import fonts, layout, text
from hrsa.pdf.bars import BarStyle, fit, paint_rag_bar
from hrsa.pdf.cells import grid, p, rating_cell, rating_fill
from hrsa.pdf.layout import RULE, SECONDARY, WIDTH, Styles

if TYPE_CHECKING:  # the report documents the services build; names for mypy only
    from hrsa.services.reports.comparison import Comparison, PrincipleComparison, Summary

BAR_HEIGHT = 4.2 * mm
BAR = BarStyle(height=BAR_HEIGHT, stroke_width=0.6, baseline=1.2 * mm, numbered=False)
BAR_GAP = 1.3 * mm
LABEL_WIDTH = 40 * mm
NOTE_WIDTH = 24 * mm
SHORT_TEXT = 70  # characters of a standard's text beside its code in the change table


def _bar_note(bar: Comparison) -> str:
    if bar.schools is None:
        counts = bar.counts or RagCounts()
        return " ".join(f"{rag.letter}{counts.count(rag)}" for rag in Rag)
    return plural(bar.schools, "school")


def chart(principle: PrincipleComparison, min_schools: int) -> Drawing:
    """Four stacked bars: the school, its ward, its phase and the city."""
    bars = principle.bars
    width = WIDTH - 48 * mm
    height = len(bars) * (BAR_HEIGHT + BAR_GAP)
    drawing = Drawing(width, height)
    bar_width = width - LABEL_WIDTH - NOTE_WIDTH
    for index, bar in enumerate(bars):
        y = height - (index + 1) * (BAR_HEIGHT + BAR_GAP) + BAR_GAP / 2
        label = fit(bar.label, LABEL_WIDTH - 2 * mm, 7.5)
        drawing.add(String(0, y + 1.2 * mm, label, fontName=fonts.REGULAR, fontSize=7.5))
        if bar.counts is None:
            drawing.add(
                Rect(LABEL_WIDTH, y, bar_width, BAR_HEIGHT, fillColor=None, strokeColor=RULE)
            )
            note = f"Fewer than {plural(min_schools, 'school')}: not shown"
            drawing.add(
                String(
                    LABEL_WIDTH + 2 * mm,
                    y + 1.2 * mm,
                    note,
                    fontName=fonts.REGULAR,
                    fontSize=7,
                    fillColor=SECONDARY,
                )
            )
        else:
            paint_rag_bar(drawing, bar.counts, LABEL_WIDTH, y, bar_width, BAR)
            drawing.add(  # the outline shows where a bar of unrated grey ends
                Rect(LABEL_WIDTH, y, bar_width, BAR_HEIGHT, fillColor=None, strokeColor=RULE)
            )
        drawing.add(
            String(
                width,
                y + 1.2 * mm,
                _bar_note(bar),
                fontName=fonts.REGULAR,
                fontSize=7,
                fillColor=SECONDARY,
                textAnchor="end",
            )
        )
    return drawing


def summary_page(
    summary: Summary, s: Styles, titles: Mapping[str, str] | None = None
) -> list[Flowable]:
    """The comparisons chart and the change since the previous cycle (each standard named by
    its code and the start of its text from `titles`, code -> text)."""
    legend = ", ".join(f"{rag.letter} {rag.label}" for rag in Rag)
    story: list[Flowable] = [
        PageBreak(),
        layout.Bookmark("summary", "Summary"),
        p("Summary", s.h1),
        p(
            "Each principle's ratings as shares of its standards: the school, then the "
            "submitted assessments of its ward, its phase and the city "
            f"({legend}; grey is not yet rated). Areas with fewer than "
            f"{plural(summary.min_schools, 'school')} are not shown.",
            s.muted,
        ),
    ]
    rows = [
        [p(f"{row.number}. {row.title}", s.cell_bold), chart(row, summary.min_schools)]
        for row in summary.comparisons
    ]
    table = Table(rows, colWidths=[46 * mm, WIDTH - 46 * mm], hAlign="LEFT")
    table.setStyle(
        [
            ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ]
    )
    return [*story, table, *_changes(summary, s, titles or {})]


def _changes(summary: Summary, s: Styles, titles: Mapping[str, str]) -> list[Flowable]:
    heading: list[Flowable] = [CondPageBreak(50 * mm), p("Change since the previous cycle", s.h2)]
    if summary.previous_cycle is None or not summary.changes:
        return [*heading, p("This is the school's first assessment: nothing to compare.", s.body)]
    header = ["Standard", summary.previous_cycle, "This cycle", "Change"]
    rows: list[list[Flowable]] = [[p(h, s.cell_bold) for h in header]]
    fills = []
    for row, change in enumerate(summary.changes, start=1):
        cells = [rating_cell(change.previous, s), rating_cell(change.current, s)]
        title = text.markup(text.shorten(titles.get(change.code, ""), SHORT_TEXT))
        rows.append(
            [
                layout.paragraph(f"<b>{text.markup(change.code)}</b> {title}", s.cell),
                *cells,
                p(change.direction.report_label if change.direction else "–", s.cell),
            ]
        )
        fills += [rating_fill(change.previous, 1, row), rating_fill(change.current, 2, row)]
    widths = [WIDTH - 90 * mm, 30 * mm, 30 * mm, 30 * mm]
    return [*heading, grid(rows, widths, fills)]


def recommendations_section(summary: Summary, s: Styles) -> list[Flowable]:
    """Quality-assured resources for each Red and Amber standard."""
    story: list[Flowable] = [
        PageBreak(),
        layout.Bookmark("resources", "Recommended resources"),
        p("Recommended resources", s.h1),
        p(
            "Quality-assured resources from the city's resource bank for the standards rated "
            f"{rag_words(gaps=True)}.",
            s.body,
        ),
    ]
    if not summary.recommendations:
        return [*story, p(f"There are no standards rated {rag_words(gaps=True)}.", s.body)]
    for gap in summary.recommendations:
        # Each standard's few resources stay with its heading, never one alone over the page.
        block = [
            p(f"Standard {gap.code} · {gap.rag.letter} {gap.rag.label}", s.h3),
            p(gap.text, s.muted),
        ]
        if not gap.resources:
            block.append(p("No quality-assured resources are mapped to it yet.", s.body))
        for resource in gap.resources:
            block.append(
                p(f"• {resource.title} — {resource.provider} ({resource.type_label})", s.body)
            )
        if gap.more:
            more = plural(gap.more, "more resource")
            block.append(p(f"and {more} in the resource bank.", s.muted))
        story.append(KeepTogether(block))
    return story
