"""Reminders with a frozen clock: each kind is sent once, on the right day, only to the people
it concerns, never to someone who turned reminders off, and each is kept in the outbox."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from hrsa.core.vocabulary.assessment import ActionStatus
from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.ratings import Rag
from hrsa.extensions import db
from hrsa.models import OutboxMessage
from hrsa.services.reminders import sending
from tests import resource_helpers

CLOSES = date(2027, 7, 31)
LINKS = sending.Links(
    home="http://hrsa.test/",
    plan=lambda assessment_id: f"http://hrsa.test/assessments/{assessment_id}/plan",
    resource=lambda resource_id: f"http://hrsa.test/resources/{resource_id}",
    review_queue="http://hrsa.test/resources/review",
    account="http://hrsa.test/account",
)


def send(today: date) -> dict[str, int]:
    counts = sending.send_due(db.session, today=today, links=LINKS, config={})
    db.session.commit()
    return dict(counts)


def outbox(to: str) -> list[OutboxMessage]:
    query = select(OutboxMessage).where(OutboxMessage.recipient == to).order_by(OutboxMessage.id)
    return list(db.session.scalars(query))


@pytest.fixture
def schools(factory):
    """Three leads: one submitted, one in progress, one not started (and opted out: Cedar)."""
    cycle = factory.cycle("2026/27", closes_on=CLOSES)
    leads = {
        name: factory.user(Role.SCHOOL_LEAD, factory.school(name=name), name=f"{name} lead")
        for name in ("Ash", "Beech", "Cedar", "Damson")
    }
    ash = factory.assessment(leads["Ash"].school, cycle, by=leads["Ash"])
    factory.submitted(ash, lead=leads["Ash"])
    factory.assessment(leads["Beech"].school, cycle, by=leads["Beech"])
    leads["Cedar"].wants_reminders = False
    leads["Damson"].is_enabled = False
    db.session.commit()
    return leads


def test_a_cycle_closing_reminds_leads_who_have_not_submitted_14_and_3_days_before(schools):
    assert send(CLOSES - timedelta(days=15)) == {}
    assert send(CLOSES - timedelta(days=14)) == {"cycle_closing": 1}
    assert send(CLOSES - timedelta(days=14)) == {}, "the same day again sends nothing"
    assert send(CLOSES - timedelta(days=10)) == {}, "the 14-day notice went already"
    assert send(CLOSES - timedelta(days=3)) == {"cycle_closing": 1}
    assert send(CLOSES - timedelta(days=1)) == {}

    beech = outbox(schools["Beech"].email)
    assert [m.subject for m in beech] == [sending.SUBJECTS["cycle_closing"]] * 2
    assert "closes on 31 July 2027, in 14 days" in beech[0].body
    assert "in 3 days" in beech[1].body
    assert "http://hrsa.test/" in beech[0].body and "http://hrsa.test/account" in beech[0].body
    for done_or_unwilling in ("Ash", "Cedar", "Damson"):
        assert outbox(schools[done_or_unwilling].email) == [], done_or_unwilling


def test_a_missed_day_still_sends_the_nearest_notice_once(schools):
    assert send(CLOSES - timedelta(days=2)) == {"cycle_closing": 1}
    assert send(CLOSES - timedelta(days=1)) == {}
    assert "in 2 days" in outbox(schools["Beech"].email)[0].body


def test_a_closed_cycle_sends_nothing(schools, factory):
    from hrsa.models import Cycle
    from hrsa.services.cycles import lifecycle

    cycle = db.session.scalar(select(Cycle))
    lifecycle.close_cycle(db.session, cycle, user_id=factory.user(Role.ADMIN).id)
    db.session.commit()
    assert send(CLOSES - timedelta(days=3)) == {}


def test_plan_actions_due_soon_or_overdue_come_as_one_digest_per_week(factory):
    lead = factory.user(Role.SCHOOL_LEAD, factory.school(name="Ash"))
    other = factory.user(Role.SCHOOL_LEAD, lead.school)
    assessment = factory.assessment(
        lead.school, by=lead, rags={"1.1": Rag.RED, "1.2": Rag.AMBER, "2.1": Rag.AMBER}
    )
    due = date(2026, 11, 20)  # a Friday
    factory.action(assessment, "1.1", what="Train governors", who="Head", due_on=due)
    factory.action(
        assessment, "1.2", what="Write the policy", who="Deputy", due_on=due + timedelta(days=30)
    )
    factory.action(
        assessment, "2.1", what="Already done", who="Head", due_on=due, status=ActionStatus.DONE
    )
    other.wants_reminders = False
    db.session.commit()

    assert send(due - timedelta(days=8)) == {}
    assert send(due - timedelta(days=7)) == {"plan_actions": 1}  # Friday 13th
    assert send(due - timedelta(days=6)) == {}, "one digest a week"
    assert send(due + timedelta(days=3)) == {"plan_actions": 1}  # the next week: overdue

    first, second = outbox(lead.email)
    assert "Train governors (Head): due on 20 November 2026" in first.body
    assert "Train governors (Head): overdue since 20 November 2026" in second.body
    assert "Write the policy" not in first.body + second.body
    assert "Already done" not in first.body + second.body
    assert f"http://hrsa.test/assessments/{assessment.id}/plan" in first.body
    assert outbox(other.email) == []


def test_the_advisory_group_hears_once_of_reviews_due_and_proposals_waiting(factory):
    member = factory.user(Role.ADVISORY, name="Ada Advisor")
    quiet = factory.user(Role.ADVISORY)
    quiet.wants_reminders = False
    proposer = factory.user(Role.SCHOOL_LEAD)
    approved = resource_helpers.approved(proposer, member, title="Consent lessons")
    waiting = resource_helpers.propose(proposer, title="Online safety pack")
    db.session.commit()
    review_by = approved.review_by
    proposed_on = waiting.waiting_since.date()

    assert send(review_by - timedelta(days=31)) == {"waiting_proposals": 1}
    assert send(review_by - timedelta(days=30)) == {"resource_reviews": 1}
    assert send(review_by - timedelta(days=29)) == {}

    proposal, review = outbox(member.email)
    assert "Online safety pack: waiting since" in proposal.body
    assert "http://hrsa.test/resources/review" in proposal.body
    assert "Consent lessons: review by" in review.body
    assert f"http://hrsa.test/resources/{approved.id}" in review.body
    assert outbox(quiet.email) == []
    assert not [m for m in outbox(proposer.email) if m.subject.startswith("Reminder")]
    assert proposed_on + timedelta(days=15) <= review_by - timedelta(days=31)


def test_a_proposal_is_not_waiting_before_14_days(factory):
    factory.user(Role.ADVISORY)
    waiting = resource_helpers.propose(factory.user(Role.SCHOOL_LEAD))
    assert send(waiting.waiting_since.date() + timedelta(days=14)) == {}
    assert send(waiting.waiting_since.date() + timedelta(days=15)) == {"waiting_proposals": 1}
