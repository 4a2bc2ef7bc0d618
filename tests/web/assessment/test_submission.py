"""Submitting an assessment once every standard is rated, and reopening it with a reason."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import select

from hrsa.core.errors import ServiceError
from hrsa.core.vocabulary.assessment import AssessmentStatus
from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.models import Assessment, AuditEvent
from hrsa.services.accounts import people
from hrsa.services.assessment import submission
from tests.factories import fresh


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


def submit_url(assessment: Assessment) -> str:
    return f"/assessments/{assessment.id}/submit"


def events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def submitted(factory, assessment: Assessment, lead) -> None:  # type: ignore[no-untyped-def]
    factory.submitted(assessment, lead=lead)


# --- submitting -----------------------------------------------------------------------------


def test_submission_lists_what_is_missing_then_is_accepted_when_all_rated(
    factory, client, sign_in, assessment, lead
):
    factory.rate_all(assessment, "amber", except_codes=["1.3", "4.2"])
    sign_in(lead.email)

    check = text(client.get(submit_url(assessment)))
    assert "You cannot submit yet" in check
    back = f"?next=/assessments/{assessment.id}/submit"  # fixing it comes back here
    assert f'href="/assessments/{assessment.id}/principles/1{back}#standard-1.3"' in check
    assert f'href="/assessments/{assessment.id}/principles/4{back}#standard-4.2"' in check
    assert "Principle 1: standard 1.3 is not rated yet" in check
    assert "Principle 4: standard 4.2 is not rated yet" in check
    assert "standard 1.1 is not rated" not in check
    assert "Submit assessment" not in check

    refused = client.post(submit_url(assessment))
    assert refused.status_code == 200
    assert "Rate every standard before you submit the assessment. Not yet rated: 1.3, 4.2" in text(
        refused
    )
    assert fresh(Assessment, assessment.id).status == AssessmentStatus.IN_PROGRESS
    assert events("submit") == []

    factory.rate(assessment, {"1.3": "green", "4.2": "red"})
    ready = text(client.get(submit_url(assessment)))
    assert "Submit assessment" in ready
    assert "You cannot submit yet" not in ready
    # Each standard's rating is shown, grouped by principle.
    assert re.search(
        r"1\.3 <span[^>]*>[^<]*</span>\s*</dt>\s*<dd[^>]*>\s*<p[^>]*>\s*<strong[^>]*>\s*Green",
        ready,
    )
    assert re.search(
        r"4\.2 <span[^>]*>[^<]*</span>\s*</dt>\s*<dd[^>]*>\s*<p[^>]*>\s*<strong[^>]*>\s*Red", ready
    )

    response = client.post(submit_url(assessment))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/assessments/{assessment.id}/submitted")
    confirmation = text(client.get(response.headers["Location"]))
    assert "Assessment submitted" in confirmation
    assert "self-assessment has been submitted" in confirmation
    task_list = text(client.get(f"/assessments/{assessment.id}"))
    assert "The assessment is now read-only" in task_list
    saved = fresh(Assessment, assessment.id)
    assert (saved.status, saved.submitted_by_id) == (AssessmentStatus.SUBMITTED, lead.id)
    assert saved.submitted_at is not None
    [event] = events("submit")
    assert (event.user_id, event.assessment_id, event.school_id) == (
        lead.id,
        assessment.id,
        saved.school_id,
    )


def test_a_submitted_assessment_is_read_only(client, sign_in, factory, assessment, lead, school):
    staff = factory.user(Role.SCHOOL_STAFF, school)
    submitted(factory, assessment, lead)

    for person in (lead, staff):
        sign_in(person.email)
        page = client.get(f"/assessments/{assessment.id}/principles/1")
        assert page.status_code == 200
        assert "Save as draft" not in text(page)
        assert 'method="post"' not in text(page).split("<main", 1)[1].split("Sign out")[0]
        response = client.post(
            f"/assessments/{assessment.id}/principles/1",
            data={"rag-1.1": "red", "version-1.1": "1", "narrative-1.1": "", "next_steps-1.1": ""},
        )
        assert response.status_code == 403
        sign_in.out()
    assert fresh(Assessment, assessment.id).status == AssessmentStatus.SUBMITTED


def test_staff_cannot_submit(client, sign_in, factory, assessment, school):
    staff = factory.user(Role.SCHOOL_STAFF, school)
    factory.rate_all(assessment, "green")
    sign_in(staff.email)

    page = text(client.get(submit_url(assessment)))
    assert "Only your school’s lead, Lena Lead, can submit the assessment." in page
    assert "Submit assessment" not in page
    assert client.post(submit_url(assessment)).status_code == 403
    assert fresh(Assessment, assessment.id).status == AssessmentStatus.IN_PROGRESS


def test_another_schools_lead_gets_not_found(client, sign_in, factory, assessment):
    factory.rate_all(assessment, "green")
    sign_in(factory.user(Role.SCHOOL_LEAD).email)

    assert client.get(submit_url(assessment)).status_code == 404
    assert client.post(submit_url(assessment)).status_code == 404
    assert fresh(Assessment, assessment.id).status == AssessmentStatus.IN_PROGRESS


@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.ADVISORY, Role.ADMIN])
def test_city_roles_cannot_submit(client, sign_in, factory, assessment, role):
    factory.rate_all(assessment, "green")
    sign_in(factory.user(role).email)

    assert client.get(submit_url(assessment)).status_code == 403
    assert client.post(submit_url(assessment)).status_code == 403
    assert fresh(Assessment, assessment.id).status == AssessmentStatus.IN_PROGRESS


def test_submitting_twice_changes_nothing(client, sign_in, factory, assessment, lead):
    submitted(factory, assessment, lead)
    first = fresh(Assessment, assessment.id).submitted_at
    sign_in(lead.email)

    response = client.post(submit_url(assessment), follow_redirects=True)

    assert "This assessment has already been submitted." in text(response)
    assert fresh(Assessment, assessment.id).submitted_at == first
    assert len(events("submit")) == 1


def test_missing_standards_are_in_framework_order(factory, assessment):
    factory.rate_all(assessment, "red", except_codes=["8.2", "1.4", "3.1"])

    assert submission.missing_standards(db.session, assessment) == [
        (1, "1.4"),
        (3, "3.1"),
        (8, "8.2"),
    ]


def test_submit_service_refuses_staff_and_incomplete_assessments(factory, assessment, lead, school):
    staff = factory.user(Role.SCHOOL_STAFF, school)
    factory.rate_all(assessment, "amber", except_codes=["2.2"])

    with pytest.raises(ServiceError, match="Not yet rated: 2.2"):
        submission.submit(db.session, assessment, user=lead)
    factory.rate(assessment, {"2.2": "amber"})
    with pytest.raises(ServiceError, match="Only your school's lead"):
        submission.submit(db.session, assessment, user=staff)
    assert fresh(Assessment, assessment.id).status == AssessmentStatus.IN_PROGRESS


# --- reopening ------------------------------------------------------------------------------


def reopen_url(assessment: Assessment) -> str:
    return f"/assessments/{assessment.id}/reopen"


REASON = "Principle 3 needs evidence of the new anti-bullying policy, please add it."


def test_advisory_reopens_with_a_reason_the_school_sees(client, sign_in, factory, assessment, lead):
    submitted(factory, assessment, lead)
    advisor = factory.user(Role.ADVISORY)
    sign_in(advisor.email)

    task_list = text(client.get(f"/assessments/{assessment.id}"))
    assert f'href="/assessments/{assessment.id}/reopen"' in task_list
    form = text(client.get(reopen_url(assessment)))
    assert "Why are you reopening this assessment?" in form

    response = client.post(reopen_url(assessment), data={"reason": REASON})
    assert response.status_code == 302
    banner = text(client.get(response.headers["Location"]))
    assert (
        "Tamar View Primary's assessment has been reopened. "
        "The school's lead and staff have been emailed your reason." in banner
    )
    assert "can see your reason on its task list" not in banner
    saved = fresh(Assessment, assessment.id)
    assert (saved.status, saved.reopened_by_id, saved.reopen_reason) == (
        AssessmentStatus.IN_PROGRESS,
        advisor.id,
        REASON,
    )
    [event] = events("reopen")
    assert (event.user_id, event.detail, event.assessment_id) == (advisor.id, REASON, assessment.id)

    sign_in.out()
    sign_in(lead.email)
    school_view = text(client.get(f"/assessments/{assessment.id}"))
    assert REASON in school_view
    assert "read-only" not in school_view
    assert "Save as draft" in text(client.get(f"/assessments/{assessment.id}/principles/3"))
    assert "Submit assessment" in text(client.get(submit_url(assessment)))


def test_reopening_a_school_with_nobody_to_email_says_so(
    client, sign_in, factory, assessment, lead
):
    submitted(factory, assessment, lead)
    admin = factory.user(Role.ADMIN)
    people.set_account_enabled(db.session, lead, False, by_user_id=admin.id)
    db.session.commit()
    sign_in(factory.user(Role.ADVISORY).email)

    response = client.post(reopen_url(assessment), data={"reason": REASON})

    banner = text(client.get(response.headers["Location"]))
    assert "The school has no active lead or staff account to email" in banner
    assert "have been emailed" not in banner
    assert fresh(Assessment, assessment.id).status == AssessmentStatus.IN_PROGRESS


def test_a_school_lead_cannot_reopen(client, sign_in, factory, assessment, lead):
    submitted(factory, assessment, lead)
    sign_in(lead.email)

    assert client.get(reopen_url(assessment)).status_code == 403
    assert client.post(reopen_url(assessment), data={"reason": REASON}).status_code == 403
    assert fresh(Assessment, assessment.id).status == AssessmentStatus.SUBMITTED
    assert events("reopen") == []


def test_a_commissioner_cannot_reopen(client, sign_in, factory, assessment, lead):
    submitted(factory, assessment, lead)
    sign_in(factory.user(Role.COMMISSIONER).email)

    assert client.post(reopen_url(assessment), data={"reason": REASON}).status_code == 403
    assert fresh(Assessment, assessment.id).status == AssessmentStatus.SUBMITTED


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "Enter why you are reopening this assessment"),
        ("   ", "Enter why you are reopening this assessment"),
        ("x" * 2001, "The reason must be 2,000 characters or fewer"),
    ],
)
def test_reopening_needs_a_reason(client, sign_in, factory, assessment, lead, reason, message):
    submitted(factory, assessment, lead)
    sign_in(factory.user(Role.ADMIN).email)

    response = client.post(reopen_url(assessment), data={"reason": reason})

    assert response.status_code == 200
    assert "There is a problem" in text(response)
    assert message in text(response)
    assert fresh(Assessment, assessment.id).status == AssessmentStatus.SUBMITTED
    assert events("reopen") == []


def test_an_assessment_in_progress_is_not_reopened(client, sign_in, factory, assessment):
    sign_in(factory.user(Role.ADVISORY).email)

    response = client.post(reopen_url(assessment), data={"reason": REASON}, follow_redirects=True)

    assert "already open for changes" in text(response)
    assert fresh(Assessment, assessment.id).reopen_reason is None
