"""'Check your answers' shows the answers (the school's details, every standard's rating with its
evidence and the start of its narrative, the plan's actions), each with a Change link, and warns
about what is missing; after submitting, a confirmation says what happens next."""

from __future__ import annotations

import re
from datetime import date
from html import unescape

import pytest
from sqlalchemy import select

from hrsa.core.vocabulary.assessment import AssessmentStatus
from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.ratings import Rag
from hrsa.extensions import db
from hrsa.models import Assessment, PlanAction
from hrsa.services.schools import profile
from tests.factories import fresh

NARRATIVE = (
    "Every tutor group has a fortnightly session on consent, respect and online safety, and "
    "pupils helped write the lesson plans this spring with the school council."
)


def text(response) -> str:  # type: ignore[no-untyped-def]
    return unescape(response.get_data(as_text=True))


@pytest.fixture
def school(factory):
    return factory.complete_profile(factory.school(name="Tamar View Primary"))


@pytest.fixture
def lead(factory, school):
    return factory.user(Role.SCHOOL_LEAD, school, name="Lena Lead")


@pytest.fixture
def assessment(factory, school, lead) -> Assessment:
    return factory.assessment(school=school, by=lead)


def check_url(assessment: Assessment) -> str:
    return f"/assessments/{assessment.id}/submit"


def back(assessment: Assessment) -> str:
    """The query a Change link carries so that saving comes back to the check page."""
    return f"?next=/assessments/{assessment.id}/submit"


def row_for(page: str, code: str) -> str:
    """The summary-list row of one standard on the check page."""
    match = re.search(
        rf'<div class="govuk-summary-list__row[^"]*">\s*<dt class="govuk-summary-list__key">\s*'
        rf"{re.escape(code)} .*?</div>",
        page,
        re.S,
    )
    assert match, code
    return match.group(0)


def test_the_check_page_shows_every_answer_with_change_links(
    factory, client, sign_in, assessment, lead, school
):
    factory.rate_all(assessment, Rag.AMBER)
    factory.rate(assessment, {"1.1": Rag.GREEN}, narrative=NARRATIVE)
    factory.evidence_file(assessment, "1.1")
    factory.action(
        assessment, "2.1", what="Invite parents to a consent workshop", who="Head of PSHE"
    )
    sign_in(lead.email)

    page = text(client.get(check_url(assessment)))

    # The school's details, each with a Change link to its field on the edit page.
    assert "1 Tamar Road, Plymouth PL1 1AA" in page and "14 May 2024" in page
    edit = f"/schools/{school.id}/profile"
    for field in ("address", "telephone", "headteacher", "last_ofsted_on"):
        assert f'href="{edit}{back(assessment)}#{field}"' in page
    # Each standard: its rating, evidence count and the start of its narrative, cut at a word.
    first = row_for(page, "1.1")
    assert "Green" in first and "2 pieces of evidence" in first
    assert "Every tutor group has a fortnightly session on consent" in first
    assert NARRATIVE not in first and "pupils helped write the lesson…" in first
    assert (
        f'href="/assessments/{assessment.id}/principles/1{back(assessment)}#standard-1.1"' in first
    )
    amber = row_for(page, "8.2")
    assert "Amber" in amber and "No evidence" in amber
    assert "Principle 8: Targeted Support" in page
    # The plan's actions: what, who and when, with a Change link to the action.
    [action] = db.session.scalars(select(PlanAction))
    assert "Invite parents to a consent workshop" in page
    assert "Head of PSHE, due 31 March 2027" in page
    assert f'href="/assessments/{assessment.id}/plan/actions/{action.id}{back(assessment)}"' in page
    assert "Submit assessment" in page


def test_what_is_missing_is_listed_and_blocks_submitting(
    factory, client, sign_in, assessment, lead, school
):
    factory.rate_all(assessment, Rag.AMBER, except_codes=["3.2"])
    profile.update_profile(db.session, school, {"telephone": "", "website": None}, user_id=None)
    db.session.commit()
    sign_in(lead.email)

    page = text(client.get(check_url(assessment)))

    assert "You cannot submit yet" in page
    assert "Principle 3: standard 3.2 is not rated yet" in page
    assert "School details: enter the telephone" in page
    assert "School details: enter the website" in page
    assert f'href="/schools/{school.id}/profile{back(assessment)}#telephone"' in page
    assert "Submit assessment" not in page
    refused = text(client.post(check_url(assessment)))
    assert "There is a problem" in refused and "Not yet rated: 3.2" in refused
    factory.rate(assessment, {"3.2": Rag.RED})
    refused = text(client.post(check_url(assessment)))
    assert "Complete your school details before you submit the assessment" in refused
    assert "Missing: telephone and website" in refused
    assert fresh(Assessment, assessment.id).status == AssessmentStatus.IN_PROGRESS


def test_red_or_amber_standards_without_an_action_are_a_warning_not_a_block(
    factory, client, sign_in, assessment, lead
):
    factory.rate_all(assessment, Rag.GREEN)
    factory.rate(assessment, {"2.1": Rag.RED, "5.2": Rag.AMBER, "6.1": Rag.AMBER})
    factory.action(assessment, "5.2")
    sign_in(lead.email)

    page = text(client.get(check_url(assessment)))

    assert "You cannot submit yet" not in page
    assert "2 Red or Amber standards have no action in your delivery plan: 2.1, 6.1" in page
    assert f'href="/assessments/{assessment.id}/plan"' in page
    assert "Submit assessment" in page
    response = client.post(check_url(assessment))
    assert response.headers["Location"].endswith(f"/assessments/{assessment.id}/submitted")
    assert fresh(Assessment, assessment.id).status == AssessmentStatus.SUBMITTED


def test_carried_forward_principles_must_be_checked(factory, client, sign_in, school, lead):
    last = factory.cycle("2025/26", opens_on=date(2025, 9, 1), closes_on=date(2026, 7, 31))
    factory.submitted(factory.assessment(school, last, by=lead), lead=lead, rag=Rag.GREEN)
    this = factory.assessment(school, factory.cycle("2026/27"), by=lead, carry_forward=True)
    codes = [s.code for s in _principle_standards(this, 1)]
    factory.rate(this, dict.fromkeys(codes, Rag.GREEN), by=lead)
    sign_in(lead.email)

    page = text(client.get(check_url(this)))

    assert "Principle 1: check and save" not in page
    for number in range(2, 9):
        assert (
            f"Principle {number}: check and save the answers carried forward from last cycle"
        ) in page
        assert f'href="/assessments/{this.id}/principles/{number}{back(this)}"' in page
    assert "is not rated yet" not in page
    assert "Submit assessment" not in page


def _principle_standards(assessment: Assessment, number: int):  # type: ignore[no-untyped-def]
    from hrsa.services.assessment import starting

    return starting.framework_for(assessment).principles[number - 1].standards


def test_staff_see_the_answers_and_who_can_submit(factory, client, sign_in, assessment, school):
    factory.user(Role.SCHOOL_LEAD, school, name="Ade Second")
    staff = factory.user(Role.SCHOOL_STAFF, school)
    factory.rate_all(assessment, Rag.AMBER)
    sign_in(staff.email)

    page = text(client.get(check_url(assessment)))

    assert "Only your school’s leads, Ade Second and Lena Lead, can submit the assessment." in page
    assert "Submit assessment" not in page
    assert f'href="/schools/{school.id}/profile{back(assessment)}#address"' not in page
    assert f"/schools/{school.id}/profile" not in page
    assert (
        f'href="/assessments/{assessment.id}/principles/1{back(assessment)}#standard-1.1"' in page
    )


def test_the_check_page_takes_the_same_queries_however_many_answers(
    factory, client, sign_in, assessment, lead, count_queries
):
    sign_in(lead.email)
    factory.rate(assessment, {"1.1": Rag.RED})
    factory.action(assessment, "1.1")
    client.get(check_url(assessment))
    count_queries.clear()
    client.get(check_url(assessment))
    few = len(count_queries)

    factory.rate_all(assessment, Rag.AMBER)
    factory.rate(assessment, {"1.2": Rag.GREEN, "2.1": Rag.GREEN})
    for code in ("1.1", "3.1", "4.2", "8.2"):
        factory.action(assessment, code)
        factory.link(assessment, code)
    factory.evidence_file(assessment, "1.2")
    client.get(check_url(assessment))  # as before: the factory's writes left nothing cached
    count_queries.clear()
    page = text(client.get(check_url(assessment)))
    assert "Submit assessment" in page

    assert len(count_queries) == few, "\n\n".join(count_queries)


# --- after submitting -----------------------------------------------------------------------


def test_the_confirmation_says_what_happens_next(factory, client, sign_in, assessment, lead):
    factory.rate_all(assessment, Rag.AMBER)
    sign_in(lead.email)

    response = client.post(check_url(assessment))
    page = text(client.get(response.headers["Location"]))

    assert '<h1 class="govuk-panel__title">' in page and "Assessment submitted" in page
    assert "Your 2026/27 self-assessment has been submitted<br><strong>Tamar View Primary" in (
        client.get(response.headers["Location"]).get_data(as_text=True)
    )
    assert "What happens next" in page and "advisory group is told" in page
    assert "ask the advisory group to reopen it" in page
    assert f'href="/assessments/{assessment.id}/report.pdf" download>' in page
    task_list = text(client.get(f"/assessments/{assessment.id}"))
    assert f'href="/assessments/{assessment.id}/submitted"' in task_list


def test_the_confirmation_is_only_for_a_submitted_assessment_of_ones_own_school(
    factory, client, sign_in, assessment, lead
):
    sign_in(lead.email)
    response = client.get(f"/assessments/{assessment.id}/submitted")
    assert response.headers["Location"].endswith(f"/assessments/{assessment.id}")

    factory.submitted(assessment, lead=lead)
    assert client.get(f"/assessments/{assessment.id}/submitted").status_code == 200
    sign_in.out()
    sign_in(factory.user(Role.SCHOOL_LEAD).email)
    assert client.get(f"/assessments/{assessment.id}/submitted").status_code == 404
    sign_in.out()
    sign_in(factory.user(Role.ADVISORY).email)
    assert client.get(f"/assessments/{assessment.id}/submitted").status_code == 403


def test_a_closed_cycle_cannot_be_checked_and_submitted(factory, client, sign_in, assessment, lead):
    from hrsa.services.cycles import lifecycle

    factory.rate_all(assessment, Rag.AMBER)
    lifecycle.close_cycle(db.session, assessment.cycle, user_id=None)
    db.session.commit()
    sign_in(lead.email)

    task_list = text(client.get(f"/assessments/{assessment.id}"))
    page = text(client.get(check_url(assessment)))

    assert "Check and submit" not in task_list
    assert "The 2026/27 cycle has been closed, so this assessment can no longer be changed." in page
    assert "Submit assessment" not in page and "can submit the assessment" not in page
