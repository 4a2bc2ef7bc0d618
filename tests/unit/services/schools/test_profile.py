"""The schools service names the field each problem belongs to, so views need not read messages."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from hrsa.core.errors import ServiceError
from hrsa.extensions import db
from hrsa.services.schools import profile


@pytest.fixture(autouse=True)
def _end_transaction():
    """Services only flush: end what a test left open."""
    yield
    db.session.rollback()


def test_profile_problems_name_their_field(factory):
    school = factory.school(name="Tamar View Primary", urn="111111")
    factory.school(name="Another School", urn="999999")

    with pytest.raises(ServiceError, match="already used by Another School") as taken:
        profile.update_profile(db.session, school, {"urn": "999999"}, user_id=None)
    tomorrow = date.today() + timedelta(days=1)
    with pytest.raises(ServiceError, match="today or in the past") as future:
        profile.update_profile(db.session, school, {"last_ofsted_on": tomorrow}, user_id=None)

    assert (taken.value.field, future.value.field) == ("urn", "last_ofsted_on")


def test_a_school_is_found_by_its_urn_or_the_urn_is_named(factory):
    school = factory.school(urn="123456")

    assert profile.school_by_urn(db.session, " 123456 ") is school
    with pytest.raises(ServiceError, match="No school has URN 654321") as missing:
        profile.school_by_urn(db.session, "654321")
    assert missing.value.field == "urn"
