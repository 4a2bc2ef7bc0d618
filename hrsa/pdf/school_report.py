"""The school's report for its governors: cover, a section per principle, the delivery plan.

Built from `hrsa.services.reports.SchoolReport` (plain data); returns the PDF's bytes.
"""

from __future__ import annotations

from collections.abc import Iterable

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    PageBreak,
    Spacer,
    Table,
    TableStyle,
)

from hrsa.formatting import file_size, format_date, plural
from hrsa.pdf import layout, text
from hrsa.pdf.layout import LIGHT, RULE, WIDTH, Styles
from hrsa.services.plan import PrinciplePlan
from hrsa.services.reports import (
    EvidenceLine,
    PrincipleSection,
    SchoolReport,
    StandardSection,
)
from hrsa.vocabulary import Look, Rag, rag_look, rag_words

SERVICE = "Healthy relationships self-assessment"
NOT_GIVEN = "Not given"


def render_school_report(report: SchoolReport) -> bytes:
    """The school's report as a PDF."""
    s = layout.styles()
    story: list[Flowable] = [*_cover(report, s)]
    for principle in report.principles:
        story += _principle(principle, s)
    story += _plan(report.plan, s)
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


def _p(value: str, style: layout.ParagraphStyle) -> Flowable:
    return layout.paragraph(text.markup(value), style)


def _grid(rows: list[list[Flowable]], widths: list[float], extra: Iterable[tuple]) -> Table:
    """A table with a shaded header row that repeats on every page it runs onto."""
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                *extra,
            ]
        )
    )
    return table


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
    rows = [[_p(label, s.cell_bold), _p(value or NOT_GIVEN, s.cell)] for label, value in details]
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
        layout.Bookmark("cover", school.name),
        _p(SERVICE, s.caption),
        _p(school.name, s.title),
        _p(f"{report.cycle} self-assessment report · {report.status.label}", s.h2),
        Spacer(1, 4 * mm),
        table,
        Spacer(1, 6 * mm),
        *_glance(report, s),
    ]


def _glance(report: SchoolReport, s: Styles) -> list[Flowable]:
    """Each principle's Red, Amber, Green and unrated counts."""
    looks = [rag.look for rag in Rag] + [rag_look(None)]
    header = [_p("Principle", s.cell_bold)] + [_p(look.label, s.cell_bold) for look in looks]
    rows: list[list[Flowable]] = [header]
    for principle in report.principles:
        rags = [standard.rag for standard in principle.standards]
        counts = [rags.count(rag.value) for rag in Rag] + [rags.count(None)]
        rows.append(
            [_p(f"{principle.number}. {principle.title}", s.cell)]
            + [_p(str(count), s.cell) for count in counts]
        )
    number_width = 22 * mm
    widths = [WIDTH - 4 * number_width] + [number_width] * 4
    return [
        CondPageBreak(60 * mm),
        _p("Ratings at a glance", s.h2),
        _grid(rows, widths, [("ALIGN", (1, 0), (-1, -1), "RIGHT")]),
    ]


def _rag_cell(look: Look, s: Styles) -> Flowable:
    style = layout.ParagraphStyle(
        f"rag-{look.letter}", parent=s.cell_bold, textColor=colors.HexColor(f"#{look.text_colour}")
    )
    return layout.paragraph(text.markup(f"{look.letter}  {look.label}"), style)


def _principle(principle: PrincipleSection, s: Styles) -> list[Flowable]:
    heading = f"Principle {principle.number}: {principle.title}"
    story: list[Flowable] = [
        PageBreak(),
        layout.Bookmark(f"principle-{principle.number}", heading),
        _p(heading, s.h1),
        _p("Aim", s.label),
        _p(principle.aim, s.body),
        _p("Quality statement", s.label),
        _p(principle.quality_statement, s.body),
        Spacer(1, 2 * mm),
    ]
    rows: list[list[Flowable]] = [
        [_p("Standard", s.cell_bold), _p("Description", s.cell_bold), _p("Rating", s.cell_bold)]
    ]
    fills = []
    for row, standard in enumerate(principle.standards, start=1):
        look = rag_look(standard.rag)
        rows.append([_p(standard.code, s.cell_bold), _p(standard.text, s.cell), _rag_cell(look, s)])
        fills.append(("BACKGROUND", (2, row), (2, row), colors.HexColor(f"#{look.fill}")))
    story.append(_grid(rows, [24 * mm, WIDTH - 56 * mm, 32 * mm], fills))
    for standard in principle.standards:
        story += _standard(standard, s)
    return story


def _standard(standard: StandardSection, s: Styles) -> list[Flowable]:
    look = rag_look(standard.rag)
    heading = [
        _p(f"Standard {standard.code} · {look.letter} {look.label}", s.h3),
        _p(standard.text, s.muted),
    ]
    narrative = text.paragraphs(standard.narrative)
    first, rest = (narrative[0], narrative[1:]) if narrative else ("None written.", [])
    # A heading must not end a page; a long narrative then flows on across pages.
    story: list[Flowable] = [
        CondPageBreak(45 * mm),
        *heading,
        _p("Evidence narrative", s.label),
        *[layout.paragraph(block, s.body) for block in [first, *rest]],
    ]
    story.append(_p("Evidence documents and links", s.label))
    story += [_evidence(item, s) for item in standard.evidence] or [_p("None.", s.body)]
    next_steps = text.paragraphs(standard.next_steps)
    story.append(_p("Next steps", s.label))
    story += [layout.paragraph(block, s.body) for block in next_steps] or [_p("None.", s.body)]
    if standard.feedback is not None:
        feedback = standard.feedback
        story.append(_p("Moderation feedback", s.label))
        said = f"{feedback.outcome.label} by {feedback.moderator} on {format_date(feedback.at)}"
        if feedback.is_challenge and feedback.moderated_rag is not None:
            said += f". Moderated rating: {feedback.moderated_look.label}"
        story.append(_p(said + ".", s.body))
        story += [layout.paragraph(block, s.body) for block in text.paragraphs(feedback.comment)]
    return story


def _evidence(item: EvidenceLine, s: Styles) -> Flowable:
    where = f"link: {item.url}" if item.is_link else f"file, {file_size(item.size_bytes)}"
    return _p(f"• {item.title} ({where}), added {format_date(item.added_at)}", s.body)


def _plan(plan: tuple[PrinciplePlan, ...], s: Styles) -> list[Flowable]:
    actions = sum(len(standard.actions) for p in plan for standard in p.standards)
    story: list[Flowable] = [
        PageBreak(),
        layout.Bookmark("plan", "Delivery plan"),
        _p("Delivery plan", s.h1),
        _p(
            f"{plural(actions, 'action')} for the standards rated "
            f"{Rag.RED.label} or {Rag.AMBER.label}.",
            s.body,
        ),
    ]
    if not plan:
        return [*story, _p(f"There are no standards rated {rag_words(gaps=True)}.", s.body)]
    header = [_p(h, s.cell_bold) for h in ("Standard", "What", "Who", "Due", "Status")]
    widths = [22 * mm, WIDTH - 110 * mm, 30 * mm, 33 * mm, 25 * mm]
    for principle in plan:
        rows: list[list[Flowable]] = [header]
        spans = []
        for standard in principle.standards:
            code = _p(f"{standard.code} ({rag_look(standard.rag).letter})", s.cell_bold)
            if not standard.actions:
                spans.append(("SPAN", (1, len(rows)), (-1, len(rows))))
                rows.append([code, _p("No actions yet.", s.cell), "", "", ""])
            for action in standard.actions:
                status = action.status_label + (" · Overdue" if action.overdue else "")
                rows.append(
                    [
                        code,
                        _p(action.what, s.cell),
                        _p(action.who, s.cell),
                        _p(format_date(action.due_on), s.cell),
                        _p(status, s.cell_bold if action.overdue else s.cell),
                    ]
                )
        story += [
            CondPageBreak(40 * mm),
            _p(f"Principle {principle.number}: {principle.title}", s.h2),
            _grid(rows, widths, spans),
        ]
    return story
