"""The school's replies and reopening requests, the advisory group's answers, and the sample."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hrsa.core.errors import NotFound, ServiceError
from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.models import AuditEvent, EvidenceItem, OutboxMessage
from hrsa.models.dialogue import ModerationSample, ReopenRequest
from hrsa.services.assessment import emails, submission
from hrsa.services.moderation import dialogue, sample
from hrsa.services.moderation.dialogue import Mail, Refused, ReplyInput
from tests.city_helpers import moderate

MAIL = Mail(link="https://hrsa.example/moderation", config={})


@pytest.fixture
def challenged(factory):  # type: ignore[no-untyped-def]
    assessment = factory.submitted(factory.assessment(factory.school(name="Tamar School")))
    moderate(
        factory,
        assessment,
        "1.2",
        factory.user(Role.ADVISORY, email="ada@example.org"),
        "challenge",
        "red",
        "No policy seen",
    )
    db.session.commit()
    return assessment


def _lead(factory, assessment):  # type: ignore[no-untyped-def]
    return factory.school_person(assessment.school_id, Role.SCHOOL_LEAD)


def test_an_answer_adds_its_evidence_link_and_emails_the_advisory_group(
    factory, challenged
) -> None:
    lead = _lead(factory, challenged)
    saved = dialogue.reply(
        db.session,
        lead,
        challenged,
        "1.2",
        ReplyInput("answer", "Our policy is online", "https://tamar.example/policy", "Policy"),
        MAIL,
    )
    db.session.commit()
    assert not isinstance(saved, dict)
    assert (saved.accepted, saved.comment) == (False, "Our policy is online")
    titles = db.session.scalars(select(EvidenceItem.title)).all()
    assert "Policy" in titles
    mail = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == "ada@example.org")
    ).all()
    assert any(m.subject == "Tamar School has answered the challenge on standard 1.2" for m in mail)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "reply_to_challenge"))
    assert event is not None and event.standard_code == "1.2"


def test_reply_rules_and_who_may_reply(factory, challenged) -> None:
    lead = _lead(factory, challenged)
    assert dialogue.reply(db.session, lead, challenged, "1.2", ReplyInput(None, ""), MAIL) == {
        "choice": "Choose whether you accept the challenge or want to answer it"
    }
    assert dialogue.reply(
        db.session, lead, challenged, "1.2", ReplyInput("answer", "  "), MAIL
    ) == {"comment": "Enter your answer to the challenge"}
    bad_link = dialogue.reply(
        db.session, lead, challenged, "1.2", ReplyInput("answer", "See", "javascript:x"), MAIL
    )
    assert bad_link == {"evidence_url": "Enter a full web address starting with https://"}
    with pytest.raises(NotFound):  # not challenged
        dialogue.reply(db.session, lead, challenged, "1.1", ReplyInput("accept", ""), MAIL)
    other_school = factory.user(Role.SCHOOL_LEAD)
    with pytest.raises(Refused):
        dialogue.reply(db.session, other_school, challenged, "1.2", ReplyInput("accept", ""), MAIL)


def test_only_the_lead_asks_once_and_reopening_grants_it(factory, challenged) -> None:
    lead = _lead(factory, challenged)
    staff = factory.user(Role.SCHOOL_STAFF, school=challenged.school)
    with pytest.raises(Refused, match="Only your school lead"):
        dialogue.ask_to_reopen(db.session, staff, challenged, "Please", MAIL)
    assert dialogue.ask_to_reopen(db.session, lead, challenged, " ", MAIL) == (
        "Enter why you want the assessment reopened"
    )
    made = dialogue.ask_to_reopen(db.session, lead, challenged, "New evidence found", MAIL)
    db.session.commit()
    assert isinstance(made, ReopenRequest)
    with pytest.raises(Refused, match="already asked"):
        dialogue.ask_to_reopen(db.session, lead, challenged, "Again", MAIL)
    advisory = factory.user(Role.ADVISORY)
    submission.reopen(
        db.session,
        challenged,
        user=advisory,
        reason="As you asked",
        mailing=emails.Mailing(link="https://hrsa.example/t", config={}),
    )
    db.session.commit()
    db.session.refresh(made)
    assert (made.outcome, made.answer, made.resolved_by_id) == (
        "reopened",
        "As you asked",
        advisory.id,
    )


def test_declining_tells_the_school_and_cannot_be_done_twice(factory, challenged) -> None:
    lead = _lead(factory, challenged)
    made = dialogue.ask_to_reopen(db.session, lead, challenged, "New evidence", MAIL)
    assert isinstance(made, ReopenRequest)
    advisory = factory.user(Role.ADVISORY)
    assert dialogue.decline(db.session, advisory, made, "", config={}) == (
        "Enter why you are not reopening the assessment"
    )
    assert (
        dialogue.decline(db.session, advisory, made, "Moderation will cover it", config={}) is None
    )
    db.session.commit()
    assert made.outcome == "declined"
    sent = db.session.scalars(
        select(OutboxMessage.recipient).where(
            OutboxMessage.body.contains("Moderation will cover it")
        )
    ).all()
    assert lead.email in sent
    with pytest.raises(Refused, match="already been answered"):
        dialogue.decline(db.session, advisory, made, "Again", config={})
    with pytest.raises(Refused):
        dialogue.decline(db.session, lead, made, "I decline my own", config={})


def test_a_sample_draws_distinct_submitted_schools_and_is_recorded(factory) -> None:
    for n in range(5):
        factory.submitted(factory.assessment(factory.school(name=f"S{n}")))
    factory.assessment(factory.school(name="Not submitted"))
    advisory = factory.user(Role.ADVISORY)
    cycle = factory.cycle()
    first = sample.draw(db.session, advisory, cycle, 3)
    second = sample.draw(db.session, advisory, cycle, 2)
    db.session.commit()
    names = {s.name for s in first} | {s.name for s in second}
    assert names == {f"S{n}" for n in range(5)}
    assert len(db.session.scalars(select(ModerationSample)).all()) == 5
    with pytest.raises(ServiceError, match="already in the sample"):
        sample.draw(db.session, advisory, cycle, 1)
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "draw_sample")).all()
    assert [e.new_value for e in events] == ["3", "2"]


def test_a_sample_size_must_fit(factory) -> None:
    factory.submitted(factory.assessment())
    advisory = factory.user(Role.ADVISORY)
    for size, message in [(None, "whole number"), (0, "from 1 to 1"), (2, "from 1 to 1")]:
        with pytest.raises(ServiceError, match=message):
            sample.draw(db.session, advisory, factory.cycle(), size)
    with pytest.raises(ServiceError):
        sample.draw(db.session, factory.user(Role.COMMISSIONER), factory.cycle(), 1)
