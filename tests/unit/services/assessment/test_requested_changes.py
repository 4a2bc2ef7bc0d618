"""Requested changes without HTTP: the task-list rule and what the reopen service refuses."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hrsa.core.errors import ServiceError
from hrsa.core.vocabulary.assessment import PrincipleProgress
from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.models import Assessment, RequestedChange
from hrsa.services.assessment import emails, requested_changes, submission
from hrsa.services.assessment.progress import principle_status
from tests.factories import fresh

MAILING = emails.Mailing(link="http://localhost/assessments/1", config={})


def test_changes_requested_comes_before_every_other_status():
    assert principle_status(3, 3, True, changes_requested=True) is (
        PrincipleProgress.CHANGES_REQUESTED
    )
    assert principle_status(0, 3, False, 2, changes_requested=True) is (
        PrincipleProgress.CHANGES_REQUESTED
    )
    assert principle_status(3, 3, True) is PrincipleProgress.COMPLETED
    assert PrincipleProgress.CHANGES_REQUESTED.label == "Changes requested"


def test_an_unknown_standard_refuses_the_whole_reopening(factory):
    lead = factory.user(Role.SCHOOL_LEAD)
    assessment = factory.assessment(lead.school, by=lead)
    factory.submitted(assessment, lead=lead)

    with pytest.raises(ServiceError, match="Choose standards from this framework, not 9.9"):
        submission.reopen(
            db.session,
            fresh(Assessment, assessment.id),
            user=factory.user(Role.ADMIN),
            reason="Look again",
            mailing=MAILING,
            standard_codes=["3.1", "9.9"],
        )
    db.session.rollback()

    assert fresh(Assessment, assessment.id).is_submitted
    assert db.session.scalars(select(RequestedChange)).all() == []


def test_nothing_is_waiting_on_an_assessment_never_reopened(factory):
    lead = factory.user(Role.SCHOOL_LEAD)
    assessment = factory.assessment(lead.school, by=lead)

    assert requested_changes.principles_waiting(db.session, assessment) == set()
    assert requested_changes.current(db.session, assessment) == []
    assert (
        requested_changes.mark_addressed(
            db.session, assessment, 3, user_id=lead.id, at=assessment.created_at
        )
        == 0
    )
