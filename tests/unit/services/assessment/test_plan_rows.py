"""Many plan actions at once, without HTTP: the prefilled defaults, adding every row in one
transaction, changing every action in one save with optimistic locking, and the audit trail."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from hrsa.core.errors import Conflict, ServiceError
from hrsa.core.vocabulary.ratings import Rag
from hrsa.extensions import db
from hrsa.models import Assessment, AuditEvent, PlanAction
from hrsa.services.assessment import plan_rows
from hrsa.services.assessment.plan import MAX_WHAT, ActionValues
from hrsa.services.assessment.plan_rows import ActionChange, NewAction
from tests.factories import fresh

DUE = date(2099, 7, 31)


@pytest.fixture
def assessment(factory) -> Assessment:
    assessment = factory.assessment()
    factory.rate(assessment, {"1.1": Rag.RED, "1.2": Rag.AMBER, "2.1": Rag.GREEN, "6.1": Rag.RED})
    return assessment


def actions() -> list[tuple[str, str, str]]:
    return [
        (action.rating.standard_code, action.what, action.who)
        for action in db.session.scalars(select(PlanAction).order_by(PlanAction.id))
    ]


def add_events() -> list[AuditEvent]:
    return list(
        db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "add_action").order_by(AuditEvent.id)
        )
    )


# --- defaults -------------------------------------------------------------------------------


def test_default_due_date_is_the_end_of_the_cycles_academic_year(factory):
    cycle = factory.cycle(opens_on=date(2026, 9, 1))

    assert plan_rows.default_due_on(cycle, date(2026, 11, 22)) == date(2027, 7, 31)
    assert plan_rows.default_due_on(cycle, date(2027, 7, 31)) == date(2027, 7, 31)
    # Once the academic year is over, the next 31 July: never a date already past.
    assert plan_rows.default_due_on(cycle, date(2027, 8, 1)) == date(2028, 7, 31)


def test_default_who_is_the_nominated_lead_else_the_person(factory):
    school = factory.school()
    assert plan_rows.default_who(school, "Sam Jones") == "Sam Jones"
    school.nominated_lead = "  Alex Morgan, Deputy Head  "
    assert plan_rows.default_who(school, "Sam Jones") == "Alex Morgan, Deputy Head"


def test_next_steps_that_fit_are_kept_whole():
    assert (
        plan_rows.action_text_from("  Train staff.\r\nAsk pupils.  ") == "Train staff.\nAsk pupils."
    )


def test_long_next_steps_keep_the_whole_sentences_that_fit():
    sentence = "Run a workshop for every year group on consent and respect. "
    text = sentence * 40  # 2,400 characters

    kept = plan_rows.action_text_from(text)

    assert len(kept) <= MAX_WHAT
    assert kept.endswith("respect.") and text.startswith(kept)
    assert len(kept) > MAX_WHAT - len(sentence)


def test_long_next_steps_without_sentences_keep_whole_words_and_an_ellipsis():
    text = "workshop " * 300

    kept = plan_rows.action_text_from(text)

    assert len(kept) <= MAX_WHAT
    assert kept.endswith("workshop…")


# --- adding many ----------------------------------------------------------------------------


def test_add_actions_adds_every_row_with_an_audit_event_each(assessment, factory):
    lead = factory.school_person(assessment.school_id)

    plan_rows.add_actions(
        db.session,
        assessment,
        [
            NewAction("1.1", "Train governors", "Head teacher", DUE),
            NewAction("6.1", "Run a pupil survey", "PSHE lead", DUE),
        ],
        user_id=lead.id,
    )
    db.session.commit()

    assert actions() == [
        ("1.1", "Train governors", "Head teacher"),
        ("6.1", "Run a pupil survey", "PSHE lead"),
    ]
    events = add_events()
    assert [(e.standard_code, e.user_id, e.assessment_id) for e in events] == [
        ("1.1", lead.id, assessment.id),
        ("6.1", lead.id, assessment.id),
    ]
    assert "Run a pupil survey (PSHE lead, due 2099-07-31, Not started)" in events[1].detail


def test_add_actions_adds_nothing_when_one_row_is_refused(assessment):
    with pytest.raises(ServiceError) as refused:
        plan_rows.add_actions(
            db.session,
            assessment,
            [
                NewAction("1.1", "Train governors", "Head teacher", DUE),
                NewAction("2.1", "Not a gap", "PSHE lead", DUE),
            ],
            user_id=None,
        )
    db.session.rollback()

    assert refused.value.field == "2.1:add"
    assert actions() == []
    assert add_events() == []


def test_add_actions_names_the_row_and_field_of_a_problem(assessment):
    with pytest.raises(ServiceError) as refused:
        plan_rows.add_actions(
            db.session, assessment, [NewAction("1.2", "Fine", " ", DUE)], user_id=None
        )
    assert refused.value.field == "1.2:who"
    assert str(refused.value) == "Enter who will do it"


def test_add_actions_with_no_rows_says_choose_one(assessment):
    with pytest.raises(ServiceError, match="Choose at least one action"):
        plan_rows.add_actions(db.session, assessment, [], user_id=None)


def test_adding_many_actions_runs_the_same_statements_as_adding_two(factory, count_queries, app):
    school = factory.school()
    assessment = factory.assessment(school)
    codes = ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "3.1", "3.2", "4.1", "4.2"]
    factory.rate(assessment, dict.fromkeys(codes, Rag.AMBER))

    def add(chosen: list[str]) -> int:
        assert assessment.school_id  # loaded before counting
        count_queries.clear()
        plan_rows.add_actions(
            db.session,
            assessment,
            [NewAction(code, f"Action for {code}", "Lead", DUE) for code in chosen],
            user_id=None,
        )
        statements = len(count_queries)
        db.session.rollback()
        return statements

    # The ratings, one INSERT of the actions, one of their audit events.
    assert add(codes[:2]) == add(codes) == 3


# --- changing many --------------------------------------------------------------------------


def values(**changes: object) -> ActionValues:
    base: dict[str, object] = {
        "what": "Train governors",
        "who": "Head teacher",
        "due_on": DUE,
        "status": "not_started",
    }
    base.update(changes)
    return ActionValues(**base)  # type: ignore[typeddict-item]


def test_update_actions_saves_changed_rows_and_audits_each_field(assessment, factory):
    first = factory.action(
        assessment, "1.1", what="Train governors", who="Head teacher", due_on=DUE
    )
    second = factory.action(assessment, "6.1", what="Survey", who="Head teacher", due_on=DUE)

    changed = plan_rows.update_actions(
        db.session,
        assessment,
        [
            ActionChange(first.id, 1, values(status="in_progress")),
            ActionChange(second.id, 1, values(what="Survey", who="PSHE lead")),
        ],
        user_id=None,
    )
    db.session.commit()

    assert changed == 2
    assert (
        fresh(PlanAction, first.id).status == "in_progress"
        and fresh(PlanAction, first.id).version == 2
    )
    assert (
        fresh(PlanAction, second.id).who == "PSHE lead"
        and fresh(PlanAction, second.id).version == 2
    )
    updates = db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.action == "update", AuditEvent.entity == "plan_action")
        .order_by(AuditEvent.id)
    ).all()
    assert [(e.entity_id, e.field, e.old_value, e.new_value) for e in updates] == [
        (first.id, "status", "not_started", "in_progress"),
        (second.id, "who", "Head teacher", "PSHE lead"),
    ]


def test_update_actions_leaves_unchanged_rows_alone(assessment, factory):
    action = factory.action(
        assessment, "1.1", what="Train governors", who="Head teacher", due_on=DUE
    )

    assert (
        plan_rows.update_actions(
            db.session, assessment, [ActionChange(action.id, 1, values())], user_id=None
        )
        == 0
    )
    assert fresh(PlanAction, action.id).version == 1


def test_update_actions_saves_nothing_when_someone_else_changed_one(assessment, factory):
    mine = factory.action(assessment, "1.1", what="Train governors", who="Head teacher", due_on=DUE)
    theirs = factory.action(assessment, "6.1", what="Survey", who="Head teacher", due_on=DUE)
    plan_rows.update_actions(
        db.session,
        assessment,
        [ActionChange(theirs.id, 1, values(what="Their survey"))],
        user_id=None,
    )
    db.session.commit()

    with pytest.raises(Conflict) as conflict:
        plan_rows.update_actions(
            db.session,
            assessment,
            [
                ActionChange(mine.id, 1, values(status="done")),
                ActionChange(theirs.id, 1, values(what="My survey")),
            ],
            user_id=None,
        )
    db.session.rollback()

    assert isinstance(conflict.value, plan_rows.ActionsConflict)
    assert list(conflict.value.newer) == [theirs.id]
    assert fresh(PlanAction, mine.id).status == "not_started"
    assert fresh(PlanAction, theirs.id).what == "Their survey"


def test_update_actions_names_the_action_and_field_of_a_problem(assessment, factory):
    action = factory.action(assessment, "1.1", due_on=DUE)

    with pytest.raises(ServiceError) as refused:
        plan_rows.update_actions(
            db.session, assessment, [ActionChange(action.id, 1, values(what=""))], user_id=None
        )
    assert refused.value.field == f"{action.id}:what"


def test_update_actions_runs_the_same_statements_for_many_rows(assessment, factory, count_queries):
    made = [factory.action(assessment, code, due_on=DUE).id for code in ("1.1", "1.2", "6.1") * 3]

    def change(ids: list[int]) -> int:
        assert assessment.school_id  # loaded before counting
        count_queries.clear()
        plan_rows.update_actions(
            db.session,
            assessment,
            [ActionChange(id_, 1, values(what=f"New {id_}")) for id_ in ids],
            user_id=None,
        )
        statements = len(count_queries)
        db.session.rollback()
        return statements

    # The actions, one UPDATE for all of them, one INSERT of the audit events.
    assert change(made[:2]) == change(made) == 3
    assert db.session.scalar(select(func.count()).select_from(PlanAction)) == 9
