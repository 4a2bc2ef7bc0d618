"""The citywide report's key messages (on its first page) and its trend chart: each principle's
share of standards rated Green and share rated Red in every cycle, as on the dashboard's trends
page, with the same figures as a table under it.

Green and Red bars sit in their own columns and carry their letter, so the chart reads in
greyscale; each bar is labelled with its cycle and its percentage.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from hrsa.core.formatting import percentage, plural
from hrsa.core.vocabulary.ratings import Rag
from hrsa.pdf import fonts
from hrsa.pdf.bars import fit, hex_colour
from hrsa.pdf.cells import grid, num, p, section
from hrsa.pdf.layout import LIGHT, RULE, SECONDARY, WIDTH, Styles

if TYPE_CHECKING:  # the report documents the services build; names for mypy only
    from hrsa.services.dashboard.trends import Trends, TrendSeries
    from hrsa.services.reports.city_report import CityReport

RAGS = (Rag.GREEN, Rag.RED)
LABEL = 52 * mm
CYCLE = 16 * mm
NUMBER = 10 * mm
ROW = 4.2 * mm
GAP = 3 * mm
SIZE = 7


def key_messages(report: CityReport, s: Styles) -> list[Flowable]:
    """The three lists a board reads first."""
    messages = report.messages
    groups = (
        (f"Largest gaps in {report.cycle}", messages.largest_gaps),
        ("Biggest changes", messages.biggest_changes),
        ("Wards below the city", messages.wards_below),
    )
    flowables: list[Flowable] = [p("Key messages", s.h2)]
    for heading, lines in groups:
        flowables.append(p(heading, s.h3))
        flowables += [p(f"• {line}", s.small) for line in lines or ("None.",)]
    return flowables


def trends(report: CityReport, s: Styles) -> list[Flowable]:
    """The trend chart's section: which schools, the chart, and its figures as a table."""
    result = report.trends
    schools = ", ".join(f"{plural(n, 'school')} in {name}" for name, n in result.schools)
    return [
        *section("trends", "Trends", s),
        p(
            "Each principle's share of standards rated Green and share rated Red in every cycle "
            f"up to {report.cycle}, oldest first, for the same schools in each cycle "
            f"({schools}): more Green and less Red is better. {report.counting}.",
            s.muted,
        ),
        KeepTogether([chart(result)]),
        Spacer(1, 4 * mm),
        _table(result, s),
    ]


def chart(result: Trends) -> Drawing:
    """A group of bars per principle: one per cycle, Green's on the left and Red's on the right."""
    cycles = len(result.schools)
    block = cycles * ROW + GAP
    height = len(result.principles) * block + 8 * mm
    drawing = Drawing(WIDTH, height)
    area = (WIDTH - LABEL - CYCLE - 2 * NUMBER - 4 * mm) / 2
    columns = {
        Rag.GREEN: LABEL + CYCLE,
        Rag.RED: LABEL + CYCLE + area + NUMBER + 4 * mm,
    }
    top = height - 5 * mm
    for rag, x in columns.items():
        drawing.add(String(x, top, f"Rated {rag.label}", fontName=fonts.BOLD, fontSize=SIZE + 0.5))
    for index, series in enumerate(result.principles):
        y0 = top - 2 * mm - index * block
        _principle(drawing, series, y0, columns, area)
    return drawing


def _principle(
    drawing: Drawing, series: TrendSeries, y0: float, columns: dict[Rag, float], area: float
) -> None:
    label = fit(f"{series.key}. {series.title}", LABEL - 3 * mm, SIZE + 0.5)
    drawing.add(String(0, y0 - ROW + 1.2 * mm, label, fontName=fonts.REGULAR, fontSize=SIZE + 0.5))
    drawing.add(Rect(0, y0 + 0.8 * mm, WIDTH, 0.3, fillColor=RULE, strokeColor=None))
    for row, point in enumerate(series.points):
        y = y0 - (row + 1) * ROW
        drawing.add(
            String(
                LABEL + CYCLE - 2 * mm,
                y + 1.2 * mm,
                point.cycle_name,
                fontName=fonts.REGULAR,
                fontSize=SIZE,
                fillColor=SECONDARY,
                textAnchor="end",
            )
        )
        for rag, x in columns.items():
            share = point.counts.share(rag) or 0.0
            look = rag.look
            drawing.add(
                Rect(x, y + 0.4 * mm, area, ROW - 0.8 * mm, fillColor=LIGHT, strokeColor=None)
            )
            width = area * share
            if width:
                drawing.add(
                    Rect(
                        x,
                        y + 0.4 * mm,
                        width,
                        ROW - 0.8 * mm,
                        fillColor=hex_colour(look.fill),
                        strokeColor=None,
                    )
                )
            if width >= 4 * mm:
                drawing.add(
                    String(
                        x + 1 * mm,
                        y + 1.3 * mm,
                        look.letter,
                        fontName=fonts.BOLD,
                        fontSize=SIZE,
                        fillColor=hex_colour(look.text_colour),
                    )
                )
            drawing.add(
                String(
                    x + area + NUMBER,
                    y + 1.2 * mm,
                    percentage(point.counts.count(rag), point.counts.rated),
                    fontName=fonts.BOLD,
                    fontSize=SIZE,
                    textAnchor="end",
                )
            )


def _table(result: Trends, s: Styles) -> Any:
    """The chart's figures: each principle and cycle with its shares and ratings counted."""
    head = num(s, bold=True)
    rows: list[list[Any]] = [
        [
            p("Principle", s.cell_bold),
            p("Cycle", s.cell_bold),
            p("Rated Green", head),
            p("Rated Red", head),
            p("Ratings", head),
        ]
    ]
    for series in result.principles:
        for index, point in enumerate(series.points):
            counts = point.counts
            rows.append(
                [
                    p(f"{series.key}. {series.title}" if index == 0 else "", s.cell),
                    p(point.cycle_name, s.cell),
                    p(percentage(counts.green, counts.rated), num(s)),
                    p(percentage(counts.red, counts.rated), num(s)),
                    p(f"{counts.rated:,}", num(s)),
                ]
            )
    number = 22 * mm
    return grid(
        rows,
        [WIDTH - 20 * mm - 3 * number, 20 * mm, number, number, number],
        [("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5)],
    )
