"""The citywide summary report for a partnership board paper: a title page with the filters and
a contents list, the overview figures with a chart of each principle's ratings, the areas
heatmaps (wards, then phases) with the small-number rule, the gap ranking with the change since
the previous cycle, moderation and the resource gaps.

Built from `hrsa.services.reports.city_report.CityReport` (plain data); returns the PDF's bytes.
Every rating is coloured and lettered, so the report reads in greyscale.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Spacer, Table

from hrsa.core.formatting import format_date, percentage, plural
from hrsa.core.vocabulary import (
    UNRATED,
    AssessmentStatus,
    Look,
    ModerationOutcome,
    Rag,
    rag_scores,
    rag_words,
)
from hrsa.models.school import PHASES
from hrsa.pdf import fonts, layout, text
from hrsa.pdf.cells import grid, p
from hrsa.pdf.layout import RULE, SECONDARY, WIDTH, Styles
from hrsa.services.dashboard.figures import PrincipleFigures, RagCounts
from hrsa.services.dashboard.heatmaps import AreaCell, AreaHeatmap, area_cell_values
from hrsa.services.dashboard.trends import GapRow
from hrsa.services.reports.city_report import CityReport
from hrsa.services.resources.gaps import FEW_RESOURCES, HIGH_NEED_SHARE

SERVICE = "Healthy relationships self-assessment"
# The order values are stacked and listed in, as on the dashboard: weakest first, then unrated.
SCALE: tuple[tuple[Rag | None, Look], ...] = (*((rag, rag.look) for rag in Rag), (None, UNRATED))
SECTIONS = (
    ("overview", "Overview"),
    ("wards", "Areas heatmap: wards"),
    ("phases", "Areas heatmap: phases"),
    ("gaps", "Gap ranking"),
    ("moderation", "Moderation"),
    ("resources", "Resource gaps"),
)
BAR_HEIGHT = 4.6 * mm
BAR_GAP = 1.6 * mm
CHART_LABEL = 64 * mm
CHART_NOTE = 12 * mm
SHORT_TEXT = 90  # characters of a standard's text in the resource table, as on its page


def render_city_report(report: CityReport) -> bytes:
    """The citywide summary report as a PDF (laid out twice: the contents learn the pages)."""
    metadata = layout.Metadata(
        title=report.title,
        author=SERVICE,
        subject=f"{SERVICE}: citywide figures for {report.cycle}. {report.counted_note}",
    )
    footer = f"Citywide summary · {report.cycle} · Generated {format_date(report.generated_at)}"
    furniture = layout.PageFurniture(footer, draft=False)
    pages: dict[str, int] = {}
    layout.build(_story(report, {}), metadata, furniture, pages=pages)
    return layout.build(_story(report, pages), metadata, furniture)


def _story(report: CityReport, pages: dict[str, int]) -> list[Flowable]:
    s = layout.styles()
    return [
        *_title_page(report, pages, s),
        *_overview(report, s),
        *_areas(report.wards, "wards", "Areas heatmap: wards", report, s),
        *_areas(report.phases, "phases", "Areas heatmap: phases", report, s),
        *_ranking(report, s),
        *_moderation(report, s),
        *_resources(report, s),
    ]


def _num(s: Styles, *, bold: bool = False, size: float | None = None) -> ParagraphStyle:
    """A cell style for numbers: right-aligned, so columns of figures line up."""
    sized = {"fontSize": size, "leading": round(size * 1.3, 1)} if size else {}
    return _style(s.cell_bold if bold else s.cell, alignment=TA_RIGHT, **sized)


def _short(value: str, limit: int = SHORT_TEXT) -> str:
    """The text cut at a word boundary to about `limit` characters, with an ellipsis."""
    if len(value) <= limit:
        return value
    return value[:limit].rsplit(" ", 1)[0].rstrip(" ,;:.") + "…"


def _style(base: ParagraphStyle, **changes: Any) -> ParagraphStyle:
    name = f"{base.name}-" + "-".join(f"{k}{v}" for k, v in sorted(changes.items()))
    return ParagraphStyle(name, parent=base, **changes)


def _heading(key: str, title: str, s: Styles) -> list[Flowable]:
    return [PageBreak(), layout.Bookmark(key, title), p(title, s.h1)]


# --- title page -----------------------------------------------------------------------------


def _title_page(report: CityReport, pages: dict[str, int], s: Styles) -> list[Flowable]:
    details = [*report.filter_lines, ("Generated", format_date(report.generated_at))]
    rows = [[p(label, s.cell_bold), p(value, s.cell)] for label, value in details]
    filters = Table(rows, colWidths=[45 * mm, WIDTH - 45 * mm], hAlign="LEFT")
    filters.setStyle(
        [
            ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ]
    )
    contents = Table(
        [[p(title, s.cell), p(str(pages.get(key, "")), s.cell)] for key, title in SECTIONS],
        colWidths=[WIDTH - 20 * mm, 20 * mm],
        hAlign="LEFT",
    )
    contents.setStyle(
        [
            ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE),
            ("ALIGN", (1, 0), (1, -1), "RIGHT"),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
    )
    return [
        layout.Bookmark("title", "Citywide summary report"),
        p(SERVICE, s.caption),
        p("Citywide summary report", s.title),
        p(f"{report.cycle} cycle", s.h2),
        Spacer(1, 2 * mm),
        filters,
        p("How to read this report", s.h2),
        *[p(f"• {line}", s.small) for line in _how_to_read(report)],
        p("Contents", s.h2),
        contents,
    ]


def _how_to_read(report: CityReport) -> list[str]:
    letters = ", ".join(f"{look.letter} {look.label}" for _, look in SCALE)
    return [
        report.counted_note,
        f"Each rating is coloured and lettered ({letters}), so the report reads in greyscale.",
        "In the areas heatmaps each cell's letter and colour are the rating nearest the mean "
        f"score ({rag_scores()}, as a percentage of the most a school can score); the cell also "
        "gives the share of the standards rated Green. Figures from fewer than "
        f"{plural(report.min_schools, 'school')} say “too few schools”, so that no school "
        "can be singled out.",
        f"The gap ranking orders standards and principles by their share of {rag_words(gaps=True)} "
        "ratings; the change is in percentage points since "
        f"{report.previous_cycle or 'the previous cycle'} (“Up” means more gaps).",
        "The resource-gap table, like the resource-gap report page, counts every rating given in "
        "the cycle's assessments across the city, whatever the filters above.",
    ]


# --- overview -------------------------------------------------------------------------------


def _overview(report: CityReport, s: Styles) -> list[Flowable]:
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
    head = _num(s, bold=True)
    by_phase: list[list[Any]] = [
        [p("Phase", s.cell_bold), *[p(st.label, head) for st in statuses], p("Schools", head)]
    ]
    for phase in result.by_phase:
        by_phase.append(
            [p(PHASES.get(phase.phase, phase.phase), s.cell)]
            + [p(f"{phase.counts.count(st):,}", _num(s)) for st in statuses]
            + [p(f"{phase.counts.total:,}", _num(s))]
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
        *_heading("overview", "Overview", s),
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
        label = _fit(f"{principle.number}. {principle.title}", CHART_LABEL - 2 * mm, 7.5)
        drawing.add(String(0, y + 2 * mm, label, fontName=fonts.REGULAR, fontSize=7.5))
        _bar(drawing, principle.counts, CHART_LABEL, y, bar_width)
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
        drawing.add(Rect(x, 0.5 * mm, 4 * mm, 3 * mm, fillColor=_hex(look.fill), strokeColor=RULE))
        words = f"{look.letter} {look.label}"
        drawing.add(String(x + 5 * mm, 1 * mm, words, fontName=fonts.REGULAR, fontSize=7.5))
        x += 5 * mm + stringWidth(words, fonts.REGULAR, 7.5) + 5 * mm
    drawing.add(
        String(WIDTH, 1 * mm, "Ratings", fontName=fonts.REGULAR, fontSize=7.5, textAnchor="end")
    )
    return drawing


def _bar(drawing: Drawing, counts: RagCounts, x: float, y: float, width: float) -> None:
    drawing.add(Rect(x, y, width, BAR_HEIGHT, fillColor=None, strokeColor=RULE))
    if not counts.total:
        return
    for rag, look in SCALE:
        number = counts.count(rag)
        if not number:
            continue
        part = width * number / counts.total
        drawing.add(
            Rect(
                x,
                y,
                part,
                BAR_HEIGHT,
                fillColor=_hex(look.fill),
                strokeColor=colors.white,
                strokeWidth=0.8,
            )
        )
        words = f"{look.letter} {number:,}"
        if stringWidth(words, fonts.BOLD, 7) + 2 * mm <= part:
            shown = words
        elif stringWidth(look.letter, fonts.BOLD, 7) + 1 * mm <= part:
            shown = look.letter
        else:
            shown = ""
        if shown:
            drawing.add(
                String(
                    x + part / 2,
                    y + 2 * mm,
                    shown,
                    fontName=fonts.BOLD,
                    fontSize=7,
                    fillColor=_hex(look.text_colour),
                    textAnchor="middle",
                )
            )
        x += part


def _distribution_table(principles: Sequence[PrincipleFigures], s: Styles) -> Table:
    head = _num(s, bold=True)
    header = [p("Principle", s.cell_bold)] + [
        p(f"{look.letter} {look.label}" if rag else look.label, head) for rag, look in SCALE
    ]
    rows: list[list[Any]] = [header + [p("Ratings", head)]]
    for principle in principles:
        counts = principle.counts
        rows.append(
            [p(f"{principle.number}. {principle.title}", s.cell)]
            + [
                p(f"{counts.count(rag):,} ({percentage(counts.count(rag), counts.total)})", _num(s))
                for rag, _ in SCALE
            ]
            + [p(f"{counts.total:,}", _num(s))]
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


# --- areas heatmaps -------------------------------------------------------------------------


def _areas(
    heatmap: AreaHeatmap, key: str, title: str, report: CityReport, s: Styles
) -> list[Flowable]:
    kind = "Ward" if heatmap.by == "ward" else "Phase"
    numbers = [cell.principle_number for cell in heatmap.city.cells]
    cell_style = _style(s.cell, fontSize=6.8, leading=8.2, alignment=TA_CENTER)
    centred = _style(s.cell_bold, alignment=TA_CENTER)
    header = [p(kind, s.cell_bold), p("Schools", _num(s, bold=True, size=8))] + [
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
                p(f"{row.schools:,}", _num(s, bold=is_total)),
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
        *_heading(key, title, s),
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
        return p(green, _style(style, textColor=SECONDARY)), None
    look = UNRATED if band is None else band.look
    coloured = _style(style, textColor=_hex(look.text_colour))
    letter = f"<b>{look.letter}</b> " if band is not None else ""
    words = f"{letter}{text.markup(mean)}<br/>{text.markup(green)} Green"
    return layout.paragraph(words, coloured), _hex(look.fill)


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


# --- gap ranking ----------------------------------------------------------------------------


def _ranking(report: CityReport, s: Styles) -> list[Flowable]:
    ranking = report.ranking
    change = f"Change since {report.previous_cycle}" if report.previous_cycle else "Change"
    story = [
        *_heading("gaps", "Gap ranking", s),
        p(
            f"Standards and principles by their share of {rag_words(gaps=True)} ratings, largest "
            "first, with the change in that share since "
            f"{report.previous_cycle or 'the previous cycle'} in percentage points.",
            s.muted,
        ),
    ]
    if not ranking.has_previous:
        story.append(p("There is no earlier cycle to compare with.", s.body))
    story += [
        p("Principles", s.h2),
        _gap_table(ranking.principles, "Principle", change, s, standards=False),
        CondPageBreak(60 * mm),
        p("Standards", s.h2),
        _gap_table(ranking.standards, "Standard", change, s, standards=True),
    ]
    return story


def _gap_table(
    rows: Sequence[GapRow], what: str, change: str, s: Styles, *, standards: bool
) -> Table:
    header = [
        p("Rank", s.cell_bold),
        p(what, s.cell_bold),
        p(f"{rag_words(gaps=True)}", _num(s, bold=True)),
        p(change, s.cell_bold),
    ]
    table: list[list[Any]] = [header]
    for rank, row in enumerate(rows, start=1):
        name = (
            f"<b>{text.markup(row.key)}</b> <font size=8>{text.markup(row.title)}</font>"
            if standards
            else f"{text.markup(row.key)}. {text.markup(row.title)}"
        )
        counts = row.counts
        share = percentage(counts.gaps, counts.rated)
        table.append(
            [
                p(str(rank), s.cell),
                layout.paragraph(name, s.cell),
                p(f"{share} ({counts.gaps:,} of {counts.rated:,})", _num(s)),
                p(_arrowed(row), s.cell),
            ]
        )
    return grid(table, [14 * mm, WIDTH - 92 * mm, 34 * mm, 44 * mm], [])


def _arrowed(row: GapRow) -> str:
    """The change in words after the page's arrow: ▲ more gaps, ▼ fewer, → no change."""
    points = row.change_points
    if points is None:
        return row.change_words
    arrow = "→" if points == 0 else ("▲" if points > 0 else "▼")
    return f"{arrow} {row.change_words}"


# --- moderation and resources ---------------------------------------------------------------


def _moderation(report: CityReport, s: Styles) -> list[Flowable]:
    counts = report.overview.moderation
    rows = [
        [p("Outcome", s.cell_bold), p("Ratings", _num(s, bold=True))],
        [p(ModerationOutcome.AGREE.label, s.cell), p(f"{counts.agreed:,}", _num(s))],
        [p(ModerationOutcome.CHALLENGE.label, s.cell), p(f"{counts.challenged:,}", _num(s))],
        [p("Moderated in all", s.cell_bold), p(f"{counts.total:,}", _num(s, bold=True))],
    ]
    return [
        CondPageBreak(70 * mm),
        Spacer(1, 8 * mm),
        layout.Bookmark("moderation", "Moderation"),
        p("Moderation", s.h1),
        p(
            "The counted ratings the advisory group has moderated: agreed with, or challenged "
            "with the rating they would give.",
            s.muted,
        ),
        grid(rows, [WIDTH - 30 * mm, 30 * mm], []),
    ]


def _resources(report: CityReport, s: Styles) -> list[Flowable]:
    gaps = report.resources
    commission = [row.code for row in gaps.to_commission]
    header = [
        p("Standard", s.cell_bold),
        p(f"Schools rating it {rag_words(gaps=True)}", _num(s, bold=True)),
        p("Approved resources", _num(s, bold=True)),
        p("Schools using them", _num(s, bold=True)),
        p("Commission new resources?", s.cell_bold),
    ]
    rows: list[list[Any]] = [header]
    for row in gaps.rows:
        rows.append(
            [
                layout.paragraph(
                    f"<b>{text.markup(row.code)}</b> {text.markup(_short(row.text))}", s.cell
                ),
                p(f"{row.need_label} ({row.schools_with_gap:,} of {row.schools_rated:,})", _num(s)),
                p(f"{row.resources:,}", _num(s)),
                p(f"{row.schools_using:,}", _num(s)),
                p(
                    "Commission" if row.commission else "–",
                    s.cell_bold if row.commission else s.cell,
                ),
            ]
        )
    summary = (
        f"{plural(len(commission), 'standard')} need new resources: {', '.join(commission)}."
        if commission
        else "No standard needs new resources by this measure."
    )
    return [
        *_heading("resources", "Resource gaps", s),
        p(
            f"For each standard: the share of schools that rated it {rag_words(gaps=True)} in "
            f"{report.cycle}, beside the quality-assured resources in the bank that help meet it "
            "and how many schools have used them. A standard is flagged when at least "
            f"{percentage(round(100 * HIGH_NEED_SHARE), 100)} of the schools that rated it found "
            f"a gap and the bank has {plural(FEW_RESOURCES, 'approved resource')} or fewer. "
            "Like the resource-gap report page, this counts every assessment of the cycle across "
            "the city, whatever the filters on the title page.",
            s.muted,
        ),
        p(summary, s.body),
        grid(
            rows,
            [WIDTH - 108 * mm, 32 * mm, 24 * mm, 24 * mm, 28 * mm],
            [("LEFTPADDING", (-1, 0), (-1, -1), 4 * mm)],
        ),
    ]


def _hex(value: str) -> colors.Color:
    return colors.HexColor(f"#{value}")


def _fit(value: str, width: float, size: float) -> str:
    """The text shortened with an ellipsis to fit `width` points."""
    value = text.visual_order(text.plain(value))
    while value and stringWidth(value, fonts.REGULAR, size) > width:
        value = value[:-2] + "…"
    return value
