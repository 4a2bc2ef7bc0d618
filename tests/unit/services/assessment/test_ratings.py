"""Saving a principle's ratings without HTTP: the Green rule, all-or-nothing saves, optimistic
locking, read-only submitted assessments, and the audit trail, checked against what is stored."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from hrsa.core.errors import BadInput, Conflict, ServiceError
from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.ratings import Rag
from hrsa.extensions import db
from hrsa.models import Assessment, AuditEvent, Rating
from hrsa.services.assessment import ratings
from hrsa.services.evidence import items
from tests.factories import fresh


@pytest.fixture
def lead(factory):
    return factory.user(Role.SCHOOL_LEAD)


@pytest.fixture
def assessment(factory, lead) -> Assessment:
    return factory.assessment(lead.school, by=lead)


def stored(assessment: Assessment, code: str) -> Rating:
    db.session.expire_all()
    rating = db.session.scalar(
        select(Rating).where(Rating.assessment_id == assessment.id, Rating.standard_code == code)
    )
    assert rating is not None
    return rating


def given(
    assessment: Assessment,
    code: str,
    rag: Rag | None,
    narrative: str = "",
    *,
    next_steps: str = "",
    version: int | None = None,
) -> ratings.StandardInput:
    """What the page would send for one standard, from the version stored now unless told."""
    current = stored(assessment, code)
    return ratings.StandardInput(
        code=code,
        rag=rag,
        narrative=narrative,
        next_steps=next_steps,
        version=current.version if version is None else version,
    )


def save(assessment: Assessment, number: int, *inputs, user) -> ratings.SaveOutcome:  # type: ignore[no-untyped-def]
    """Save as a view would: commit when the outcome is ok, roll back otherwise."""
    outcome = ratings.save_principle(db.session, assessment, number, inputs, user_id=user.id)
    if outcome.ok:
        db.session.commit()
    else:
        db.session.rollback()
    return outcome


def rating_events(code: str) -> list[AuditEvent]:
    return list(
        db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.entity == "rating", AuditEvent.standard_code == code)
            .order_by(AuditEvent.id)
        )
    )


# --- the Green rule -------------------------------------------------------------------------


def test_green_with_neither_narrative_nor_evidence_is_refused_and_nothing_is_stored(
    assessment, lead
):
    outcome = save(assessment, 1, given(assessment, "1.3", Rag.GREEN), user=lead)

    assert not outcome.ok
    assert (
        "describe the evidence and add at least one document or link"
        in (outcome.errors[("1.3", "narrative")])
    )
    saved = stored(assessment, "1.3")
    assert (saved.rag, saved.version, saved.updated_by_id) == (None, 1, None)
    assert rating_events("1.3") == []


def test_green_with_a_narrative_but_no_document_is_refused(assessment, lead):
    outcome = save(
        assessment, 1, given(assessment, "1.3", Rag.GREEN, "Appointed by governors"), user=lead
    )

    assert "add at least one document or link" in outcome.errors[("1.3", "files")]
    assert stored(assessment, "1.3").rag is None


def test_green_with_a_document_but_no_narrative_is_refused(factory, assessment, lead):
    factory.link(assessment, "1.3", by=lead)

    outcome = save(assessment, 1, given(assessment, "1.3", Rag.GREEN, "   "), user=lead)

    assert outcome.errors[("1.3", "narrative")].endswith("describe the evidence")
    assert stored(assessment, "1.3").rag is None


def test_green_with_a_narrative_and_a_link_is_stored(factory, assessment, lead):
    factory.link(assessment, "1.3", by=lead)

    outcome = save(
        assessment, 1, given(assessment, "1.3", Rag.GREEN, "Appointed by governors"), user=lead
    )

    assert outcome.ok and outcome.changed == 1
    saved = stored(assessment, "1.3")
    assert (saved.rag, saved.narrative, saved.version) == (
        Rag.GREEN,
        "Appointed by governors",
        2,
    )
    assert saved.updated_by_id == lead.id and saved.updated_at is not None


def test_removed_evidence_no_longer_supports_a_green(factory, assessment, lead):
    item = factory.link(assessment, "1.3", by=lead)
    items.remove(db.session, item, user_id=lead.id)
    db.session.commit()

    outcome = save(
        assessment, 1, given(assessment, "1.3", Rag.GREEN, "Appointed by governors"), user=lead
    )

    assert "add at least one document or link" in outcome.errors[("1.3", "files")]
    assert stored(assessment, "1.3").rag is None


def test_evidence_of_another_standard_does_not_count(factory, assessment, lead):
    factory.link(assessment, "1.2", by=lead)

    outcome = save(assessment, 1, given(assessment, "1.3", Rag.GREEN, "Fully met"), user=lead)

    assert ("1.3", "files") in outcome.errors
    assert stored(assessment, "1.3").rag is None


@pytest.mark.parametrize("rag", [Rag.RED, Rag.AMBER, None])
def test_red_amber_and_not_yet_rated_need_no_evidence(assessment, lead, rag):
    outcome = save(assessment, 4, given(assessment, "4.1", rag, "Started"), user=lead)

    assert outcome.ok
    saved = stored(assessment, "4.1")
    assert (saved.rag, saved.narrative) == (rag, "Started")


# --- all or nothing -------------------------------------------------------------------------


def test_one_refused_standard_keeps_the_whole_principle_unsaved(assessment, lead):
    outcome = save(
        assessment,
        1,
        given(assessment, "1.1", Rag.AMBER, "Governor training booked"),
        given(assessment, "1.2", Rag.GREEN, "No document yet"),
        user=lead,
    )

    assert list(outcome.errors) == [("1.2", "files")]
    assert stored(assessment, "1.1").rag is None
    assert stored(assessment, "1.1").narrative == ""


@pytest.mark.parametrize("field", ["narrative", "next_steps"])
def test_text_over_5000_characters_is_refused(assessment, lead, field):
    values = {"narrative": "", "next_steps": ""} | {field: "x" * 5001}

    outcome = save(
        assessment,
        5,
        given(
            assessment,
            "5.1",
            Rag.AMBER,
            values["narrative"],
            next_steps=values["next_steps"],
        ),
        user=lead,
    )

    assert "must be 5,000 characters or fewer" in outcome.errors[("5.1", field)]
    saved = stored(assessment, "5.1")
    assert (saved.rag, saved.narrative, saved.next_steps) == (None, "", "")


def test_exactly_5000_characters_are_kept(assessment, lead):
    text = "x" * 5000

    assert save(assessment, 5, given(assessment, "5.1", None, text), user=lead).ok

    assert stored(assessment, "5.1").narrative == text


@pytest.mark.parametrize(
    "sent",
    [
        {"code": "2.1"},  # a standard of another principle
        {"code": "9.9"},  # no such standard
        {"rag": "blue"},  # no such rating
    ],
)
def test_tampered_input_is_bad_input_and_writes_nothing(assessment, lead, sent):
    values = {"code": "1.1", "rag": Rag.AMBER} | sent

    with pytest.raises(BadInput):
        ratings.save_principle(
            db.session,
            assessment,
            1,
            [ratings.StandardInput(values["code"], values["rag"], "", "", 1)],
            user_id=lead.id,
        )
    db.session.rollback()

    assert {r.rag for r in db.session.scalars(select(Rating))} == {None}


def test_a_principle_outside_the_framework_is_bad_input(assessment, lead):
    with pytest.raises(BadInput, match="Principle 9"):
        ratings.save_principle(db.session, assessment, 9, [], user_id=lead.id)


# --- optimistic locking ---------------------------------------------------------------------


def test_a_save_from_a_stale_version_is_a_conflict_and_keeps_the_newer_values(
    factory, assessment, lead
):
    colleague = factory.user(Role.SCHOOL_STAFF, assessment.school)
    opened_at = stored(assessment, "6.1").version
    first = save(
        assessment, 6, given(assessment, "6.1", Rag.AMBER, "Survey every term"), user=colleague
    )
    assert first.ok

    second = save(
        assessment,
        6,
        given(assessment, "6.1", Rag.RED, "No survey yet", version=opened_at),
        user=lead,
    )

    assert second.conflicts == ["6.1"] and not second.ok
    saved = stored(assessment, "6.1")
    assert (saved.rag, saved.narrative, saved.updated_by_id, saved.version) == (
        Rag.AMBER,
        "Survey every term",
        colleague.id,
        2,
    )


def test_saving_again_from_the_newer_version_overwrites_deliberately(assessment, lead):
    save(assessment, 6, given(assessment, "6.1", Rag.AMBER, "Survey every term"), user=lead)

    outcome = save(assessment, 6, given(assessment, "6.1", Rag.RED, "Survey stopped"), user=lead)

    assert outcome.ok
    assert (stored(assessment, "6.1").rag, stored(assessment, "6.1").version) == (Rag.RED, 3)


@pytest.mark.committed  # the other person's save is a second connection: it must see ours
def test_a_save_that_races_another_is_refused_whole(factory, assessment, lead):
    """Both read version 1; the other person's save commits between our read and our write."""
    colleague = factory.user(Role.SCHOOL_STAFF, assessment.school)
    mine = {r.standard_code: r for r in ratings.ratings_for_principle(db.session, assessment.id, 6)}
    with Session(db.engine) as other:
        theirs = other.get_one(Assessment, assessment.id)
        outcome = ratings.save_principle(
            other,
            theirs,
            6,
            [ratings.StandardInput("6.1", Rag.AMBER, "Theirs", "", 1)],
            user_id=colleague.id,
        )
        assert outcome.ok
        other.commit()

    with pytest.raises(Conflict):
        ratings.save_principle(
            db.session,
            assessment,
            6,
            [
                ratings.StandardInput("6.1", Rag.RED, "Mine", "", 1),
                ratings.StandardInput("6.2", Rag.RED, "Mine too", "", 1),
            ],
            user_id=lead.id,
            ratings=mine,
        )
    db.session.rollback()

    assert (stored(assessment, "6.1").rag, stored(assessment, "6.1").narrative) == (
        Rag.AMBER,
        "Theirs",
    )
    assert stored(assessment, "6.2").rag is None


# --- submitted, carried forward, audited ----------------------------------------------------


def test_a_submitted_assessment_cannot_be_changed(factory, assessment, lead):
    factory.submitted(assessment, lead=lead)
    submitted = fresh(Assessment, assessment.id)

    with pytest.raises(ServiceError, match="has been submitted"):
        ratings.save_principle(
            db.session,
            submitted,
            1,
            [given(submitted, "1.1", Rag.RED)],
            user_id=lead.id,
        )
    db.session.rollback()

    assert stored(assessment, "1.1").rag == Rag.AMBER


def test_each_change_is_audited_old_to_new_and_unchanged_standards_are_not(assessment, lead):
    save(assessment, 3, given(assessment, "3.1", Rag.RED, "Draft scheme"), user=lead)

    outcome = save(
        assessment,
        3,
        given(assessment, "3.1", Rag.AMBER, "Draft scheme", next_steps="Pilot in Year 8"),
        given(assessment, "3.2", None),
        user=lead,
    )

    assert outcome.changed == 1
    changes = [(e.field, e.old_value, e.new_value, e.user_id) for e in rating_events("3.1")]
    assert changes == [
        ("rag", None, "red", lead.id),
        ("narrative", "", "Draft scheme", lead.id),
        ("rag", "red", "amber", lead.id),
        ("next_steps", "", "Pilot in Year 8", lead.id),
    ]
    assert rating_events("3.2") == []
    assert stored(assessment, "3.2").version == 1


def test_saving_a_carried_forward_rating_unchanged_reconfirms_it(factory, lead):
    last = factory.cycle("2025/26", opens_on=date(2025, 9, 1), closes_on=date(2026, 7, 31))
    factory.assessment(lead.school, last, by=lead, rags={"2.1": Rag.AMBER})
    new = factory.assessment(lead.school, factory.cycle(), by=lead, carry_forward=True)
    carried = stored(new, "2.1")
    assert carried.carried_forward and carried.rag == Rag.AMBER

    outcome = save(new, 2, given(new, "2.1", Rag.AMBER, carried.narrative), user=lead)

    assert outcome.changed == 1
    saved = stored(new, "2.1")
    assert (saved.rag, saved.carried_forward, saved.version) == (Rag.AMBER, False, 2)
    [event] = [e for e in rating_events("2.1") if e.assessment_id == new.id]
    assert (event.action, event.user_id) == ("confirm", lead.id)
