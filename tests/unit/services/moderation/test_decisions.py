"""Moderation rules: who may moderate, what a challenge needs, one current outcome per rating
changed with optimistic locking, every change audited."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from hrsa.core.errors import ServiceError
from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.ratings import Rag
from hrsa.extensions import db
from hrsa.models import AuditEvent
from hrsa.models.moderation import Moderation
from hrsa.services.moderation import decisions
from hrsa.services.moderation.decisions import ModerationInput
from tests.city_helpers import moderate


@pytest.fixture
def submitted(factory):  # type: ignore[no-untyped-def]
    assessment = factory.assessment(rags={"1.1": Rag.AMBER, "1.2": Rag.GREEN})
    return factory.submitted(assessment)


def attempt(person, assessment, code, outcome, rag=None, comment="", version=None):  # type: ignore[no-untyped-def]
    found = decisions.target(db.session, person, assessment.id, code)
    if version is None:
        version = found.moderation.version if found.moderation else 0
    return decisions.record(
        db.session, found, person, ModerationInput(outcome, rag, comment, version)
    )


def test_a_challenge_needs_another_rating_and_a_reason(factory, submitted) -> None:
    advisory = factory.user(Role.ADVISORY)
    assert attempt(advisory, submitted, "1.1", None).errors == {
        "outcome": "Choose whether you agree with the school's rating or challenge it"
    }
    assert attempt(advisory, submitted, "1.1", "maybe").errors.keys() == {"outcome"}
    assert attempt(advisory, submitted, "1.1", "challenge").errors == {
        "moderated_rag": "Choose the rating you would give",
        "comment": "Enter why you are challenging the rating",
    }
    same = attempt(advisory, submitted, "1.1", "challenge", "amber", "Too generous")
    assert same.errors == {
        "moderated_rag": "Choose a rating other than the school's own (Amber), or agree with it"
    }
    long = attempt(advisory, submitted, "1.1", "agree", comment="x" * 2001)
    assert long.errors == {"comment": "Comment must be 2,000 characters or fewer"}
    assert db.session.scalar(select(func.count(Moderation.id))) == 0


def test_agree_keeps_the_schools_rating_and_challenge_records_the_moderators(
    factory, submitted
) -> None:
    advisory = factory.user(Role.ADVISORY, name="Ada Advisor")
    moderate(factory, submitted, "1.1", advisory, "agree", "red")  # a stray rating is ignored
    moderate(factory, submitted, "1.2", advisory, "challenge", "amber", "  No policy link yet ")
    found = decisions.feedback(db.session, submitted.id)
    assert list(found) == ["1.1", "1.2"]
    assert (found["1.1"].outcome, found["1.1"].moderated_rag) == ("agree", "amber")
    assert (found["1.2"].outcome, found["1.2"].moderated_rag) == ("challenge", "amber")
    assert found["1.2"].comment == "No policy link yet"
    assert found["1.2"].moderator == "Ada Advisor"


def test_changing_a_moderation_keeps_one_row_bumps_its_version_and_audits_each_change(
    factory, submitted
) -> None:
    advisory = factory.user(Role.ADVISORY)
    admin = factory.user(Role.ADMIN)
    moderate(factory, submitted, "1.1", advisory, "challenge", "red", "No evidence of training")
    moderate(factory, submitted, "1.1", admin, "agree", comment="Training records seen")
    rows = db.session.scalars(select(Moderation)).all()
    assert len(rows) == 1
    assert (rows[0].outcome, rows[0].moderated_rag, rows[0].version) == ("agree", "amber", 2)
    assert rows[0].moderator_id == admin.id
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.entity == "moderation").order_by(AuditEvent.id)
    ).all()
    assert [(e.field, e.old_value, e.new_value, e.user_id) for e in events] == [
        ("moderation_outcome", None, "challenge", advisory.id),
        ("moderated_rag", None, "red", advisory.id),
        ("moderation_comment", None, "No evidence of training", advisory.id),
        ("moderation_outcome", "challenge", "agree", admin.id),
        ("moderated_rag", "red", "amber", admin.id),
        ("moderation_comment", "No evidence of training", "Training records seen", admin.id),
    ]
    assert {(e.assessment_id, e.standard_code, e.school_id) for e in events} == {
        (submitted.id, "1.1", submitted.school_id)
    }


def test_a_moderator_working_from_an_old_version_saves_nothing(factory, submitted) -> None:
    first = factory.user(Role.ADVISORY)
    second = factory.user(Role.ADVISORY)
    moderate(factory, submitted, "1.1", first, "agree")
    late = attempt(second, submitted, "1.1", "challenge", "red", "Not met", version=0)
    assert not late.ok and not late.errors
    assert late.conflict is not None and late.conflict.outcome == "agree"
    db.session.rollback()
    assert db.session.scalar(select(Moderation.outcome)) == "agree"
    assert db.session.scalar(select(Moderation.version)) == 1


@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.SCHOOL_LEAD])
def test_commissioners_and_schools_cannot_moderate(factory, submitted, role) -> None:
    person = factory.user(role, school=submitted.school if role.is_school_role else None)
    with pytest.raises(decisions.NotAllowed):
        attempt(person, submitted, "1.1", "agree")


def test_only_submitted_assessments_can_be_moderated(factory) -> None:
    in_progress = factory.assessment(rags={"1.1": Rag.RED})
    with pytest.raises(ServiceError, match="Only submitted assessments"):
        attempt(factory.user(Role.ADVISORY), in_progress, "1.1", "agree")


def test_the_panel_counts_feedback_and_knows_who_may_moderate(factory, submitted) -> None:
    advisory = factory.user(Role.ADVISORY)
    moderate(factory, submitted, "1.1", advisory, "agree")
    moderate(factory, submitted, "2.1", advisory, "challenge", "red", "Not met")
    lead = factory.school_person(submitted.school_id, Role.SCHOOL_LEAD)
    panel = decisions.feedback_panel(db.session, lead, submitted)
    assert panel.summary == "Moderation feedback on 2 standards"
    assert not panel.can_moderate
    assert decisions.feedback_panel(db.session, advisory, submitted).can_moderate
    commissioner = factory.user(Role.COMMISSIONER)
    assert not decisions.feedback_panel(db.session, commissioner, submitted).can_moderate
