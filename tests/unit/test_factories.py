"""The test factories keep their promise: what they build is what the services would build, and
what the services refuse, they refuse too."""

from __future__ import annotations

import pytest

from hrsa.core.vocabulary.assessment import ActionStatus, AssessmentStatus
from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.ratings import Rag
from hrsa.extensions import db
from hrsa.models import User
from hrsa.services.assessment import submission
from hrsa.services.evidence import items
from tests.factories import Refused


@pytest.fixture
def assessment(factory):
    return factory.assessment(rags={"1.1": Rag.GREEN, "1.2": Rag.AMBER})


def test_a_green_comes_with_its_narrative_and_evidence(factory, assessment):
    green = factory.rating(assessment, "1.1")

    assert green.rag == Rag.GREEN and green.narrative.strip()
    assert len(items.live_items_for_ratings(db.session, [green.id])[green.id]) == 1


@pytest.mark.parametrize("code", ["1.1", "2.1"])  # Green, not yet rated
def test_actions_are_refused_on_standards_that_are_not_red_or_amber(factory, assessment, code):
    with pytest.raises(Refused, match="Actions are for standards rated Red or Amber"):
        factory.action(assessment, code)


def test_an_action_on_an_amber_standard_is_made(factory, assessment):
    action = factory.action(assessment, "1.2", status=ActionStatus.IN_PROGRESS)

    assert (action.rating.standard_code, action.status) == ("1.2", ActionStatus.IN_PROGRESS)


def test_a_submitted_assessment_is_fully_rated_and_submitted_by_the_lead(factory, assessment):
    submitted = factory.submitted(assessment)

    assert submitted.status == AssessmentStatus.SUBMITTED
    assert submission.missing_standards(db.session, submitted) == []
    assert factory.rating(submitted, "1.1").rag == Rag.GREEN  # what was rated stays
    lead = db.session.get_one(User, submitted.submitted_by_id)
    assert lead.role == Role.SCHOOL_LEAD and lead.school_id == submitted.school_id


def test_a_submitted_assessment_cannot_be_rated(factory, assessment):
    factory.submitted(assessment)

    with pytest.raises(Refused, match="has been submitted"):
        factory.rate(assessment, {"1.2": Rag.RED})


def test_an_evidence_file_goes_through_the_upload_checks(factory, assessment):
    item = factory.evidence_file(assessment, "1.3", filename="minutes.txt")

    assert (item.title, item.content_type, item.size_bytes > 0) == (
        "minutes.txt",
        "text/plain",
        True,
    )
    with pytest.raises(Refused, match="minutes.pdf"):
        factory.evidence_file(assessment, "1.3", content=b"MZ\x90\x00" * 64, filename="minutes.pdf")
