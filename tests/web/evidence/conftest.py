"""What every evidence test starts from: a school lead and one standard's rating to attach to."""

from __future__ import annotations

import pytest

from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from tests import evidence_samples as samples


@pytest.fixture(autouse=True)
def _end_transaction():  # type: ignore[no-untyped-def]
    """Leave no write open, so the database can be emptied for the next test."""
    yield
    db.session.rollback()


@pytest.fixture
def lead(factory):  # type: ignore[no-untyped-def]
    """A school's lead, who may upload and download its evidence."""
    return factory.user(Role.SCHOOL_LEAD)


@pytest.fixture
def rating(factory, lead):  # type: ignore[no-untyped-def]
    """One standard's rating in the lead's school's assessment."""
    return samples.make_rating(db.session, factory, lead.school)
