"""The moderation queue: how far each submitted school's moderation has gone, in one query."""

from __future__ import annotations

from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.services.moderation import dialogue, sample
from hrsa.services.moderation.dialogue import Mail, ReplyInput
from hrsa.services.moderation.queue import QueueFilters, QueueStatus, queue
from tests.city_helpers import moderate

MAIL = Mail(link="https://hrsa.example/x", config={})


def _submitted(factory, **school):  # type: ignore[no-untyped-def]
    return factory.submitted(factory.assessment(factory.school(**school)))


def test_the_queue_counts_moderated_and_challenged_standards_per_school(factory) -> None:
    moderator = factory.user(Role.ADVISORY)
    untouched = _submitted(factory, name="Alpha Primary", ward="Stoke", phase="primary")
    busy = _submitted(factory, name="Beta Academy", ward="Efford and Lipson")
    factory.assessment(factory.school(name="Gamma In Progress"))  # not submitted: not queued
    moderate(factory, busy, "1.1", moderator, "agree")
    moderate(factory, busy, "1.2", moderator, "challenge", "red", "No policy")
    moderate(factory, busy, "2.1", moderator, "challenge", "green", "Better than you say")
    db.session.commit()
    rows = queue(db.session, factory.cycle())
    assert [r.school_name for r in rows] == ["Alpha Primary", "Beta Academy"]
    alpha, beta = rows
    assert (alpha.standards, alpha.moderated, alpha.challenged) == (21, 0, 0)
    assert alpha.status is QueueStatus.NOT_STARTED
    assert (beta.standards, beta.moderated, beta.challenged) == (21, 3, 2)
    assert beta.status is QueueStatus.IN_PROGRESS
    assert untouched.id == alpha.assessment_id


def test_filters_narrow_by_ward_phase_status_and_sample(factory) -> None:
    moderator = factory.user(Role.ADVISORY)
    a = _submitted(factory, name="A", ward="Stoke", phase="primary")
    _submitted(factory, name="B", ward="Stoke", phase="secondary")
    _submitted(factory, name="C", ward="Peverell", phase="primary")
    moderate(factory, a, "1.1", moderator, "agree")
    db.session.commit()
    cycle = factory.cycle()

    def names(**filters):  # type: ignore[no-untyped-def]
        return [r.school_name for r in queue(db.session, cycle, QueueFilters(**filters))]

    assert names(ward="Stoke") == ["A", "B"]
    assert names(phase="primary") == ["A", "C"]
    assert names(ward="Stoke", phase="primary") == ["A"]
    assert names(status=QueueStatus.NOT_STARTED) == ["B", "C"]
    assert names(status=QueueStatus.IN_PROGRESS) == ["A"]
    assert names(sampled_only=True) == []
    chosen = sample.draw(db.session, moderator, cycle, 2)
    db.session.commit()
    assert names(sampled_only=True) == sorted(s.name for s in chosen)


def test_a_reply_waits_until_a_moderator_saves_the_standard_again(factory) -> None:
    moderator = factory.user(Role.ADVISORY)
    assessment = _submitted(factory, name="Replying School")
    lead = factory.school_person(assessment.school_id, Role.SCHOOL_LEAD)
    moderate(factory, assessment, "1.2", moderator, "challenge", "red", "No policy")
    db.session.commit()
    dialogue.reply(
        db.session, lead, assessment, "1.2", ReplyInput("answer", "Policy is on our site"), MAIL
    )
    db.session.commit()
    (row,) = queue(db.session, factory.cycle())
    assert row.replies_waiting == 1
    assert row.status is QueueStatus.SCHOOL_REPLIED
    assert [
        r.school_name
        for r in queue(db.session, factory.cycle(), QueueFilters(status=QueueStatus.SCHOOL_REPLIED))
    ] == ["Replying School"]
    moderate(factory, assessment, "1.2", moderator, "agree", comment="Seen the policy")
    db.session.commit()
    (row,) = queue(db.session, factory.cycle())
    assert row.replies_waiting == 0


def test_a_reopening_request_shows_until_answered(factory) -> None:
    assessment = _submitted(factory, name="Asking School")
    lead = factory.school_person(assessment.school_id, Role.SCHOOL_LEAD)
    made = dialogue.ask_to_reopen(db.session, lead, assessment, "We found new evidence", MAIL)
    assert not isinstance(made, str)
    db.session.commit()
    (row,) = queue(db.session, factory.cycle())
    assert row.reopening_asked and row.status is QueueStatus.REOPENING_ASKED


def test_the_queue_is_one_query_whatever_the_number_of_schools(factory, count_queries) -> None:
    for n in range(3):
        _submitted(factory, name=f"School {n}")
    cycle = factory.cycle()
    count_queries.clear()
    assert len(queue(db.session, cycle)) == 3
    assert len(count_queries) == 1
    for n in range(3, 6):
        _submitted(factory, name=f"School {n}")
    cycle = factory.cycle()
    count_queries.clear()
    assert len(queue(db.session, cycle)) == 6
    assert len(count_queries) == 1
