"""Submitting and reopening an assessment, and the city's list of where each school stands,
without HTTP: who may submit or reopen, what must be rated first, and what is stored."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from hrsa.core.errors import ServiceError
from hrsa.core.vocabulary.assessment import AssessmentStatus
from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.ratings import Rag
from hrsa.extensions import db
from hrsa.models import Assessment, AuditEvent
from hrsa.services.assessment import emails, ratings, submission
from hrsa.services.schools import profile
from tests.factories import fresh

REASON = "Principle 3 needs evidence of the new anti-bullying policy."
MAILING = emails.Mailing(link="http://localhost/assessments/1", config={})


@pytest.fixture
def lead(factory):
    return factory.user(Role.SCHOOL_LEAD, name="Lena Lead")


@pytest.fixture
def assessment(factory, lead) -> Assessment:
    factory.complete_profile(lead.school, by=lead)
    return factory.assessment(lead.school, by=lead)


def events(action: str) -> list[AuditEvent]:
    return list(
        db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
        )
    )


def status_of(assessment: Assessment) -> str:
    saved = fresh(Assessment, assessment.id)
    assert saved is not None
    return saved.status


def label(status: object) -> str:
    """A school's status in the city's list, in words (whether given as a label or an enum)."""
    return str(getattr(status, "label", status))


# --- submitting -----------------------------------------------------------------------------


def test_the_lead_submits_once_every_standard_is_rated(factory, assessment, lead):
    factory.rate_all(assessment, Rag.AMBER)

    submission.submit(db.session, assessment, user=lead)
    db.session.commit()

    saved = fresh(Assessment, assessment.id)
    assert (saved.status, saved.submitted_by_id) == (AssessmentStatus.SUBMITTED, lead.id)
    assert saved.submitted_at is not None
    [event] = events("submit")
    assert (event.user_id, event.assessment_id, event.old_value, event.new_value) == (
        lead.id,
        assessment.id,
        AssessmentStatus.IN_PROGRESS,
        AssessmentStatus.SUBMITTED,
    )


def test_missing_standards_are_named_in_framework_order_and_nothing_is_submitted(
    factory, assessment, lead
):
    factory.rate_all(assessment, Rag.RED, except_codes=["8.2", "1.4", "3.1"])

    assert submission.missing_standards(db.session, assessment) == [
        (1, "1.4"),
        (3, "3.1"),
        (8, "8.2"),
    ]
    with pytest.raises(ServiceError, match=r"Not yet rated: 1\.4, 3\.1, 8\.2$"):
        submission.submit(db.session, assessment, user=lead)
    db.session.rollback()

    assert status_of(assessment) == AssessmentStatus.IN_PROGRESS
    assert events("submit") == []


def test_the_schools_details_must_be_complete_before_submitting(factory, lead):
    school = factory.school(name="Tamar View Primary")
    school_lead = factory.user(Role.SCHOOL_LEAD, school)
    assessment = factory.assessment(school, by=school_lead)
    factory.rate_all(assessment, Rag.AMBER)
    profile.update_profile(
        db.session, school, {"address": "1 Tamar Road", "headteacher": "  "}, user_id=None
    )
    db.session.commit()

    assert [name for name, _ in profile.missing_profile_fields(school)] == [
        "telephone",
        "website",
        "last_ofsted_on",
        "number_on_roll",
        "nominated_lead",
        "headteacher",
    ]
    with pytest.raises(ServiceError) as refused:
        submission.submit(db.session, assessment, user=school_lead)
    assert str(refused.value) == (
        "Complete your school details before you submit the assessment. Missing: telephone, "
        "website, date of last Ofsted inspection, number on roll, nominated lead and headteacher"
    )
    db.session.rollback()
    assert status_of(assessment) == AssessmentStatus.IN_PROGRESS
    assert events("submit") == []

    factory.complete_profile(school)
    assert profile.missing_profile_fields(school) == []
    submission.submit(db.session, fresh(Assessment, assessment.id), user=school_lead)
    db.session.commit()
    assert status_of(assessment) == AssessmentStatus.SUBMITTED


def test_a_new_assessment_misses_all_21_standards(assessment):
    assert len(submission.missing_standards(db.session, assessment)) == 21


def test_a_standard_rated_then_cleared_counts_as_missing(factory, assessment, lead):
    factory.rate_all(assessment, Rag.AMBER)
    factory.rate(assessment, {"5.2": None})

    with pytest.raises(ServiceError, match=r"Not yet rated: 5\.2$"):
        submission.submit(db.session, assessment, user=lead)
    db.session.rollback()
    assert status_of(assessment) == AssessmentStatus.IN_PROGRESS


@pytest.mark.parametrize("role", [Role.SCHOOL_STAFF, Role.COMMISSIONER, Role.ADVISORY, Role.ADMIN])
def test_only_the_schools_lead_may_submit(factory, assessment, role):
    factory.rate_all(assessment, Rag.AMBER)
    school = assessment.school if role.is_school_role else None
    person = factory.user(role, school)

    with pytest.raises(ServiceError, match="Only your school's lead can submit"):
        submission.submit(db.session, assessment, user=person)
    db.session.rollback()

    assert status_of(assessment) == AssessmentStatus.IN_PROGRESS
    assert events("submit") == []


def test_another_schools_lead_cannot_submit(factory, assessment):
    factory.rate_all(assessment, Rag.AMBER)
    stranger = factory.user(Role.SCHOOL_LEAD)

    with pytest.raises(ServiceError):
        submission.submit(db.session, assessment, user=stranger)
    db.session.rollback()

    assert status_of(assessment) == AssessmentStatus.IN_PROGRESS


def test_submitting_twice_keeps_the_first_submission(factory, assessment, lead):
    first = factory.submitted(assessment, lead=lead).submitted_at

    with pytest.raises(ServiceError, match="already been submitted"):
        submission.submit(db.session, fresh(Assessment, assessment.id), user=lead)
    db.session.rollback()

    assert fresh(Assessment, assessment.id).submitted_at == first
    assert len(events("submit")) == 1


def test_last_submitted_at_is_the_latest_still_submitted_assessment(factory, assessment, lead):
    assert submission.last_submitted_at(db.session, lead.school_id) is None
    at = datetime(2026, 11, 3, 12, tzinfo=UTC)
    factory.submitted(assessment, lead=lead, at=at)

    assert submission.last_submitted_at(db.session, lead.school_id) == at

    advisor = factory.user(Role.ADVISORY)
    submission.reopen(
        db.session, fresh(Assessment, assessment.id), user=advisor, reason=REASON, mailing=MAILING
    )
    db.session.commit()
    assert submission.last_submitted_at(db.session, lead.school_id) is None


# --- reopening ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.ADVISORY, Role.ADMIN])
def test_advisory_and_admins_reopen_with_a_reason_and_the_school_can_edit_again(
    factory, assessment, lead, role
):
    factory.submitted(assessment, lead=lead)
    person = factory.user(role)

    submission.reopen(
        db.session,
        fresh(Assessment, assessment.id),
        user=person,
        reason=f"  {REASON}  ",
        mailing=MAILING,
    )
    db.session.commit()

    saved = fresh(Assessment, assessment.id)
    assert (saved.status, saved.reopened_by_id, saved.reopen_reason) == (
        AssessmentStatus.IN_PROGRESS,
        person.id,
        REASON,
    )
    [event] = events("reopen")
    assert (event.user_id, event.detail) == (person.id, REASON)
    rating = factory.rating(saved, "3.1")
    outcome = ratings.save_principle(
        db.session,
        saved,
        3,
        [ratings.StandardInput("3.1", Rag.RED, "Policy withdrawn", "", rating.version)],
        user_id=lead.id,
    )
    db.session.commit()
    assert outcome.ok and factory.rating(saved, "3.1").rag == Rag.RED


@pytest.mark.parametrize("role", [Role.SCHOOL_LEAD, Role.SCHOOL_STAFF, Role.COMMISSIONER])
def test_others_cannot_reopen(factory, assessment, lead, role):
    factory.submitted(assessment, lead=lead)
    person = lead if role is Role.SCHOOL_LEAD else factory.user(role, assessment.school)

    with pytest.raises(ServiceError, match="Only advisory group members and administrators"):
        submission.reopen(
            db.session,
            fresh(Assessment, assessment.id),
            user=person,
            reason=REASON,
            mailing=MAILING,
        )
    db.session.rollback()

    assert status_of(assessment) == AssessmentStatus.SUBMITTED
    assert events("reopen") == []


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "Enter why you are reopening this assessment"),
        (" \n ", "Enter why you are reopening this assessment"),
        ("x" * 2001, "The reason must be 2,000 characters or fewer"),
    ],
)
def test_reopening_needs_a_reason(factory, assessment, lead, reason, message):
    factory.submitted(assessment, lead=lead)

    with pytest.raises(ServiceError, match=message):
        submission.reopen(
            db.session,
            fresh(Assessment, assessment.id),
            user=factory.user(Role.ADMIN),
            reason=reason,
            mailing=MAILING,
        )
    db.session.rollback()

    saved = fresh(Assessment, assessment.id)
    assert (saved.status, saved.reopen_reason) == (AssessmentStatus.SUBMITTED, None)


def test_an_assessment_in_progress_is_not_reopened(factory, assessment):
    with pytest.raises(ServiceError, match="already open for changes"):
        submission.reopen(
            db.session, assessment, user=factory.user(Role.ADMIN), reason=REASON, mailing=MAILING
        )
    db.session.rollback()

    assert fresh(Assessment, assessment.id).reopened_at is None


# --- the city's list ------------------------------------------------------------------------


def test_each_school_is_listed_with_its_status_in_the_cycle(factory, count_queries):
    cycle = factory.cycle()
    idle = factory.school(name="Aardvark Primary", phase="primary", ward="Ham")
    busy = factory.school(name="Badger Secondary")
    done = factory.school(name="Cormorant Special", phase="special")
    busy_assessment = factory.assessment(busy, cycle, rags={"1.1": Rag.RED, "2.1": Rag.GREEN})
    done_at = datetime(2026, 10, 20, 12, tzinfo=UTC)
    factory.submitted(factory.assessment(done, cycle), at=done_at)
    db.session.expire_all()
    profile.school_statuses(db.session, cycle)  # loads the cycle and its framework
    count_queries.clear()

    page = profile.school_statuses(db.session, cycle)

    assert len(count_queries) == 2  # a count, and the page with ratings counted by GROUP BY
    rows = {row.name: row for row in page.items}
    assert list(rows) == ["Aardvark Primary", "Badger Secondary", "Cormorant Special"]
    assert (label(rows["Aardvark Primary"].status), rows["Aardvark Primary"].assessment_id) == (
        AssessmentStatus.NOT_STARTED.label,
        None,
    )
    badger = rows["Badger Secondary"]
    assert (label(badger.status), badger.rated, badger.total) == (
        AssessmentStatus.IN_PROGRESS.label,
        2,
        21,
    )
    assert badger.assessment_id == busy_assessment.id
    cormorant = rows["Cormorant Special"]
    assert (label(cormorant.status), cormorant.rated, cormorant.submitted_at) == (
        AssessmentStatus.SUBMITTED.label,
        21,
        done_at,
    )
    assert rows["Aardvark Primary"].school_id == idle.id


def test_an_assessment_of_another_cycle_does_not_count(factory):
    last = factory.cycle("2025/26", opens_on=date(2025, 9, 1), closes_on=date(2026, 7, 31))
    school = factory.school(name="Dolphin Academy")
    factory.assessment(school, last, rags={"1.1": Rag.AMBER})

    [row] = profile.school_statuses(db.session, factory.cycle()).items

    assert (label(row.status), row.rated, row.assessment_id) == (
        AssessmentStatus.NOT_STARTED.label,
        0,
        None,
    )


def test_the_list_filters_by_phase_and_ward_and_pages(factory):
    factory.school(name="Aardvark Primary", phase="primary", ward="Ham")
    factory.school(name="Badger Primary", phase="primary", ward="Stoke")
    factory.school(name="Cormorant Secondary", phase="secondary", ward="Ham")
    cycle = factory.cycle()

    primary = profile.school_statuses(db.session, cycle, phase="primary")
    assert [row.name for row in primary.items] == ["Aardvark Primary", "Badger Primary"]
    ham_primary = profile.school_statuses(db.session, cycle, phase="primary", ward="Ham")
    assert ([row.name for row in ham_primary.items], ham_primary.total) == (["Aardvark Primary"], 1)

    second = profile.school_statuses(db.session, cycle, page=2, per_page=2)
    assert ([row.name for row in second.items], second.number, second.pages, second.total) == (
        ["Cormorant Secondary"],
        2,
        2,
        3,
    )
    beyond = profile.school_statuses(db.session, cycle, page=99, per_page=2)
    assert beyond.number == 2 and [row.name for row in beyond.items] == ["Cormorant Secondary"]
    assert profile.wards_in_use(db.session) == ["Ham", "Stoke"]
