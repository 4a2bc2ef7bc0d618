"""Changing a person's role, school and name (accounts.change_role and edit_account), the same
rules for the administration pages and anything else that calls them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from hrsa.core.errors import ServiceError
from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.services.accounts import people
from tests.factories import Factory


@pytest.fixture(autouse=True)
def _end_transaction() -> Iterator[None]:
    yield
    db.session.rollback()


def test_the_last_active_admin_keeps_the_role_whoever_asks(factory: Factory) -> None:
    only = factory.user(Role.ADMIN)
    invited = people.create_user(db.session, email="i@example.org", name="I", role=Role.ADMIN)

    with pytest.raises(ServiceError, match="only active administrator") as refused:
        people.change_role(db.session, only, Role.COMMISSIONER, None, by_user_id=only.id)
    assert refused.value.field == "role"
    assert only.role == "admin"
    # An invited administrator is not active, so can be given another role.
    people.change_role(db.session, invited, Role.ADVISORY, None, by_user_id=only.id)
    assert invited.role == "advisory"


def test_with_two_active_admins_either_can_step_down_but_not_both(factory: Factory) -> None:
    first = factory.user(Role.ADMIN)
    second = factory.user(Role.ADMIN)

    people.change_role(db.session, first, Role.ADVISORY, None, by_user_id=first.id)

    with pytest.raises(ServiceError, match="only active administrator"):
        people.change_role(db.session, second, Role.ADVISORY, None, by_user_id=second.id)


def test_a_school_role_needs_a_real_school(factory: Factory) -> None:
    person = factory.user(Role.COMMISSIONER)

    for school_id in (None, 999_999):
        with pytest.raises(ServiceError, match="Choose the school") as refused:
            people.change_role(
                db.session, person, Role.SCHOOL_STAFF, school_id, by_user_id=person.id
            )
        assert refused.value.field == "school"


def test_no_change_ends_no_session(factory: Factory) -> None:
    person = factory.user(Role.SCHOOL_STAFF)
    token = person.session_token

    people.edit_account(
        db.session,
        person,
        name=f"  {person.name} ",
        role=Role.SCHOOL_STAFF,
        school_id=person.school_id,
        by_user_id=person.id,
    )

    assert person.session_token == token
