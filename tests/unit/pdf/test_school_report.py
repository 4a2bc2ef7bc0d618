"""The school's PDF report, read back with pypdf: what a governor would find in it."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from hrsa.core.errors import NotFound
from hrsa.core.formatting import format_date
from hrsa.core.vocabulary.assessment import ActionStatus
from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.ratings import Rag
from hrsa.extensions import db
from hrsa.models import Assessment
from hrsa.pdf import render_school_report
from hrsa.services.assessment import starting
from hrsa.services.reports import school_report
from tests.city_helpers import moderate
from tests.pdf_text import read_pdf

NOW = datetime(2027, 5, 4, 9, 30, tzinfo=UTC)


def render(assessment: Assessment) -> bytes:
    db.session.expire_all()
    current = db.session.get_one(Assessment, assessment.id)
    return render_school_report(school_report.school_report(db.session, current, now=NOW))


@pytest.fixture
def school(factory):  # type: ignore[no-untyped-def]
    return factory.school(
        name="Tamar View Primary",
        urn="113355",
        phase="primary",
        ward="Stoke",
        headteacher="Ms Eluned Prŷs",
        nominated_lead="Mr Łukasz Wójcik",
        number_on_roll=1234,
    )


@pytest.fixture
def assessment(factory, school):  # type: ignore[no-untyped-def]
    assessment = factory.assessment(school=school)
    factory.rate_all(assessment, Rag.AMBER, except_codes=["1.1", "2.1"])
    factory.rate(assessment, {"1.1": Rag.GREEN, "2.1": Rag.RED})
    factory.link(assessment, "1.2", title="Governors' minutes, March", url="https://example.org/m")
    factory.evidence_file(assessment, "2.1", filename="pupil-survey.txt")
    factory.action(assessment, "2.1", what="Survey pupils about consent lessons", who="PSHE lead")
    factory.action(
        assessment,
        "1.2",
        what="Rewrite the relationships policy",
        who="Deputy head",
        due_on=date(2027, 1, 10),
        status=ActionStatus.IN_PROGRESS,
    )
    return assessment


def test_the_report_names_the_school_every_standard_with_its_rating_evidence_and_plan(
    factory, assessment
) -> None:
    submitted = factory.submitted(assessment)
    moderate(
        factory,
        submitted,
        "2.1",
        factory.user(Role.ADVISORY, name="Dr Ada Moderator"),
        "challenge",
        "amber",
        comment="The survey shows more than partial coverage.",
    )
    pdf = read_pdf(render(submitted))

    assert "Tamar View Primary" in pdf.pages[0]
    about = pdf.pages[1]  # after the governors' page
    assert "About the school" in about
    assert "Ms Eluned Prŷs" in about and "Mr Łukasz Wójcik" in about
    assert "1,234" in about and "Submitted" in about
    for standard in starting.framework_for(submitted).standards:
        rag = (
            Rag.GREEN
            if standard.code == "1.1"
            else Rag.RED
            if standard.code == "2.1"
            else Rag.AMBER
        )
        assert f"Standard {standard.code} · {rag.letter} {rag.label}" in pdf.text
    assert "Governors' minutes, March" in pdf.text and "pupil-survey.txt" in pdf.text
    plan = pdf.words[pdf.words.index("Delivery plan 2 actions") :]
    assert "Survey pupils about consent lessons PSHE lead 31 March 2027 Not started" in plan
    assert "Rewrite the relationships policy Deputy head 10 January 2027 In progress · Overdue" in (
        plan
    )
    challenge = f"Challenged by Dr Ada Moderator on {format_date(datetime.now(UTC))}"
    assert f"{challenge}. Moderated rating: Amber." in pdf.words
    assert "The survey shows more than partial coverage." in pdf.words
    total = len(pdf.pages)
    assert total > 9
    for number, page in enumerate(pdf.pages, start=1):
        assert f"Page {number} of {total}" in page
        assert "Tamar View Primary · 2026/27 self-assessment · Generated 4 May 2027" in page
    assert "DRAFT" not in pdf.text


def test_the_pdf_says_what_it_is_in_its_metadata_and_bookmarks(assessment) -> None:
    pdf = read_pdf(render(assessment))

    assert pdf.title == "Tamar View Primary: 2026/27 self-assessment report"
    assert pdf.author == "Tamar View Primary"
    assert "2026/27" in pdf.subject and "In progress" in pdf.subject
    assert pdf.lang == "en-GB"
    assert pdf.display_doc_title, "a viewer shows the title, not the file name"
    # ReportLab writes no structure tree, so the PDF must not claim to be tagged.
    assert not pdf.marked
    principles = starting.framework_for(assessment).principles
    assert [f"Principle {p.number}: {p.title}" for p in principles] == [
        title for title in pdf.bookmarks if title.startswith("Principle")
    ]
    assert "Delivery plan" in pdf.bookmarks


def test_a_report_of_an_unsubmitted_assessment_says_draft_on_every_page(assessment) -> None:
    pdf = read_pdf(render(assessment))

    assert all("DRAFT" in page for page in pdf.pages)
    assert "Not yet submitted" in pdf.pages[1]


def test_the_report_opens_with_one_page_for_governors(factory, assessment) -> None:
    pdf = read_pdf(render(factory.submitted(assessment)))

    first = " ".join(pdf.pages[0].split())
    assert "Summary for governors: 2026/27 · Submitted" in first
    assert "Tamar View Primary rated 1 of its 21 standards Green, 19 Amber and 1 Red." in first
    # Red first, then Amber, in framework order; at most five.
    priorities = first[first.index("Standards to work on first") : first.index("Next actions due")]
    assert priorities.index("2.1") < priorities.index("1.2") < priorities.index("1.3")
    assert "1.1 " not in priorities  # Green
    assert priorities.count("A Amber") == 4
    actions = first[first.index("Next actions due") :]
    assert actions.index("Rewrite the relationships policy") < actions.index("Survey pupils")
    assert "10 January 2027 (overdue)" in actions
    assert "About the school" in pdf.pages[1]


def test_empty_sections_are_left_out_not_printed_as_none(factory, assessment) -> None:
    factory.rate(assessment, {"2.1": Rag.RED}, next_steps={"2.1": "Survey pupils in spring"})
    pdf = read_pdf(render(assessment))

    assert "None." not in pdf.text
    assert "Next steps" in pdf.text  # where a standard has them


HEBREW = "שלום"
LONG_WORD = "Llanfair" + "x" * 292


def test_hostile_text_appears_as_typed_and_long_narratives_flow_across_pages(
    factory, assessment
) -> None:
    opening = "We teach <b>consent</b> & respect — “Dydd da” to Zoë, Łucja and Siân 😀 "
    narrative = (opening + f"{HEBREW} مرحبا {LONG_WORD} ").ljust(5000, "y")
    narrative = narrative[:4990] + " end."
    assert len(narrative) == 4995
    factory.rate(assessment, {"3.1": Rag.AMBER}, narrative=narrative)
    factory.action(assessment, "3.1", what="<i>Plan</i> & review & " + "z" * 300, who="A & B")

    pdf = read_pdf(render(assessment))

    flat = pdf.unwrapped
    assert "We teach <b>consent</b> & respect — “Dydd da” to Zoë, Łucja and Siân" in pdf.words
    assert "[grinning face]" in pdf.text, "an emoji is named, never an empty box"
    assert HEBREW in flat or HEBREW[::-1] in flat, "right-to-left text is kept"
    assert LONG_WORD in flat, "the 300-character word is all there, wrapped"
    assert "<i>Plan</i> & review &" in pdf.words and "A & B" in pdf.words
    pages_with_it = [n for n, page in enumerate(pdf.pages) if "y" * 60 in page.replace("\n", "")]
    assert len(pages_with_it) >= 1 and "end." in flat


def test_a_school_name_with_emoji_and_hebrew_is_named_in_every_footer(factory) -> None:
    school = factory.school(name=f"Ysgol Siân 😀 {HEBREW}")

    pdf = read_pdf(render(factory.assessment(school=school)))

    # pypdf reads the Hebrew back in its reading order, so it is checked apart.
    assert all("Ysgol Siân [grinning face]" in page and HEBREW in page for page in pdf.pages)


def test_reports_are_found_by_urn_and_cycle_with_a_clear_reason_when_not(
    factory, assessment
) -> None:
    assert school_report.assessment_by_urn(db.session, "113355", "2026/27").id == assessment.id
    assert school_report.assessment_by_urn(db.session, " 113355 ", None).id == assessment.id
    with pytest.raises(NotFound, match="no school with URN '999999'"):
        school_report.assessment_by_urn(db.session, "999999", None)
    with pytest.raises(NotFound, match="no cycle called '1999/00'"):
        school_report.assessment_by_urn(db.session, "113355", "1999/00")
    factory.school(urn="224466", name="Empty School")
    with pytest.raises(NotFound, match="Empty School has no assessment"):
        school_report.assessment_by_urn(db.session, "224466", None)
