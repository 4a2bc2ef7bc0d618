"""Who may see and change what, without HTTP: another school's objects are NotFound (exactly as
if they did not exist), the city sees every school, and only the right people change things."""

from __future__ import annotations

import pytest

from hrsa.core.errors import NotFound
from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.ratings import Rag
from hrsa.extensions import db
from hrsa.models import Assessment, User
from hrsa.services import access
from tests.factories import fresh

CITY_ROLES = [Role.COMMISSIONER, Role.ADVISORY, Role.ADMIN]
MISSING_ID = 999_999


@pytest.fixture
def lead(factory) -> User:
    return factory.user(Role.SCHOOL_LEAD)


@pytest.fixture
def staff(factory, lead) -> User:
    return factory.user(Role.SCHOOL_STAFF, lead.school)


@pytest.fixture
def stranger(factory) -> User:
    """The lead of another school."""
    return factory.user(Role.SCHOOL_LEAD)


@pytest.fixture
def assessment(factory, lead) -> Assessment:
    return factory.assessment(lead.school, by=lead, rags={"1.1": Rag.AMBER})


def lookups(factory, assessment: Assessment) -> dict[str, tuple[object, int]]:  # type: ignore[no-untyped-def]
    """Each lookup function with the id of one of the school's objects."""
    item = factory.link(assessment, "1.1")
    action = factory.action(assessment, "1.1")
    return {
        "school": (access.school_for, assessment.school_id),
        "assessment": (access.assessment_for, assessment.id),
        "evidence": (access.evidence_for, item.id),
        "action": (access.action_for, action.id),
    }


def test_the_schools_own_staff_reach_each_of_its_objects(factory, assessment, lead, staff):
    for name, (lookup, id_) in lookups(factory, assessment).items():
        for person in (lead, staff):
            assert lookup(db.session, person, id_).id == id_, name


@pytest.mark.parametrize("role", CITY_ROLES)
def test_city_roles_reach_every_schools_objects(factory, assessment, role):
    person = factory.user(role)
    for name, (lookup, id_) in lookups(factory, assessment).items():
        assert lookup(db.session, person, id_).id == id_, name


def test_another_schools_objects_are_not_found_like_missing_ones(factory, assessment, stranger):
    for name, (lookup, id_) in lookups(factory, assessment).items():
        with pytest.raises(NotFound) as theirs:
            lookup(db.session, stranger, id_)
        with pytest.raises(NotFound) as missing:
            lookup(db.session, stranger, MISSING_ID)
        assert str(theirs.value) == str(missing.value), name


def test_another_schools_staff_cannot_change_or_submit(factory, assessment, stranger):
    other_staff = factory.user(Role.SCHOOL_STAFF, stranger.school)
    for person in (stranger, other_staff):
        assert not access.can_edit(person, assessment)
        assert not access.can_edit_plan(person, assessment)
        assert not access.can_submit(person, assessment)
        assert not access.can_edit_profile(person, assessment.school)


def test_school_staff_edit_until_submission_but_the_plan_stays_open(
    factory, assessment, lead, staff
):
    assert access.can_edit(staff, assessment) and access.can_edit(lead, assessment)

    factory.submitted(assessment, lead=lead)
    submitted = fresh(Assessment, assessment.id)

    assert not access.can_edit(staff, submitted) and not access.can_edit(lead, submitted)
    assert access.can_edit_plan(staff, submitted) and access.can_edit_plan(lead, submitted)


@pytest.mark.parametrize("role", CITY_ROLES)
def test_city_roles_read_but_do_not_change_a_schools_assessment(factory, assessment, role):
    person = factory.user(role)

    assert not access.can_edit(person, assessment)
    assert not access.can_edit_plan(person, assessment)
    assert not access.can_submit(person, assessment)


def test_only_the_schools_lead_submits(assessment, lead, staff):
    assert access.can_submit(lead, assessment)
    assert not access.can_submit(staff, assessment)


@pytest.mark.parametrize(
    ("role", "may_reopen"),
    [
        (Role.SCHOOL_STAFF, False),
        (Role.SCHOOL_LEAD, False),
        (Role.COMMISSIONER, False),
        (Role.ADVISORY, True),
        (Role.ADMIN, True),
    ],
)
def test_advisory_group_members_and_admins_reopen(factory, role, may_reopen):
    assert access.can_reopen(factory.user(role)) is may_reopen


@pytest.mark.parametrize(
    ("role", "may_edit"),
    [
        (Role.SCHOOL_STAFF, False),
        (Role.SCHOOL_LEAD, True),
        (Role.COMMISSIONER, False),
        (Role.ADVISORY, False),
        (Role.ADMIN, True),
    ],
)
def test_the_schools_lead_and_admins_edit_its_profile(factory, role, may_edit):
    school = factory.school()
    person = factory.user(role, school if role.is_school_role else None)

    assert access.can_edit_profile(person, school) is may_edit


def test_can_see_school_is_own_school_or_city(factory, lead, stranger):
    commissioner = factory.user(Role.COMMISSIONER)

    assert access.can_see_school(lead, lead.school_id)
    assert not access.can_see_school(stranger, lead.school_id)
    assert access.can_see_school(commissioner, lead.school_id)
