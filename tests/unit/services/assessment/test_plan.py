"""The delivery plan's rules, without HTTP: which standards get actions, overdue, locking, audit."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from hrsa.core.errors import BadInput, Conflict, ServiceError
from hrsa.core.vocabulary.assessment import ActionStatus
from hrsa.core.vocabulary.ratings import Rag
from hrsa.extensions import db
from hrsa.models import Assessment, AuditEvent, PlanAction
from hrsa.services.assessment import plan as plan_service
from tests.factories import fresh

TODAY = date(2027, 1, 15)


@pytest.fixture
def assessment(factory) -> Assessment:
    assessment = factory.assessment()
    factory.rate(assessment, {"1.2": Rag.AMBER, "1.1": Rag.RED, "3.2": Rag.GREEN, "6.1": Rag.RED})
    return assessment


def audit_events(**where: object) -> list[AuditEvent]:
    query = select(AuditEvent).where(AuditEvent.entity == "plan_action").order_by(AuditEvent.id)
    for name, value in where.items():
        query = query.where(getattr(AuditEvent, name) == value)
    return list(db.session.scalars(query))


def test_is_overdue_when_past_due_and_not_done():
    assert plan_service.is_overdue(TODAY - timedelta(days=1), "in_progress", TODAY)
    assert plan_service.is_overdue(TODAY - timedelta(days=1), "not_started", TODAY)
    assert not plan_service.is_overdue(TODAY - timedelta(days=1), "done", TODAY)
    assert not plan_service.is_overdue(TODAY, "not_started", TODAY)


def test_plan_groups_red_and_amber_standards_by_principle_in_framework_order(factory, assessment):
    factory.action(assessment, "1.2", what="Later", due_on=date(2027, 6, 1))
    factory.action(assessment, "1.2", what="Sooner", due_on=date(2027, 2, 1))

    plan = plan_service.plan_for(db.session, assessment, TODAY)

    assert [(p.number, [s.code for s in p.standards]) for p in plan] == [
        (1, ["1.1", "1.2"]),
        (6, ["6.1"]),
    ]
    principle_1 = plan[0]
    assert principle_1.title
    assert [a.what for a in principle_1.standards[1].actions] == ["Sooner", "Later"]
    assert principle_1.standards[0].rag == "red" and principle_1.standards[0].actions == []
    assert principle_1.standards[1].text.strip()


def test_plan_flags_overdue_actions(factory, assessment):
    factory.action(
        assessment, "1.1", what="Late", due_on=TODAY - timedelta(days=1), status="in_progress"
    )
    factory.action(
        assessment, "1.1", what="Done late", due_on=TODAY - timedelta(days=30), status="done"
    )
    factory.action(assessment, "1.1", what="Due today", due_on=TODAY)

    actions = {
        a.what: a
        for a in plan_service.plan_for(db.session, assessment, TODAY)[0].standards[0].actions
    }

    assert actions["Late"].overdue
    assert not actions["Done late"].overdue
    assert not actions["Due today"].overdue
    assert actions["Late"].status_label == "In progress"


def test_plan_keeps_actions_of_a_standard_since_rated_green(factory, assessment):
    factory.rate(assessment, {"3.2": Rag.AMBER})
    factory.action(assessment, "3.2", what="Finished work", status=ActionStatus.DONE)
    factory.rate(assessment, {"3.2": Rag.GREEN})

    plan = plan_service.plan_for(db.session, assessment, TODAY)

    [green] = [s for p in plan for s in p.standards if s.code == "3.2"]
    assert [a.what for a in green.actions] == ["Finished work"]
    assert not green.accepts_actions


def test_plan_is_one_query(factory, assessment, count_queries):
    for code in ("1.1", "1.2", "6.1"):
        factory.action(assessment, code)
        factory.action(assessment, code)
    framework_loaded = fresh(Assessment, assessment.id)
    _ = framework_loaded.framework_version.content
    count_queries.clear()

    plan = plan_service.plan_for(db.session, framework_loaded, TODAY)

    assert sum(len(s.actions) for p in plan for s in p.standards) == 6
    assert len(count_queries) == 1


def test_add_action_to_an_amber_standard_is_audited(assessment):
    action = plan_service.add_action(
        db.session,
        assessment,
        "1.2",
        what=" Run a staff workshop ",
        who="Head of PSHE",
        due_on=date(2027, 3, 1),
        status="not_started",
        user_id=None,
    )
    db.session.commit()

    saved = fresh(PlanAction, action.id)
    assert (saved.what, saved.who, saved.version) == ("Run a staff workshop", "Head of PSHE", 1)
    [event] = audit_events(action="add_action")
    assert (event.entity_id, event.assessment_id, event.school_id, event.standard_code) == (
        action.id,
        assessment.id,
        assessment.school_id,
        "1.2",
    )
    assert "Run a staff workshop" in (event.detail or "")


@pytest.mark.parametrize("code", ["3.2", "2.1"])  # green, not yet rated
def test_actions_are_only_for_red_or_amber_standards(assessment, code):
    with pytest.raises(ServiceError, match="Actions are for standards rated Red or Amber"):
        plan_service.add_action(
            db.session,
            assessment,
            code,
            what="x",
            who="y",
            due_on=TODAY,
            status="not_started",
            user_id=None,
        )
    db.session.rollback()
    assert db.session.scalars(select(PlanAction)).all() == []


def test_tampered_values_are_bad_input(assessment):
    with pytest.raises(BadInput):
        plan_service.add_action(
            db.session,
            assessment,
            "9.9",
            what="x",
            who="y",
            due_on=TODAY,
            status="not_started",
            user_id=None,
        )
    with pytest.raises(BadInput):
        plan_service.add_action(
            db.session,
            assessment,
            "1.1",
            what="x",
            who="y",
            due_on=TODAY,
            status="finished",
            user_id=None,
        )
    db.session.rollback()
    assert db.session.scalars(select(PlanAction)).all() == []


@pytest.mark.parametrize(
    ("what", "who", "message"),
    [
        ("", "Head", "Enter what will be done"),
        ("x" * 1001, "Head", "1,000 characters or fewer"),
        ("Workshop", " ", "Enter who will do it"),
        ("Workshop", "x" * 201, "200 characters or fewer"),
    ],
)
def test_action_values_are_checked(assessment, what, who, message):
    with pytest.raises(ServiceError, match=message):
        plan_service.add_action(
            db.session,
            assessment,
            "1.1",
            what=what,
            who=who,
            due_on=TODAY,
            status="not_started",
            user_id=None,
        )


def test_update_records_each_change_old_to_new(factory, assessment):
    action = factory.action(assessment, "1.1", what="Workshop", who="Head", status="not_started")

    plan_service.update_action(
        db.session,
        action,
        values={
            "what": "Workshop",
            "who": "Deputy head",
            "due_on": date(2027, 4, 1),
            "status": "in_progress",
        },
        expected_version=1,
        user_id=None,
    )
    db.session.commit()

    saved = fresh(PlanAction, action.id)
    assert (saved.who, saved.status, saved.version) == ("Deputy head", "in_progress", 2)
    assert saved.updated_at is not None
    changes = {e.field: (e.old_value, e.new_value) for e in audit_events(action="update")}
    assert changes == {
        "who": ("Head", "Deputy head"),
        "due_on": ("2027-03-31", "2027-04-01"),
        "status": ("not_started", "in_progress"),
    }
    assert {e.standard_code for e in audit_events(action="update")} == {"1.1"}


def test_update_from_an_old_version_is_a_conflict(factory, assessment):
    action = factory.action(assessment, "1.1", what="Workshop")
    values: plan_service.ActionValues = {
        "what": "First",
        "who": "Head",
        "due_on": TODAY,
        "status": "not_started",
    }
    plan_service.update_action(db.session, action, values=values, expected_version=1, user_id=None)
    db.session.commit()

    with pytest.raises(Conflict):
        plan_service.update_action(
            db.session,
            fresh(PlanAction, action.id),
            values={**values, "what": "Second"},
            expected_version=1,
            user_id=None,
        )
    db.session.rollback()
    assert fresh(PlanAction, action.id).what == "First"


def test_delete_is_audited(factory, assessment):
    action = factory.action(assessment, "6.1", what="Assembly on consent")

    plan_service.delete_action(db.session, action, user_id=None, expected_version=1)
    db.session.commit()

    assert fresh(PlanAction, action.id) is None
    [event] = audit_events(action="delete_action")
    assert event.standard_code == "6.1" and "Assembly on consent" in (event.detail or "")


def test_standards_without_action_lists_red_and_amber_standards_with_no_action(factory, assessment):
    factory.rate(assessment, {"6.1": Rag.RED}, next_steps={"6.1": "Run a pupil survey"})
    factory.action(assessment, "1.2")

    missing = plan_service.standards_without_action(db.session, assessment)

    assert [(s.code, s.rag, s.principle_number) for s in missing] == [
        ("1.1", "red", 1),
        ("6.1", "red", 6),
    ]
    assert missing[0].title.startswith("The senior leadership team")
    assert missing[1].next_steps == "Run a pupil survey"


def test_standards_without_action_is_empty_when_every_gap_has_an_action(factory, assessment):
    for code in ("1.1", "1.2", "6.1"):
        factory.action(assessment, code)

    assert plan_service.standards_without_action(db.session, assessment) == []


def test_standards_without_action_is_one_query(factory, assessment, count_queries):
    plan_service.standards_without_action(db.session, assessment)  # framework parsed once
    count_queries.clear()

    plan_service.standards_without_action(db.session, assessment)

    assert len(count_queries) == 1
