"""The citywide summary report for a partnership board paper: a first page with the key messages
(largest gaps, biggest changes, wards below the city), the filters and a contents list, the
overview figures with a chart of each principle's ratings, the trend chart, the areas
heatmaps (wards, then phases) with the small-number rule, the gap ranking with the change since
the previous cycle, moderation and the resource gaps.

Built from `hrsa.services.reports.city_report.CityReport` (plain data); returns the PDF's bytes.
Every rating is coloured and lettered, so the report reads in greyscale. This module lays out
the title page and puts the sections together; city_overview, city_areas and city_tables draw
them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table

from hrsa.core.formatting import format_date, plural
from hrsa.core.vocabulary.ratings import rag_scores, rag_words
from hrsa.pdf import city_areas, city_overview, city_tables, city_trends, layout
from hrsa.pdf.bars import SCALE
from hrsa.pdf.cells import p
from hrsa.pdf.layout import RULE, WIDTH, Styles

if TYPE_CHECKING:  # the report documents the services build; names for mypy only
    from hrsa.services.reports.city_report import CityReport

SERVICE = "Healthy relationships self-assessment"
SECTIONS = (
    ("overview", "Overview"),
    ("trends", "Trends"),
    ("wards", "Areas heatmap: wards"),
    ("phases", "Areas heatmap: phases"),
    ("gaps", "Gap ranking"),
    ("moderation", "Moderation"),
    ("resources", "Resource gaps"),
)


def render_city_report(report: CityReport) -> bytes:
    """The citywide summary report as a PDF (laid out twice: the contents learn the pages)."""
    metadata = layout.Metadata(
        title=report.title,
        author=SERVICE,
        subject=f"{SERVICE}: citywide figures for {report.cycle}. {report.counted_note}",
    )
    footer = (
        f"Citywide summary · {report.cycle} · {report.counting} · "
        f"Generated {format_date(report.generated_at)}"
    )
    furniture = layout.PageFurniture(footer, draft=False)
    pages: dict[str, int] = {}
    layout.build(_story(report, {}), metadata, furniture, pages=pages)
    return layout.build(_story(report, pages), metadata, furniture)


def _story(report: CityReport, pages: dict[str, int]) -> list[Flowable]:
    s = layout.styles()
    return [
        *_title_page(report, pages, s),
        *city_overview.overview(report, s),
        *city_trends.trends(report, s),
        *city_areas.areas(report.wards, "wards", "Areas heatmap: wards", report, s),
        *city_areas.areas(report.phases, "phases", "Areas heatmap: phases", report, s),
        *city_tables.ranking(report, s),
        *city_tables.moderation(report, s),
        *city_tables.resources(report, s),
    ]


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
        *city_trends.key_messages(report, s),
        p("What the figures count", s.h2),
        filters,
        p("How to read this report", s.h2),
        *[p(f"• {line}", s.small) for line in _how_to_read(report)],
        p("Contents", s.h2),
        contents,
    ]


def _how_to_read(report: CityReport) -> list[str]:
    letters = ", ".join(f"{look.letter} {look.label}" for _, look in SCALE)
    return [
        f"{report.counting}. {report.counted_note}",
        f"Each rating is coloured and lettered ({letters}), so the report reads in greyscale.",
        "In the areas heatmaps each cell's letter and colour are the rating nearest the mean "
        f"score ({rag_scores()}, as a percentage of the most a school can score); the cell also "
        "gives the share of the standards rated Green. Figures from fewer than "
        f"{plural(report.min_schools, 'school')} say “too few schools”, so that no school "
        "can be singled out.",
        f"The gap ranking orders standards and principles by their share of {rag_words(gaps=True)} "
        "ratings; the change is in percentage points since "
        f"{report.previous_cycle or 'the previous cycle'} (“Up” means more gaps).",
        "The resource-gap table counts the schools' ratings like every other table here (the "
        "filters above apply); the approved resources and their use are the whole city's.",
    ]
