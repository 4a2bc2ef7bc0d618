"""The report's summary page: the school beside its ward, phase and city (small-number rule),
its change since the previous cycle, and resources recommended for its Red and Amber standards."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.ratings import Rag
from hrsa.extensions import db
from hrsa.models import Assessment
from hrsa.pdf import render_school_report
from hrsa.services.reports import school_report
from tests import resource_helpers
from tests.pdf_text import read_pdf

NOW = datetime(2027, 5, 4, 9, 30, tzinfo=UTC)


def report(assessment: Assessment, min_schools: int = 3) -> school_report.SchoolReport:
    db.session.expire_all()
    current = db.session.get_one(Assessment, assessment.id)
    return school_report.school_report(db.session, current, now=NOW, min_schools=min_schools)


def city(factory):  # type: ignore[no-untyped-def]
    """Our school and three others in Stoke (all submitted); one other primary school."""
    ours = factory.school(name="Stoke Damerel Primary", phase="primary", ward="Stoke")
    for n, rag in enumerate((Rag.RED, Rag.GREEN, Rag.GREEN)):
        other = factory.school(name=f"Stoke School {n}", phase="secondary", ward="Stoke")
        factory.submitted(factory.assessment(other), rag=rag)
    return factory.assessment(ours), ours


def test_the_school_is_shown_beside_its_ward_phase_and_city_with_small_areas_hidden(
    factory,
) -> None:
    assessment, _ = city(factory)
    factory.rate_all(assessment, Rag.AMBER)
    summary = report(assessment).summary
    assert summary is not None

    first = summary.comparisons[0]
    school, ward, phase, whole_city = first.bars
    assert school.label == "Stoke Damerel Primary" and school.counts is not None
    assert (school.counts.amber, school.counts.red) == (4, 0)
    assert ward.label == "Stoke ward" and ward.schools == 3 and ward.counts is not None
    assert (ward.counts.red, ward.counts.green) == (4, 8), "our draft is not counted"
    assert phase.label == "Primary schools" and phase.counts is None, "no primary submitted"
    assert whole_city.label == "Plymouth" and whole_city.schools == 3
    strict = report(assessment, min_schools=4).summary
    assert strict is not None and strict.comparisons[0].bars[1].counts is None

    pdf = read_pdf(render_school_report(report(assessment)))
    page = pdf.pages[2]  # after the governors' page and the school's details
    assert "Summary" in pdf.bookmarks
    assert "Stoke ward" in page and "3 schools" in page
    assert "Fewer than 3 schools: not shown" in page


def test_the_change_since_the_previous_cycle_is_shown_per_standard(factory) -> None:
    last = factory.cycle("2025/26", opens_on=date(2025, 9, 1), closes_on=date(2026, 7, 31))
    school = factory.school(name="Plympton Academy")
    factory.submitted(factory.assessment(school, last, rags={"1.1": Rag.RED, "1.2": Rag.GREEN}))
    now = factory.assessment(school, carry_forward=True)
    factory.rate(now, {"1.1": Rag.GREEN, "1.2": Rag.AMBER})

    pdf = read_pdf(render_school_report(report(now)))

    changes = pdf.words[pdf.words.index("Change since the previous cycle") :]
    assert "Standard 2025/26 This cycle Change" in changes
    # Each standard is named by its code and the start of its text.
    assert re.search(r"1\.1 The senior leadership team [^…]*… R Red G Green Improved", changes)
    assert re.search(r"1\.2 School policies [^…]*… G Green A Amber Declined", changes)


def test_the_first_assessment_says_there_is_nothing_to_compare(factory) -> None:
    pdf = read_pdf(render_school_report(report(factory.assessment())))
    assert "This is the school's first assessment: nothing to compare." in pdf.words


def test_quality_assured_resources_are_recommended_for_red_and_amber_standards(factory) -> None:
    assessment = factory.assessment(rags={"3.1": Rag.RED, "3.2": Rag.GREEN})
    lead = factory.user(Role.SCHOOL_LEAD)
    reviewer = factory.user(Role.ADVISORY)
    resource_helpers.approved(lead, reviewer, title="Consent & boundaries <Year 9>")

    pdf = read_pdf(render_school_report(report(assessment)))

    section = pdf.words[pdf.words.index("Recommended resources Quality-assured") :]
    assert "Recommended resources" in pdf.bookmarks
    assert "Standard 3.1 · R Red" in section
    assert "Consent & boundaries <Year 9> — Brook (Lesson plan)" in section
    assert "Standard 3.2" not in section, "Green standards get no recommendations"


def test_the_comparisons_are_counted_once_and_again_after_a_submission(
    factory, count_queries
) -> None:
    """A second school's report reads the kept ward, phase and city figures (no aggregation);
    a new submission or a reopening makes the next report count them afresh."""
    assessment, _ = city(factory)
    factory.rate_all(assessment, Rag.AMBER)
    neighbour = factory.assessment(factory.school(name="Stoke Two", phase="primary", ward="Stoke"))
    factory.rate_all(neighbour, Rag.GREEN)
    count_queries.clear()
    first = report(assessment).summary
    assert any("rating_count" in sql for sql in count_queries)
    count_queries.clear()
    report(neighbour)
    assert not any("rating_count" in sql for sql in count_queries), "figures counted again"
    assert first is not None and first.comparisons[0].bars[1].schools == 3

    factory.submitted(neighbour)  # a fourth school in Stoke is counted at once
    after = report(assessment).summary
    assert after is not None and after.comparisons[0].bars[1].schools == 4
    assert after.comparisons[0].bars[3].schools == 4

    from hrsa.services.assessment import emails, submission

    reopened = db.session.get_one(Assessment, neighbour.id)
    submission.reopen(
        db.session,
        reopened,
        user=factory.user(Role.ADVISORY),
        reason="Please add the policy",
        mailing=emails.Mailing(link="http://localhost/x", config={}),
    )
    db.session.commit()
    again = report(assessment).summary
    assert again is not None and again.comparisons[0].bars[1].schools == 3
