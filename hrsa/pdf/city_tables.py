"""The citywide report's tables: the gap ranking with the change since the previous cycle,
moderation, and the resource gaps."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Spacer, Table

from hrsa.core.figures import FEW_RESOURCES, HIGH_NEED_SHARE
from hrsa.core.formatting import percentage, plural
from hrsa.core.vocabulary.moderation import ModerationOutcome
from hrsa.core.vocabulary.ratings import rag_words
from hrsa.pdf import layout, text
from hrsa.pdf.cells import grid, num, p, section
from hrsa.pdf.layout import WIDTH, Styles

if TYPE_CHECKING:  # the report documents the services build; names for mypy only
    from hrsa.services.dashboard.trends import GapRow
    from hrsa.services.reports.city_report import CityReport

SHORT_TEXT = 90  # characters of a standard's text in the resource table, as on its page


def ranking(report: CityReport, s: Styles) -> list[Flowable]:
    ranking = report.ranking
    change = f"Change since {report.previous_cycle}" if report.previous_cycle else "Change"
    story = [
        *section("gaps", "Gap ranking", s),
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
        p(f"{rag_words(gaps=True)}", num(s, bold=True)),
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
                p(f"{share} ({counts.gaps:,} of {counts.rated:,})", num(s)),
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


def moderation(report: CityReport, s: Styles) -> list[Flowable]:
    counts = report.overview.moderation
    rows = [
        [p("Outcome", s.cell_bold), p("Ratings", num(s, bold=True))],
        [p(ModerationOutcome.AGREE.label, s.cell), p(f"{counts.agreed:,}", num(s))],
        [p(ModerationOutcome.CHALLENGE.label, s.cell), p(f"{counts.challenged:,}", num(s))],
        [p("Moderated in all", s.cell_bold), p(f"{counts.total:,}", num(s, bold=True))],
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


def resources(report: CityReport, s: Styles) -> list[Flowable]:
    gaps = report.resources
    commission = [row.code for row in gaps.to_commission]
    header = [
        p("Standard", s.cell_bold),
        p(f"Schools rating it {rag_words(gaps=True)}", num(s, bold=True)),
        p("Approved resources", num(s, bold=True)),
        p("Schools using them", num(s, bold=True)),
        p("Commission new resources?", s.cell_bold),
    ]
    rows: list[list[Any]] = [header]
    for row in gaps.rows:
        standard = text.markup(text.shorten(row.text, SHORT_TEXT))
        rows.append(
            [
                layout.paragraph(
                    f"<b>{text.markup(row.code)}</b> {standard}",
                    s.cell,
                ),
                p(f"{row.need_label} ({row.schools_with_gap:,} of {row.schools_rated:,})", num(s)),
                p(f"{row.resources:,}", num(s)),
                p(f"{row.schools_using:,}", num(s)),
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
        *section("resources", "Resource gaps", s),
        p(
            f"For each standard: the share of schools that rated it {rag_words(gaps=True)} in "
            f"{report.cycle}, beside the quality-assured resources in the bank that help meet it "
            "and how many schools have used them. A standard is flagged when at least "
            f"{percentage(round(100 * HIGH_NEED_SHARE), 100)} of the schools that rated it found "
            f"a gap and the bank has {plural(FEW_RESOURCES, 'approved resource')} or fewer. "
            f"{report.counting}, with the filters on the title page, like every table here; the "
            "resources and their use are the whole city's.",
            s.muted,
        ),
        p(summary, s.body),
        grid(
            rows,
            [WIDTH - 108 * mm, 32 * mm, 24 * mm, 24 * mm, 28 * mm],
            [("LEFTPADDING", (-1, 0), (-1, -1), 4 * mm)],
        ),
    ]
