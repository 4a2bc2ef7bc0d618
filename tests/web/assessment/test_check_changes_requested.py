"""'Check your answers' after a reopening that named standards: it warns about the principles still
showing "Changes requested" (not yet saved again), linking to each; a warning, not a block."""

from __future__ import annotations

import re
from html import unescape

import pytest

from hrsa.core.vocabulary.assessment import AssessmentStatus
from hrsa.core.vocabulary.people import Role
from hrsa.models import Assessment
from tests.factories import fresh
from tests.web.assessment.test_principle import form_for


def text(response) -> str:  # type: ignore[no-untyped-def]
    return unescape(response.get_data(as_text=True))


def squashed(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def lead(factory):  # type: ignore[no-untyped-def]
    return factory.user(Role.SCHOOL_LEAD, factory.school(name="Tamar View Primary"))


@pytest.fixture
def assessment(factory, lead) -> Assessment:
    started = factory.assessment(school=lead.school, by=lead)
    factory.submitted(started, lead=lead)
    return started


def reopened(client, sign_in, factory, assessment, lead, standards):  # type: ignore[no-untyped-def]
    sign_in(factory.user(Role.ADVISORY).email)
    response = client.post(
        f"/assessments/{assessment.id}/reopen",
        data={"reason": "Add this year's scheme of work.", "standards": standards},
    )
    assert response.status_code == 302
    sign_in.out()
    sign_in(lead.email)


def warning(page: str) -> str | None:
    match = re.search(r'<div id="changes-requested">(.*?)</ul>', page, re.S)
    return squashed(match.group(1)) if match else None


def test_the_check_page_warns_about_principles_still_to_look_at(
    client, sign_in, factory, assessment, lead
):
    reopened(client, sign_in, factory, assessment, lead, ["3.2", "3.1", "5.1"])

    page = text(client.get(f"/assessments/{assessment.id}/submit"))

    said = warning(page)
    assert said is not None
    assert "Changes were requested when your assessment was reopened on" in said
    assert "these 2 principles have not been saved since. You can still submit" in said
    assert "Principle 3: Curriculum, Teaching and Learning (standards 3.1 and 3.2)" in said
    assert "(standard 5.1)" in said
    back = f"?next=/assessments/{assessment.id}/submit"
    assert f'href="/assessments/{assessment.id}/principles/3{back}"' in page
    assert f'href="/assessments/{assessment.id}/principles/5{back}"' in page
    assert "You cannot submit yet" not in page and "Submit assessment" in page


def test_saving_a_principle_takes_it_off_and_submitting_is_not_blocked(
    client, sign_in, factory, assessment, lead
):
    reopened(client, sign_in, factory, assessment, lead, ["3.2", "5.1"])
    client.post(f"/assessments/{assessment.id}/principles/3", data=form_for(assessment.id, 3))

    said = warning(text(client.get(f"/assessments/{assessment.id}/submit")))
    assert said is not None and "this principle has not been saved since" in said
    assert "Principle 3" not in said and "Principle 5" in said

    response = client.post(f"/assessments/{assessment.id}/submit")

    assert response.status_code == 302
    assert fresh(Assessment, assessment.id).status == AssessmentStatus.SUBMITTED


def test_no_warning_without_named_standards_or_once_all_are_saved(
    client, sign_in, factory, assessment, lead
):
    reopened(client, sign_in, factory, assessment, lead, [])
    page = text(client.get(f"/assessments/{assessment.id}/submit"))
    assert 'id="changes-requested"' not in page and "Submit assessment" in page

    client.post(f"/assessments/{assessment.id}/submit")
    sign_in.out()
    reopened(client, sign_in, factory, assessment, lead, ["2.1"])
    client.post(f"/assessments/{assessment.id}/principles/2", data=form_for(assessment.id, 2))
    assert 'id="changes-requested"' not in text(client.get(f"/assessments/{assessment.id}/submit"))
