"""Who is told when a school submits or is reopened (issue 11, item 4): the outbox holds one
message per right person, naming the school and cycle, linking through HRSA_BASE_URL."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.models import Assessment, OutboxMessage, User
from hrsa.services.accounts import people
from tests import resource_helpers
from tests.factories import fresh
from tests.web.resources.test_workflow import review_form

BASE = "http://localhost"  # HRSA_BASE_URL in the test configuration
REASON = "Standard 3.2 needs the new anti-bullying policy as evidence."


def outbox() -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.recipient)))


def links_in(body: str) -> list[str]:
    return re.findall(r"https?://\S+", body)


def disable(factory, user: User) -> None:  # type: ignore[no-untyped-def]
    people.set_account_enabled(db.session, fresh(User, user.id), False, by_user_id=None)
    db.session.commit()


@pytest.fixture
def school(factory):
    return factory.complete_profile(factory.school(name="Tamar View Primary"))


@pytest.fixture
def lead(factory, school):
    return factory.user(Role.SCHOOL_LEAD, school, name="Lena Lead", email="lena@tamar.example")


@pytest.fixture
def assessment(factory, school, lead) -> Assessment:
    return factory.assessment(school=school, cycle=factory.cycle("2026/27"), by=lead)


def test_a_submission_tells_every_enabled_advisory_group_member_and_nobody_else(
    client, sign_in, factory, school, lead, assessment
):
    ada = factory.user(Role.ADVISORY, email="ada@advisory.example")
    bo = factory.user(Role.ADVISORY, email="bo@advisory.example")
    gone = factory.user(Role.ADVISORY, email="gone@advisory.example")
    disable(factory, gone)
    factory.user(Role.COMMISSIONER, email="cat@council.example")
    factory.user(Role.ADMIN, email="admin@council.example")
    factory.user(Role.SCHOOL_STAFF, school, email="sam@tamar.example")
    factory.rate_all(assessment, "amber")
    sign_in(lead.email)

    response = client.post(f"/assessments/{assessment.id}/submit")

    assert response.status_code == 302
    assert fresh(Assessment, assessment.id).is_submitted
    messages = outbox()
    assert [m.recipient for m in messages] == [ada.email, bo.email]
    for message in messages:
        assert message.subject == "Tamar View Primary has submitted its 2026/27 self-assessment"
        assert "Tamar View Primary" in message.body and "2026/27" in message.body
        assert "Lena Lead" in message.body
        assert links_in(message.body) == [f"{BASE}/assessments/{assessment.id}"]
        assert not message.delivered_by_smtp


def test_a_refused_submission_sends_nothing(client, sign_in, factory, lead, assessment):
    factory.user(Role.ADVISORY)
    factory.rate_all(assessment, "amber", except_codes=["2.1"])
    sign_in(lead.email)

    response = client.post(f"/assessments/{assessment.id}/submit")

    assert response.status_code == 200
    assert not fresh(Assessment, assessment.id).is_submitted
    assert outbox() == []


def test_a_reopening_tells_the_schools_enabled_lead_and_staff_with_the_reason(
    client, sign_in, factory, school, lead, assessment
):
    sam = factory.user(Role.SCHOOL_STAFF, school, email="sam@tamar.example")
    gone = factory.user(Role.SCHOOL_STAFF, school, email="gone@tamar.example")
    disable(factory, gone)
    factory.user(Role.SCHOOL_LEAD, email="lead@elsewhere.example")  # another school
    factory.user(Role.ADVISORY, email="bo@advisory.example")
    factory.submitted(assessment, lead=lead)
    advisor = factory.user(Role.ADVISORY, name="Ada Advisor")
    sign_in(advisor.email)

    response = client.post(f"/assessments/{assessment.id}/reopen", data={"reason": REASON})

    assert response.status_code == 302
    messages = outbox()
    assert [m.recipient for m in messages] == [lead.email, sam.email]
    for message in messages:
        assert (
            message.subject == "Tamar View Primary: your 2026/27 self-assessment has been reopened"
        )
        assert REASON in message.body
        assert "Ada Advisor" in message.body and "2026/27" in message.body
        assert links_in(message.body) == [f"{BASE}/assessments/{assessment.id}"]


def test_a_refused_reopening_sends_nothing(client, sign_in, factory, lead, assessment):
    factory.submitted(assessment, lead=lead)
    sign_in(factory.user(Role.ADVISORY).email)

    response = client.post(f"/assessments/{assessment.id}/reopen", data={"reason": "  "})

    assert response.status_code == 200
    assert fresh(Assessment, assessment.id).is_submitted
    assert outbox() == []


# --- a resource decision tells its proposer ------------------------------------------------


def test_a_resource_decision_tells_its_proposer_with_a_link_from_the_base_url(
    client, sign_in, factory
):
    proposer = factory.user(Role.SCHOOL_STAFF, email="sam@tamar.example")
    resource = resource_helpers.propose(proposer, title="Consent in five minutes")
    sign_in(factory.user(Role.ADVISORY).email)

    response = client.post(
        f"/resources/{resource.id}/review",
        data=review_form(resource, "changes_requested", reason="Add the helpline numbers."),
    )

    assert response.status_code == 302
    [message] = outbox()
    assert message.recipient == proposer.email
    assert message.subject == "Consent in five minutes: changes requested"
    assert "Add the helpline numbers." in message.body
    assert links_in(message.body) == [f"{BASE}/resources/{resource.id}"]


def test_a_disabled_proposer_is_not_emailed(client, sign_in, factory):
    proposer = factory.user(Role.SCHOOL_STAFF)
    resource = resource_helpers.propose(proposer)
    disable(factory, proposer)
    sign_in(factory.user(Role.ADVISORY).email)

    response = client.post(
        f"/resources/{resource.id}/review",
        data=review_form(resource, "rejected", reason="It shames young people."),
    )

    assert response.status_code == 302
    assert outbox() == []


def test_a_resubmission_says_so(client, sign_in, factory, lead, assessment):
    advisor = factory.user(Role.ADVISORY, email="ada@advisory.example")
    factory.submitted(assessment, lead=lead)
    sign_in(advisor.email)
    client.post(f"/assessments/{assessment.id}/reopen", data={"reason": REASON})
    sign_in.out()
    before = {m.id for m in outbox()}
    sign_in(lead.email)

    client.post(f"/assessments/{assessment.id}/submit")

    [message] = [m for m in outbox() if m.id not in before]
    assert message.recipient == advisor.email
    assert message.subject == "Tamar View Primary has resubmitted its 2026/27 self-assessment"
    assert "It had been reopened on " in message.body
