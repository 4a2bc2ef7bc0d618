"""The citywide report's overview: the schools counted, their assessments by phase, and a
stacked bar of each principle's ratings with the same figures as a table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from hrsa.core.figures import PrincipleFigures
from hrsa.core.formatting import percentage
from hrsa.core.vocabulary.assessment import AssessmentStatus
from hrsa.core.vocabulary.schools import PHASES
from hrsa.pdf import fonts
from hrsa.pdf.bars import SCALE, BarStyle, fit, hex_colour, paint_rag_bar
from hrsa.pdf.cells import grid, num, p, section
from hrsa.pdf.layout import RULE, SECONDARY, WIDTH, Styles

if TYPE_CHECKING:  # the report documents the services build; names for mypy only
    from hrsa.services.reports.city_report import CityReport

BAR_HEIGHT = 4.6 * mm
BAR_GAP = 1.6 * mm
BAR = BarStyle(height=BAR_HEIGHT, stroke_width=0.8, baseline=2 * mm, numbered=True)
CHART_LABEL = 64 * mm
CHART_NOTE = 12 * mm


def overview(report: CityReport, s: Styles) -> list[Flowable]:
    result = report.overview
    statuses = list(AssessmentStatus)
    headline = [
        [p("Schools", s.cell_bold), *[p(status.label, s.cell_bold) for status in statuses]],
        [
            p(f"{result.schools.total:,}", s.h2),
            *[p(f"{result.schools.count(status):,}", s.h2) for status in statuses],
        ],
    ]
    quarter = WIDTH / 4
    head = num(s, bold=True)
    by_phase: list[list[Any]] = [
        [p("Phase", s.cell_bold), *[p(st.label, head) for st in statuses], p("Schools", head)]
    ]
    for phase in result.by_phase:
        by_phase.append(
            [p(PHASES.get(phase.phase, phase.phase), s.cell)]
            + [p(f"{phase.counts.count(st):,}", num(s)) for st in statuses]
            + [p(f"{phase.counts.total:,}", num(s))]
        )
    by_phase.append(
        [p("All phases", s.cell_bold)]
        + [p(f"{result.schools.count(st):,}", head) for st in statuses]
        + [p(f"{result.schools.total:,}", head)]
    )
    number = 26 * mm
    # The chart stays with its heading and the table stays whole, but the table may follow the
    # chart onto the next page: kept together, the pair left half of this page empty.
    return [
        *section("overview", "Overview", s),
        p(report.counted_note, s.muted),
        p("Schools", s.h2),
        grid(headline, [quarter] * 4, []),
        p("Assessments by phase", s.h3),
        grid(by_phase, [WIDTH - 4 * number] + [number] * 4, []),
        KeepTogether(
            [
                p("Ratings by principle", s.h2),
                p(
                    "Each principle's ratings across the counted schools, as shares of its "
                    "standards' ratings; the number in each part is how many ratings it holds.",
                    s.muted,
                ),
                chart(result.principles),
            ]
        ),
        Spacer(1, 3 * mm),
        KeepTogether([_distribution_table(result.principles, s)]),
    ]


def chart(principles: Sequence[PrincipleFigures]) -> Drawing:
    """A stacked bar per principle, each part coloured, lettered and numbered (greyscale-safe)."""
    height = len(principles) * (BAR_HEIGHT + BAR_GAP) + 6 * mm
    drawing = Drawing(WIDTH, height)
    bar_width = WIDTH - CHART_LABEL - CHART_NOTE
    for index, principle in enumerate(principles):
        y = height - (index + 1) * (BAR_HEIGHT + BAR_GAP)
        label = fit(f"{principle.number}. {principle.title}", CHART_LABEL - 2 * mm, 7.5)
        drawing.add(String(0, y + 2 * mm, label, fontName=fonts.REGULAR, fontSize=7.5))
        drawing.add(Rect(CHART_LABEL, y, bar_width, BAR_HEIGHT, fillColor=None, strokeColor=RULE))
        paint_rag_bar(drawing, principle.counts, CHART_LABEL, y, bar_width, BAR)
        drawing.add(
            String(
                WIDTH,
                y + 2 * mm,
                f"{principle.counts.total:,}",
                fontName=fonts.REGULAR,
                fontSize=7.5,
                fillColor=SECONDARY,
                textAnchor="end",
            )
        )
    # The key under the bars says the letters in words.
    x = CHART_LABEL
    for _, look in SCALE:
        drawing.add(
            Rect(x, 0.5 * mm, 4 * mm, 3 * mm, fillColor=hex_colour(look.fill), strokeColor=RULE)
        )
        words = f"{look.letter} {look.label}"
        drawing.add(String(x + 5 * mm, 1 * mm, words, fontName=fonts.REGULAR, fontSize=7.5))
        x += 5 * mm + stringWidth(words, fonts.REGULAR, 7.5) + 5 * mm
    drawing.add(
        String(WIDTH, 1 * mm, "Ratings", fontName=fonts.REGULAR, fontSize=7.5, textAnchor="end")
    )
    return drawing


def _distribution_table(principles: Sequence[PrincipleFigures], s: Styles) -> Table:
    head = num(s, bold=True)
    header = [p("Principle", s.cell_bold)] + [
        p(f"{look.letter} {look.label}" if rag else look.label, head) for rag, look in SCALE
    ]
    rows: list[list[Any]] = [header + [p("Ratings", head)]]
    for principle in principles:
        counts = principle.counts
        rows.append(
            [p(f"{principle.number}. {principle.title}", s.cell)]
            + [
                p(f"{counts.count(rag):,} ({percentage(counts.count(rag), counts.total)})", num(s))
                for rag, _ in SCALE
            ]
            + [p(f"{counts.total:,}", num(s))]
        )
    number = 19 * mm
    return grid(
        rows,
        [WIDTH - 4 * number - 16 * mm] + [number] * 4 + [16 * mm],
        [
            ("LEFTPADDING", (1, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ],
    )
