"""The assessment service: starting, carrying forward, the task list and the framework's rules."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from hrsa.core.errors import ServiceError
from hrsa.core.vocabulary.assessment import ActionStatus
from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.ratings import Rag
from hrsa.extensions import db
from hrsa.models import EvidenceItem, PlanAction, Rating
from hrsa.services.assessment import progress, starting
from hrsa.services.assessment.progress import StandardChange, principle_status
from hrsa.services.assessment.ratings import green_problem, rag_problem
from hrsa.services.evidence import items


def test_a_new_assessment_has_21_unrated_standards_and_records_the_framework_version(factory):
    lead = factory.user(Role.SCHOOL_LEAD)
    cycle = factory.cycle()
    assessment = starting.start(db.session, school=lead.school, cycle=cycle, user_id=lead.id)
    codes = db.session.scalars(
        select(Rating.standard_code)
        .where(Rating.assessment_id == assessment.id)
        .order_by(Rating.id)
    ).all()
    assert len(codes) == 21 and codes[0] == "1.1" and codes[-1] == "8.2"
    assert assessment.framework_version_id == cycle.framework_version_id
    with pytest.raises(ServiceError, match="already has an assessment"):
        starting.start(db.session, school=lead.school, cycle=cycle, user_id=lead.id)


def test_task_list_counts_and_statuses(factory):
    lead = factory.user(Role.SCHOOL_LEAD)
    assessment = factory.assessment(lead.school)
    factory.rate(assessment, {"3.1": Rag.RED, "3.2": Rag.GREEN, "4.1": Rag.AMBER})
    tasks = progress.task_list(db.session, assessment)
    by_number = {p.number: p for p in tasks.principles}
    assert (tasks.rated, tasks.total) == (3, 21)
    assert by_number[3].status == "completed" and (by_number[3].red, by_number[3].green) == (1, 1)
    assert by_number[4].status == "in_progress" and by_number[4].unrated == 2
    assert by_number[1].status == "not_started"


def test_carry_forward_copies_ratings_text_live_evidence_and_open_actions(factory):
    lead = factory.user(Role.SCHOOL_LEAD)
    last = factory.cycle("2025/26", opens_on=date(2025, 9, 1), closes_on=date(2026, 7, 31))
    this = factory.cycle("2026/27")
    old = factory.assessment(lead.school, last)
    factory.rate(old, {"1.1": Rag.AMBER}, narrative="Governor briefing held")
    factory.link(old, "1.1", title="Minutes", url="https://e.example/m")
    removed = factory.link(old, "1.1", title="Old", url="https://e.example/o")
    items.remove(db.session, removed, user_id=lead.id)
    factory.action(
        old,
        "1.1",
        what="Train governors",
        who="Head",
        due_on=date(2026, 5, 1),
        status=ActionStatus.IN_PROGRESS,
    )
    factory.action(
        old,
        "1.1",
        what="Write policy",
        who="Lead",
        due_on=date(2026, 3, 1),
        status=ActionStatus.DONE,
    )
    new = starting.start(
        db.session, school=lead.school, cycle=this, user_id=lead.id, carry_forward=True
    )
    db.session.commit()
    copy = db.session.scalar(
        select(Rating).where(Rating.assessment_id == new.id, Rating.standard_code == "1.1")
    )
    assert (copy.rag, copy.narrative, copy.carried_forward) == (
        "amber",
        "Governor briefing held",
        True,
    )
    assert [
        e.title
        for e in db.session.scalars(select(EvidenceItem).where(EvidenceItem.rating_id == copy.id))
    ] == ["Minutes"]
    actions = db.session.scalars(select(PlanAction).where(PlanAction.rating_id == copy.id)).all()
    assert [(a.what, a.carried_forward) for a in actions] == [("Train governors", True)]
    unrated = db.session.scalar(
        select(Rating).where(Rating.assessment_id == new.id, Rating.standard_code == "2.1")
    )
    assert unrated.carried_forward is False and unrated.rag is None
    assert new.carried_forward_from_id == old.id
    # The task list compares each standard with last cycle.
    factory.rate(new, {"1.1": Rag.GREEN})
    tasks = progress.task_list(db.session, new)
    assert tasks.previous_cycle == "2025/26"
    assert tasks.changes["1.1"].direction == "improved"


def test_starting_without_carry_forward_leaves_everything_unrated(factory):
    lead = factory.user(Role.SCHOOL_LEAD)
    last = factory.cycle("2025/26", opens_on=date(2025, 9, 1), closes_on=date(2026, 7, 31))
    factory.assessment(lead.school, last, rags={"1.1": Rag.GREEN})
    new = starting.start(db.session, school=lead.school, cycle=factory.cycle(), user_id=None)
    assert (
        db.session.scalar(
            select(Rating.rag).where(Rating.assessment_id == new.id, Rating.standard_code == "1.1")
        )
        is None
    )


def test_the_green_rule():
    assert green_problem("amber", "", 0) is None
    assert green_problem("green", "Fully in place", 1) is None
    assert "describe the evidence and add" in green_problem("green", "", 0)
    assert "describe the evidence" in green_problem("green", "   ", 2)
    assert "add at least one document" in green_problem("green", "Fully in place", 0)


def test_rag_scale_and_principle_status():
    assert rag_problem(None) is None and rag_problem("amber") is None
    assert rag_problem("blue") is not None
    assert principle_status(2, 2, True) == "completed"
    assert principle_status(0, 3, True) == "in_progress"
    assert principle_status(0, 3, False) == "not_started"


@pytest.mark.parametrize(
    ("before", "now", "direction"),
    [
        ("red", "amber", "improved"),
        ("green", "amber", "declined"),
        ("amber", "amber", "same"),
        ("red", None, None),
    ],
)
def test_change_against_last_cycle(before, now, direction):
    assert StandardChange("1.1", before, now).direction == direction
