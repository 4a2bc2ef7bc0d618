"""An earlier cycle's read-only principle page recommends no resources from the resource bank
(as its task list); the current cycle's page keeps them, and so does a closed cycle that is
still the latest."""

from __future__ import annotations

from datetime import date, datetime
from html import unescape

import pytest

from hrsa.extensions import db
from hrsa.models import Role
from hrsa.services import cycles
from hrsa.vocabulary import Rag
from tests import resource_helpers as helpers

RECOMMENDED = "Quality-assured resources for standard 3.1"
RESOURCE = "Consent lesson for Year 9"


def text(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    return unescape(response.get_data(as_text=True))


@pytest.fixture(autouse=True)
def _end_transaction():  # type: ignore[no-untyped-def]
    yield
    db.session.rollback()


@pytest.fixture
def story(factory, sign_in):  # type: ignore[no-untyped-def]
    """A school's submitted 2025/26 assessment (3.1 Amber) and its current 2026/27 one (3.1 Red),
    with an approved resource for standard 3.1."""
    last = factory.cycle("2025/26", opens_on=date(2025, 9, 1), closes_on=date(2026, 7, 31))
    current = factory.cycle("2026/27", opens_on=date(2026, 9, 1), closes_on=date(2027, 7, 31))
    lead = factory.user(Role.SCHOOL_LEAD, name="Lee Lead")
    submitted = factory.assessment(lead.school, last, by=lead)
    factory.submitted(submitted, lead=lead, rag=Rag.AMBER, at=datetime(2026, 7, 1, 10, 0))
    now = factory.assessment(lead.school, current, by=lead, rags={"3.1": Rag.RED})
    helpers.approved(
        factory.user(Role.SCHOOL_STAFF),
        factory.user(Role.ADVISORY),
        title=RESOURCE,
        standards=("3.1",),
        url="https://www.example.org/consent",
    )
    sign_in(lead.email)
    return {"last": submitted, "now": now}


def test_an_earlier_cycles_principle_page_recommends_no_resources(client, story):
    page = text(client.get(f"/assessments/{story['last'].id}/principles/3"))

    assert "A later cycle has started, so it can be read but no longer changed" in page
    assert "Standard 3.1" in page
    assert RECOMMENDED not in page and RESOURCE not in page


def test_the_current_cycles_principle_page_recommends_resources(client, story):
    page = text(client.get(f"/assessments/{story['now'].id}/principles/3"))

    assert RECOMMENDED in page and RESOURCE in page


def test_a_closed_cycle_that_is_still_the_latest_keeps_its_recommendations(factory, client, story):
    factory.submitted(story["now"], at=datetime(2026, 11, 2, 9, 30))
    cycles.close_cycle(db.session, story["now"].cycle, user_id=None)
    db.session.commit()

    page = text(client.get(f"/assessments/{story['now'].id}/principles/3"))

    assert "The cycle has been closed, so it can be read but no longer changed" in page
    assert RECOMMENDED in page and RESOURCE in page
