"""The citywide report's areas heatmaps (wards, then phases): for each area and principle the
rating nearest the mean score, the score and the share rated Green, with the small-number rule."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from hrsa.core.figures import AreaCell, AreaHeatmap, area_cell_values
from hrsa.core.formatting import plural
from hrsa.core.vocabulary.ratings import UNRATED, rag_scores
from hrsa.core.vocabulary.schools import PHASES
from hrsa.pdf import layout, text
from hrsa.pdf.bars import hex_colour
from hrsa.pdf.cells import grid, num, p, restyled, section
from hrsa.pdf.layout import SECONDARY, WIDTH, Styles

if TYPE_CHECKING:  # the report documents the services build; names for mypy only
    from hrsa.services.reports.city_report import CityReport


def areas(
    heatmap: AreaHeatmap, key: str, title: str, report: CityReport, s: Styles
) -> list[Flowable]:
    kind = "Ward" if heatmap.by == "ward" else "Phase"
    numbers = [cell.principle_number for cell in heatmap.city.cells]
    cell_style = restyled(s.cell, fontSize=6.8, leading=8.2, alignment=TA_CENTER)
    centred = restyled(s.cell_bold, alignment=TA_CENTER)
    header = [p(kind, s.cell_bold), p("Schools", num(s, bold=True, size=8))] + [
        p(f"P{number}", centred) for number in numbers
    ]
    rows: list[list[Any]] = [header]
    commands: list[Any] = [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (1, 0), (-1, -1), 1.5),
        ("RIGHTPADDING", (1, 0), (-1, -1), 1.5),
        ("TOPPADDING", (0, 1), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 1), (-1, -1), 2.5),
        ("LINEAFTER", (2, 1), (-2, -1), 0.5, colors.white),
    ]
    for index, row in enumerate((*heatmap.rows, heatmap.city), start=1):
        is_total = row is heatmap.city
        name = "All schools" if is_total else _area_name(kind, row.area)
        cells = []
        for column, cell in enumerate(row.cells, start=2):
            flowable, fill = _area_cell(cell, cell_style)
            cells.append(flowable)
            if fill is not None:
                commands.append(("BACKGROUND", (column, index), (column, index), fill))
        rows.append(
            [
                p(name, s.cell_bold if is_total else s.cell),
                p(f"{row.schools:,}", num(s, bold=is_total)),
                *cells,
            ]
        )
        if is_total:
            commands.append(("LINEABOVE", (0, index), (-1, index), 1, SECONDARY))
    first, schools = 28 * mm, 14 * mm
    principle = (WIDTH - first - schools) / len(numbers)
    table = grid(rows, [first, schools] + [principle] * len(numbers), commands)
    key_table = _principle_key(report, s)
    if not heatmap.city.schools:
        body: list[Flowable] = [p("No counted school has ratings to show.", s.body)]
    else:
        body = [table]
    return [
        *section(key, title, s),
        p(
            f"Each {kind.lower()}'s counted schools and, for each principle, the letter and "
            "colour of the rating nearest the mean score, the mean score "
            f"({rag_scores()}, as a percentage of the most a school can score), then the share "
            "of standards rated Green. Figures from fewer than "
            f"{plural(heatmap.min_schools, 'school')} say “Too few schools”, so that no school "
            "can be singled out.",
            s.muted,
        ),
        KeepTogether([p("Principles", s.label), key_table]),
        Spacer(1, 1 * mm),
        Spacer(1, 2 * mm),
        *body,
    ]


def _area_cell(cell: AreaCell, style: ParagraphStyle) -> tuple[Flowable, Any]:
    """The cell's words ('A', 'score 54%', '38% Green' or 'Too few schools') and its fill."""
    green, mean = area_cell_values(cell)
    band = None if cell.suppressed else cell.counts.band
    if cell.suppressed:
        return p(green, restyled(style, textColor=SECONDARY)), None
    look = UNRATED if band is None else band.look
    coloured = restyled(style, textColor=hex_colour(look.text_colour))
    letter = f"<b>{look.letter}</b> " if band is not None else ""
    words = f"{letter}{text.markup(mean)}<br/>{text.markup(green)} Green"
    return layout.paragraph(words, coloured), hex_colour(look.fill)


def _area_name(kind: str, area: str) -> str:
    return PHASES.get(area, area) if kind == "Phase" else area


def _principle_key(report: CityReport, s: Styles) -> Table:
    """'P1 Leadership and Management' and so on, in two columns."""
    principles = report.overview.principles
    half = (len(principles) + 1) // 2
    rows = []
    for left, right in zip(principles[:half], (*principles[half:], None), strict=False):
        row = [p(f"P{left.number}", s.cell_bold), p(left.title, s.cell)]
        row += [p(f"P{right.number}", s.cell_bold), p(right.title, s.cell)] if right else ["", ""]
        rows.append(row)
    table = Table(rows, colWidths=[10 * mm, WIDTH / 2 - 10 * mm] * 2, hAlign="LEFT")
    table.setStyle(
        [
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ]
    )
    return table
