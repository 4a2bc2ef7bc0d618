"""The school report's first page, for governors: where the school stands in one sentence, how
that changed since the previous cycle, the standards to work on first and the next actions due.

Everything on it is said again in detail later in the report; this page is for a governors'
meeting that reads one page.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer

from hrsa.core.formatting import format_date, plural
from hrsa.core.vocabulary.assessment import ActionStatus, ChangeDirection
from hrsa.core.vocabulary.ratings import Rag
from hrsa.pdf import layout, text
from hrsa.pdf.cells import grid, p, rating_cell, rating_fill
from hrsa.pdf.layout import WIDTH, Styles

if TYPE_CHECKING:  # the report documents the services build; names for mypy only
    from hrsa.services.assessment.plan import ActionRow
    from hrsa.services.reports.school_report import SchoolReport, StandardSection

SERVICE = "Healthy relationships self-assessment"
MOST_PRIORITIES = 5
MOST_ACTIONS = 5
SHORT_TEXT = 90


def headline(report: SchoolReport) -> str:
    """'Tamar View Primary rated 12 of its 21 standards Green, 6 Amber and 3 Red.'"""
    rags = Counter(st.rag for pr in report.principles for st in pr.standards)
    total = sum(rags.values())
    green, amber, red = (rags[rag.value] for rag in (Rag.GREEN, Rag.AMBER, Rag.RED))
    sentence = (
        f"{report.school.name} rated {green} of its {total} standards Green, {amber} Amber "
        f"and {red} Red"
    )
    if rags[None]:
        sentence += f"; {plural(rags[None], 'standard')} not yet rated"
    return sentence + "."


def change_sentence(report: SchoolReport) -> str | None:
    """How the ratings moved since the previous cycle, or None when there is nothing to compare."""
    summary = report.summary
    if summary is None or summary.previous_cycle is None or not summary.changes:
        return None
    moved = Counter(change.direction for change in summary.changes)
    improved = moved[ChangeDirection.IMPROVED]
    declined = moved[ChangeDirection.DECLINED]
    same = moved[ChangeDirection.SAME]
    return (
        f"Since {summary.previous_cycle}: {plural(improved, 'standard')} improved, "
        f"{declined} declined and {same} stayed the same."
    )


def priorities(report: SchoolReport) -> list[StandardSection]:
    """The standards to work on first: Red, then Amber, in framework order."""
    standards = [st for pr in report.principles for st in pr.standards]
    ordered = [st for st in standards if st.rag == Rag.RED] + [
        st for st in standards if st.rag == Rag.AMBER
    ]
    return ordered[:MOST_PRIORITIES]


def next_actions(report: SchoolReport) -> list[ActionRow]:
    """The plan's actions not yet done, soonest due first (overdue ones first of all)."""
    actions = [
        action
        for principle in report.plan
        for standard in principle.standards
        for action in standard.actions
        if action.status != ActionStatus.DONE
    ]
    return sorted(actions, key=lambda action: (action.due_on, action.id))[:MOST_ACTIONS]


def governors_page(report: SchoolReport, s: Styles) -> list[Flowable]:
    """The one-page summary that opens the report."""
    story: list[Flowable] = [
        layout.Bookmark("governors", "Summary for governors"),
        p(SERVICE, s.caption),
        p(report.school.name, s.title),
        p(f"Summary for governors: {report.cycle} · {report.status.label}", s.h2),
        Spacer(1, 2 * mm),
        p(headline(report), s.body),
    ]
    change = change_sentence(report)
    if change:
        story.append(p(change, s.body))
    story += _priorities(report, s)
    story += _actions(report, s)
    story.append(Spacer(1, 4 * mm))
    story.append(
        p(
            "The pages that follow give every standard's rating with its evidence, a comparison "
            "with the school's ward, phase and the city, and the whole delivery plan.",
            s.muted,
        )
    )
    return [*story, PageBreak()]


def _priorities(report: SchoolReport, s: Styles) -> list[Flowable]:
    first = priorities(report)
    if not first:
        return []
    rows: list[list[Flowable]] = [[p("Standard", s.cell_bold), p("Rating", s.cell_bold)]]
    fills = []
    for row, standard in enumerate(first, start=1):
        title = text.markup(text.shorten(standard.text, SHORT_TEXT))
        rows.append(
            [
                layout.paragraph(f"<b>{text.markup(standard.code)}</b> {title}", s.cell),
                rating_cell(standard.rag, s),
            ]
        )
        fills.append(rating_fill(standard.rag, 1, row))
    return [
        p("Standards to work on first", s.h2),
        grid(rows, [WIDTH - 32 * mm, 32 * mm], fills),
    ]


def _actions(report: SchoolReport, s: Styles) -> list[Flowable]:
    actions = next_actions(report)
    if not actions:
        return []
    header = ["Action", "Who", "Due"]
    rows: list[list[Flowable]] = [[p(h, s.cell_bold) for h in header]]
    for action in actions:
        due = format_date(action.due_on) + (" (overdue)" if action.overdue else "")
        rows.append([p(action.what, s.cell), p(action.who, s.cell), p(due, s.cell)])
    return [
        p("Next actions due", s.h2),
        grid(rows, [WIDTH - 90 * mm, 45 * mm, 45 * mm], []),
    ]
