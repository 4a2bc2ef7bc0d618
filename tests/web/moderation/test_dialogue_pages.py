"""The school replies to a challenge and asks for a reopening; the advisory group declines."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.models import OutboxMessage
from hrsa.models.dialogue import ModerationReply, ReopenRequest
from tests.city_helpers import moderate


@pytest.fixture
def challenged(factory):  # type: ignore[no-untyped-def]
    assessment = factory.submitted(factory.assessment(factory.school(name="Drake School")))
    advisory = factory.user(Role.ADVISORY, email="advisory@example.org")
    moderate(factory, assessment, "1.2", advisory, "challenge", "red", "No policy seen")
    db.session.commit()
    return assessment


def _lead(factory, assessment):  # type: ignore[no-untyped-def]
    return factory.school_person(assessment.school_id, Role.SCHOOL_LEAD)


def test_the_lead_replies_from_the_principle_page(client, factory, sign_in, challenged):  # type: ignore[no-untyped-def]
    sign_in(_lead(factory, challenged).email)
    reply = f"/assessments/{challenged.id}/standards/1.2/reply"
    principle = client.get(f"/assessments/{challenged.id}/principles/1").get_data(as_text=True)
    assert f'href="{reply}"' in principle
    page = client.get(reply).get_data(as_text=True)
    assert "No policy seen" in page
    bad = client.post(reply, data={"choice": "answer", "comment": "", "evidence_url": "nope"})
    assert bad.status_code == 400
    assert "Enter your answer to the challenge" in bad.get_data(as_text=True)
    assert 'value="nope"' in bad.get_data(as_text=True)
    done = client.post(
        reply,
        data={
            "choice": "answer",
            "comment": "The policy is on our website",
            "evidence_url": "https://drake.example/rse",
            "evidence_title": "RSE policy",
        },
    )
    assert done.status_code == 302
    html = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "Your reply on standard 1.2 has been sent to the advisory group" in html
    assert "The policy is on our website" in html and "RSE policy" in html
    assert db.session.scalar(select(ModerationReply.comment)) == "The policy is on our website"
    assert (
        db.session.scalar(
            select(OutboxMessage).where(
                OutboxMessage.recipient == "advisory@example.org",
                OutboxMessage.subject.contains("answered the challenge"),
            )
        )
        is not None
    )
    history = client.get(f"/assessments/{challenged.id}/standards/1.2/history").get_data(
        as_text=True
    )
    assert "School replied to a challenge" in history


def test_an_unchallenged_standard_has_nothing_to_reply_to(client, factory, sign_in, challenged):  # type: ignore[no-untyped-def]
    sign_in(_lead(factory, challenged).email)
    assert client.get(f"/assessments/{challenged.id}/standards/1.1/reply").status_code == 404
    other = factory.user(Role.SCHOOL_LEAD)
    sign_in.out()
    sign_in(other.email)
    assert client.get(f"/assessments/{challenged.id}/standards/1.2/reply").status_code == 404


def test_the_lead_asks_for_a_reopening_and_the_advisory_group_declines(
    client, factory, sign_in, challenged
):  # type: ignore[no-untyped-def]
    lead = _lead(factory, challenged)
    sign_in(lead.email)
    tasks = client.get(f"/assessments/{challenged.id}").get_data(as_text=True)
    ask = f"/assessments/{challenged.id}/ask-to-reopen"
    assert f'href="{ask}"' in tasks
    assert client.post(ask, data={"reason": ""}).status_code == 400
    done = client.post(ask, data={"reason": "We have a new policy to add"})
    assert done.status_code == 302
    tasks = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "Reopening asked for" in tasks and f'href="{ask}"' not in tasks
    sign_in.out()
    sign_in(factory.user(Role.ADVISORY).email)
    queue = client.get("/moderation").get_data(as_text=True)
    assert "School asked for a reopening" in queue
    sheet = client.get(f"/moderation/assessments/{challenged.id}").get_data(as_text=True)
    assert "We have a new policy to add" in sheet
    request_id = db.session.scalar(select(ReopenRequest.id))
    decline = f"/moderation/reopen-requests/{request_id}/decline"
    assert client.post(decline, data={"answer": ""}).status_code == 400
    assert client.post(decline, data={"answer": "Add it next year"}).status_code == 302
    assert db.session.scalar(select(ReopenRequest.outcome)) == "declined"
    assert (
        lead.email
        in db.session.scalars(
            select(OutboxMessage.recipient).where(OutboxMessage.body.contains("Add it next year"))
        ).all()
    )
    sign_in.out()
    sign_in(lead.email)
    tasks = client.get(f"/assessments/{challenged.id}").get_data(as_text=True)
    assert "Reopening declined" in tasks and "Add it next year" in tasks


def test_school_people_cannot_decline(client, factory, sign_in, challenged):  # type: ignore[no-untyped-def]
    lead = _lead(factory, challenged)
    db.session.add(
        ReopenRequest(assessment_id=challenged.id, reason="x", requested_by_id=lead.id, answer="")
    )
    db.session.commit()
    request_id = db.session.scalar(select(ReopenRequest.id))
    sign_in(lead.email)
    assert client.get(f"/moderation/reopen-requests/{request_id}/decline").status_code == 404
