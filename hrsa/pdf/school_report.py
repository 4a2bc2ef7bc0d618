"""The school's report for its governors: cover, a section per principle, the delivery plan.

Built from `hrsa.services.reports.school_report.SchoolReport` (plain data); returns the PDF's bytes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Spacer,
    Table,
    TableStyle,
)

from hrsa.core.formatting import file_size, format_date, plural
from hrsa.core.vocabulary.ratings import Rag, rag_look, rag_words
from hrsa.pdf import governors, layout, summary, text
from hrsa.pdf.cells import grid, p, rating_cell, rating_fill, rating_words
from hrsa.pdf.layout import RULE, WIDTH, Styles

if TYPE_CHECKING:  # the report documents the services build; names for mypy only
    from hrsa.services.assessment.plan import PrinciplePlan
    from hrsa.services.reports.school_report import (
        EvidenceLine,
        PrincipleSection,
        SchoolReport,
        StandardSection,
    )

SERVICE = "Healthy relationships self-assessment"
NOT_GIVEN = "Not given"
# A standard's section with at most this many characters (about 80 mm) is kept on one page.
SHORT_SECTION = 900


def render_school_report(report: SchoolReport) -> bytes:
    """The school's report as a PDF."""
    s = layout.styles()
    story: list[Flowable] = [*governors.governors_page(report, s), *_cover(report, s)]
    if report.summary is not None:
        titles = {st.code: st.text for pr in report.principles for st in pr.standards}
        story += summary.summary_page(report.summary, s, titles)
    for principle in report.principles:
        story += _principle(principle, s)
    story += _plan(report.plan, s)
    if report.summary is not None:
        story += summary.recommendations_section(report.summary, s)
    metadata = layout.Metadata(
        title=report.title,
        author=report.school.name,
        subject=f"{SERVICE}: {report.cycle} ({report.status.label})",
    )
    footer = (
        f"{report.school.name} · {report.cycle} self-assessment · "
        f"Generated {format_date(report.generated_at)}"
    )
    return layout.build(story, metadata, layout.PageFurniture(footer, report.is_draft))


def _cover(report: SchoolReport, s: Styles) -> list[Flowable]:
    school = report.school
    details = [
        ("URN", school.urn),
        ("Phase", school.phase),
        ("Ward", school.ward),
        ("Address", school.address),
        ("Telephone", school.telephone),
        ("Website", school.website),
        ("Date of last Ofsted", format_date(school.last_ofsted_on)),
        (
            "Number on roll",
            f"{school.number_on_roll:,}" if school.number_on_roll is not None else "",
        ),
        ("Nominated lead", school.nominated_lead),
        ("Headteacher", school.headteacher),
        ("Cycle", report.cycle),
        ("Status", report.status.label),
        ("Assessment completed", format_date(report.submitted_at) or "Not yet submitted"),
    ]
    rows = [[p(label, s.cell_bold), p(value or NOT_GIVEN, s.cell)] for label, value in details]
    table = Table(rows, colWidths=[45 * mm, WIDTH - 45 * mm], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    return [
        layout.Bookmark("cover", "About the school"),
        p("About the school", s.h1),
        p(f"{report.cycle} self-assessment report · {report.status.label}", s.h2),
        Spacer(1, 4 * mm),
        table,
        Spacer(1, 6 * mm),
        *_glance(report, s),
    ]


def _glance(report: SchoolReport, s: Styles) -> list[Flowable]:
    """Each principle's Red, Amber, Green and unrated counts."""
    looks = [rag.look for rag in Rag] + [rag_look(None)]
    header = [p("Principle", s.cell_bold)] + [p(look.label, s.cell_bold) for look in looks]
    rows: list[list[Flowable]] = [header]
    for principle in report.principles:
        rags = [standard.rag for standard in principle.standards]
        counts = [rags.count(rag.value) for rag in Rag] + [rags.count(None)]
        rows.append(
            [p(f"{principle.number}. {principle.title}", s.cell)]
            + [p(str(count), s.cell) for count in counts]
        )
    number_width = 22 * mm
    widths = [WIDTH - 4 * number_width] + [number_width] * 4
    return [
        CondPageBreak(60 * mm),
        p("Ratings at a glance", s.h2),
        grid(rows, widths, [("ALIGN", (1, 0), (-1, -1), "RIGHT")]),
    ]


def _principle(principle: PrincipleSection, s: Styles) -> list[Flowable]:
    heading = f"Principle {principle.number}: {principle.title}"
    story: list[Flowable] = [
        CondPageBreak(150 * mm),
        Spacer(1, 6 * mm),
        layout.Bookmark(f"principle-{principle.number}", heading),
        p(heading, s.h1),
        p("Aim", s.label),
        p(principle.aim, s.body),
        p("Quality statement", s.label),
        p(principle.quality_statement, s.body),
        Spacer(1, 2 * mm),
    ]
    rows: list[list[Flowable]] = [
        [p("Standard", s.cell_bold), p("Description", s.cell_bold), p("Rating", s.cell_bold)]
    ]
    fills = []
    for row, standard in enumerate(principle.standards, start=1):
        rows.append(
            [p(standard.code, s.cell_bold), p(standard.text, s.cell), rating_cell(standard.rag, s)]
        )
        fills.append(rating_fill(standard.rag, 2, row))
    story.append(grid(rows, [24 * mm, WIDTH - 56 * mm, 32 * mm], fills))
    for standard in principle.standards:
        story += _standard(standard, s)
    return story


def _standard(standard: StandardSection, s: Styles) -> list[Flowable]:
    heading = [
        p(f"Standard {standard.code} · {rating_words(standard.rag)}", s.h3),
        p(standard.text, s.muted),
    ]
    narrative = text.paragraphs(standard.narrative)
    first, rest = (narrative[0], narrative[1:]) if narrative else ("None written.", [])
    # A heading must not end a page; a long narrative then flows on across pages.
    story: list[Flowable] = [
        CondPageBreak(45 * mm),
        *heading,
        p("Evidence narrative", s.label),
        *[layout.paragraph(block, s.body) for block in [first, *rest]],
    ]
    # Sections with nothing in them are left out, rather than printed as "None.".
    if standard.evidence:
        evidence = [_evidence(item, s) for item in standard.evidence]
        story += _labelled("Evidence documents and links", evidence, s)
    steps = [layout.paragraph(block, s.body) for block in text.paragraphs(standard.next_steps)]
    if steps:
        story += _labelled("Next steps", steps, s)
    if standard.survey is not None:
        story += _labelled("What the surveys found", _survey_lines(standard, s), s)
    if standard.feedback is not None:
        feedback = standard.feedback
        said = f"{feedback.outcome.label} by {feedback.moderator} on {format_date(feedback.at)}"
        if feedback.is_challenge and feedback.moderated_rag is not None:
            said += f". Moderated rating: {feedback.moderated_look.label}"
        # The feedback is short (a comment has at most 2,000 characters): it is read whole.
        block = [p("Moderation feedback", s.label), p(said + ".", s.body)]
        block += [layout.paragraph(part, s.body) for part in text.paragraphs(feedback.comment)]
        story.append(KeepTogether(block))
    if _written(standard) <= SHORT_SECTION:
        # A short section moves to the next page whole rather than leave "Next steps: None."
        # alone on a page of its own.
        rest_of_it = [f for f in story if not isinstance(f, CondPageBreak)]
        return [CondPageBreak(45 * mm), KeepTogether(rest_of_it)]
    return story


def _survey_lines(standard: StandardSection, s: Styles) -> list[Flowable]:
    """Each audience's share agreeing with its number of responses, or that it had too few;
    the flag first when the rating and the answers disagree strongly."""
    if standard.survey is None:
        return []
    lines = []
    if standard.second_look:
        lines.append(p("Worth a second look: the rating and the survey answers disagree.", s.body))
    for audience in standard.survey.audiences:
        if audience.shown and audience.share is not None:
            found = (
                f"{round(audience.share * 100)}% agree ({plural(audience.responses, 'response')})"
            )
        else:
            found = "too few responses to show"
        lines.append(p(f"• {audience.label}: {found}", s.body))
    return lines


def _written(standard: StandardSection) -> int:
    """About how many characters the standard's section holds (a document's line as 120)."""
    comment = standard.feedback.comment if standard.feedback is not None else ""
    return (
        len(standard.text)
        + len(standard.narrative)
        + len(standard.next_steps)
        + len(comment)
        + 120 * len(standard.evidence)
    )


def _labelled(title: str, following: list[Flowable], s: Styles) -> list[Flowable]:
    """A label and what it introduces; the label never ends a page: it starts a new one unless
    there is room for it and the first two lines (or the one line) of what follows."""
    label = p(title, s.label)
    _, first = following[0].wrap(WIDTH, 1000 * mm)
    room = (
        s.label.leading
        + s.label.spaceBefore
        + s.label.spaceAfter
        + min(first, 2 * s.body.leading)
        + s.body.spaceAfter
    )
    return [CondPageBreak(room), label, *following]


def _evidence(item: EvidenceLine, s: Styles) -> Flowable:
    where = f"link: {item.url}" if item.is_link else f"file, {file_size(item.size_bytes)}"
    return p(f"• {item.title} ({where}), added {format_date(item.added_at)}", s.body)


def _plan(plan: tuple[PrinciplePlan, ...], s: Styles) -> list[Flowable]:
    actions = sum(len(standard.actions) for p in plan for standard in p.standards)
    story: list[Flowable] = [
        PageBreak(),
        layout.Bookmark("plan", "Delivery plan"),
        p("Delivery plan", s.h1),
        p(
            f"{plural(actions, 'action')} for the standards rated {rag_words(gaps=True)}.",
            s.body,
        ),
    ]
    if not plan:
        return [*story, p(f"There are no standards rated {rag_words(gaps=True)}.", s.body)]
    header = [p(h, s.cell_bold) for h in ("Standard", "What", "Who", "Due", "Status")]
    widths = [22 * mm, WIDTH - 114 * mm, 30 * mm, 37 * mm, 25 * mm]  # a date on one line
    for principle in plan:
        rows: list[list[Flowable]] = [header]
        spans = []
        for standard in principle.standards:
            code = p(f"{standard.code} ({rag_look(standard.rag).letter})", s.cell_bold)
            if not standard.actions:
                spans.append(("SPAN", (1, len(rows)), (-1, len(rows))))
                rows.append([code, p("No actions yet.", s.cell), "", "", ""])
            for action in standard.actions:
                status = action.status_label + (" · Overdue" if action.overdue else "")
                rows.append(
                    [
                        code,
                        p(action.what, s.cell),
                        p(action.who, s.cell),
                        p(format_date(action.due_on), s.cell),
                        p(status, s.cell_bold if action.overdue else s.cell),
                    ]
                )
        story += [
            CondPageBreak(40 * mm),
            p(f"Principle {principle.number}: {principle.title}", s.h2),
            grid(rows, widths, spans),
        ]
    return story
