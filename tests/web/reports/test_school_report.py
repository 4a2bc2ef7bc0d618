"""Downloading the school's report: from the task list, after submitting, and from the
read-only view city roles see; never another school's."""

from __future__ import annotations

from html import unescape

import pytest

from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.ratings import Rag
from tests.pdf_text import read_pdf

LINK = "Download report (PDF)"


@pytest.fixture
def assessment(factory):  # type: ignore[no-untyped-def]
    school = factory.complete_profile(
        factory.school(name="Ham Drive Nursery & Primary", urn="117711")
    )
    assessment = factory.assessment(school=school)
    factory.rate_all(assessment, Rag.AMBER)
    return assessment


def report_url(assessment) -> str:  # type: ignore[no-untyped-def]
    return f"/assessments/{assessment.id}/report.pdf"


def test_a_school_lead_downloads_their_report_from_the_task_list(
    client, factory, sign_in, assessment
) -> None:
    lead = factory.user(Role.SCHOOL_LEAD, assessment.school)
    sign_in(lead.email)

    page = unescape(client.get(f"/assessments/{assessment.id}").get_data(as_text=True))
    assert f'href="{report_url(assessment)}" download>{LINK}</a>' in page
    response = client.get(report_url(assessment))

    assert response.status_code == 200
    assert response.content_type == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="ham-drive-nursery-primary-2026-27-report.pdf"'
    )
    pdf = read_pdf(response.data)
    assert "Ham Drive Nursery & Primary" in pdf.pages[0]
    assert all("DRAFT" in page for page in pdf.pages)


def test_the_submission_confirmation_offers_the_report_without_draft(
    client, factory, sign_in, assessment
) -> None:
    lead = factory.user(Role.SCHOOL_LEAD, assessment.school)
    sign_in(lead.email)

    confirmation = client.post(f"/assessments/{assessment.id}/submit", follow_redirects=True)
    page = unescape(confirmation.get_data(as_text=True))
    assert "has been submitted" in page and LINK in page
    pdf = read_pdf(client.get(report_url(assessment)).data)
    assert "DRAFT" not in pdf.text and "Submitted" in pdf.pages[0]


@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.ADVISORY, Role.ADMIN])
def test_city_roles_download_any_schools_report_from_its_read_only_view(
    client, factory, sign_in, assessment, role
) -> None:
    sign_in(factory.user(role).email)

    assert LINK in client.get(f"/assessments/{assessment.id}").get_data(as_text=True)
    response = client.get(report_url(assessment))
    assert response.status_code == 200
    assert "Ham Drive Nursery & Primary" in read_pdf(response.data).pages[0]


def test_another_schools_report_is_not_found(client, factory, sign_in, assessment) -> None:
    other = factory.user(Role.SCHOOL_LEAD, factory.school(name="Elsewhere Academy"))
    sign_in(other.email)

    assert client.get(report_url(assessment)).status_code == 404
    assert client.get("/assessments/999999/report.pdf").status_code == 404


def test_signed_out_people_are_sent_to_sign_in(client, assessment) -> None:
    response = client.get(report_url(assessment))
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
