"""An earlier cycle's read-only task list: one clear notice (the cycle, when it was submitted, why
it cannot change, the way to the current assessment) and no recommended resources; the current
cycle's task list keeps both. Its principle pages likewise recommend no resources beside each
standard, while the current cycle's, and those of a closed cycle that is still the latest, do."""

from __future__ import annotations

import re
from datetime import date, datetime
from html import unescape

import pytest

from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.ratings import Rag
from hrsa.extensions import db
from hrsa.services.cycles import lifecycle
from tests import resource_helpers as helpers


def text(response) -> str:  # type: ignore[no-untyped-def]
    return unescape(response.get_data(as_text=True))


def insets(page: str) -> list[str]:
    """Every inset text on the page, tags and spacing squashed."""
    return [
        " ".join(re.sub(r"<[^>]+>", " ", inset).split()).replace(" .", ".")
        for inset in re.findall(r'<div class="govuk-inset-text">(.*?)</div>', page, re.S)
    ]


@pytest.fixture(autouse=True)
def _end_transaction():  # type: ignore[no-untyped-def]
    yield
    db.session.rollback()


@pytest.fixture
def story(factory, sign_in):  # type: ignore[no-untyped-def]
    """A school's submitted 2025/26 assessment (3.1 Red) and its current 2026/27 one (3.1 Red),
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
        title="Consent lesson for Year 9",
        standards=("3.1",),
        url="https://www.example.org/consent",
    )
    sign_in(lead.email)
    return {"last": submitted, "now": now}


def test_an_earlier_submitted_assessment_has_one_notice_and_no_recommendations(client, story):
    # Submitted at 10:00 UTC, 11:00 in Plymouth (British Summer Time).
    page = text(client.get(f"/assessments/{story['last'].id}"))

    assert insets(page) == [
        "This is the 2025/26 assessment, submitted on 1 July 2026 at 11:00am. A later cycle has "
        "started, so it can be read but no longer changed. Go to your school’s current assessment."
    ]
    assert "The assessment is now read-only" not in page
    assert "Recommended resources" not in page and "Consent lesson for Year 9" not in page


def test_the_current_assessment_still_recommends_resources(client, story):
    page = text(client.get(f"/assessments/{story['now'].id}"))

    assert "Recommended resources" in page and "Consent lesson for Year 9" in page
    assert not any("can be read but no longer changed" in inset for inset in insets(page))


def test_a_submitted_assessment_in_the_current_cycle_keeps_its_submitted_notice(
    factory, client, story
):
    factory.submitted(story["now"], at=datetime(2026, 11, 2, 9, 30))

    page = text(client.get(f"/assessments/{story['now'].id}"))

    assert insets(page) == [
        "Submitted on 2 November 2026 at 9:30am. The assessment is now read-only."
    ]
    assert "Recommended resources" in page


def test_a_closed_cycles_submitted_assessment_has_one_notice(factory, client, story):
    factory.submitted(story["now"], at=datetime(2026, 11, 2, 9, 30))
    lifecycle.close_cycle(db.session, story["now"].cycle, user_id=None)
    db.session.commit()

    page = text(client.get(f"/assessments/{story['now'].id}"))

    assert insets(page) == [
        "This is the 2026/27 assessment, submitted on 2 November 2026 at 9:30am. The cycle has "
        "been closed, so it can be read but no longer changed. Go to your school’s current "
        "assessment."
    ]


# --- principle pages ---------------------------------------------------------------------------

RECOMMENDED = "Quality-assured resources for standard 3.1"


def test_an_earlier_cycles_principle_page_recommends_no_resources(client, story):
    page = text(client.get(f"/assessments/{story['last'].id}/principles/3"))

    assert "A later cycle has started, so it can be read but no longer changed" in page
    assert "Standard 3.1" in page
    assert RECOMMENDED not in page and "Consent lesson for Year 9" not in page


def test_the_current_cycles_principle_page_recommends_resources(client, story):
    page = text(client.get(f"/assessments/{story['now'].id}/principles/3"))

    assert RECOMMENDED in page and "Consent lesson for Year 9" in page


def test_a_closed_cycle_that_is_still_the_latest_keeps_its_recommendations(factory, client, story):
    factory.submitted(story["now"], at=datetime(2026, 11, 2, 9, 30))
    lifecycle.close_cycle(db.session, story["now"].cycle, user_id=None)
    db.session.commit()

    page = text(client.get(f"/assessments/{story['now'].id}/principles/3"))

    assert "The cycle has been closed, so it can be read but no longer changed" in page
    assert RECOMMENDED in page and "Consent lesson for Year 9" in page
