"""A school's assessments from earlier cycles: listed on its task list and profile, readable,
never changeable, and never visible to another school."""

from __future__ import annotations

import re
from datetime import date, datetime
from html import unescape

import pytest
from sqlalchemy import select

from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.ratings import Rag
from hrsa.extensions import db
from hrsa.models import Rating
from hrsa.services import access
from hrsa.services.cycles import lifecycle
from tests.factories import fresh

LATER_CYCLE_STARTED = "A later cycle has started, so it can be read but no longer changed."


def text(response) -> str:
    return unescape(response.get_data(as_text=True))


@pytest.fixture
def story(factory, sign_in):
    """A school with a submitted 2025/26, an unfinished 2024/25 and a current 2026/27."""
    oldest = factory.cycle("2024/25", opens_on=date(2024, 9, 1), closes_on=date(2025, 7, 31))
    last = factory.cycle("2025/26", opens_on=date(2025, 9, 1), closes_on=date(2026, 7, 31))
    current = factory.cycle("2026/27", opens_on=date(2026, 9, 1), closes_on=date(2027, 7, 31))
    lead = factory.user(Role.SCHOOL_LEAD, name="Lee Lead")
    unfinished = factory.assessment(lead.school, oldest, by=lead, rags={"1.1": Rag.RED})
    submitted = factory.assessment(lead.school, last, by=lead)
    factory.submitted(submitted, lead=lead, rag=Rag.AMBER, at=datetime(2026, 7, 1, 10, 0))
    now = factory.assessment(lead.school, current, by=lead)
    sign_in(lead.email)
    return {"lead": lead, "oldest": unfinished, "last": submitted, "now": now}


def earlier_rows(page: str) -> list[str]:
    section = page[page.index('id="earlier-assessments"') :]
    section = section[: section.index("</table>")]
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
        for row in re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", section, re.S)[1:]
    ]


def test_the_task_list_lists_earlier_assessments_newest_first(client, story):
    page = text(client.get(f"/assessments/{story['now'].id}"))

    assert "Earlier assessments" in page
    rows = earlier_rows(page)
    assert len(rows) == 2
    assert rows[0].startswith("2025/26 self-assessment Submitted on 1 July 2026")
    assert "21 Amber" in rows[0]
    assert rows[1].startswith("2024/25 self-assessment In progress")
    assert "1 Red" in rows[1] and "20 not rated" in rows[1]
    assert f'href="/assessments/{story["last"].id}"' in page
    assert f'href="/assessments/{story["oldest"].id}"' in page
    # The current assessment is not read-only, so it says nothing of later cycles.
    assert LATER_CYCLE_STARTED not in page


def test_the_earliest_assessment_has_no_earlier_list(client, story):
    page = text(client.get(f"/assessments/{story['oldest'].id}"))
    assert 'id="earlier-assessments"' not in page


def test_an_earlier_assessment_is_read_only_and_says_why(client, story):
    unfinished = story["oldest"]
    assert not access.can_edit(story["lead"], unfinished)
    assert not access.can_edit_plan(story["lead"], unfinished)

    task_list = text(client.get(f"/assessments/{unfinished.id}"))
    assert "This is the 2024/25 assessment. " + LATER_CYCLE_STARTED in task_list
    assert 'href="/assessment">Go to your school’s current assessment</a>' in task_list
    assert "Check and submit" not in task_list

    principle = text(client.get(f"/assessments/{unfinished.id}/principles/1"))
    assert LATER_CYCLE_STARTED in principle
    assert '<form method="post" enctype' not in principle
    assert "Standard 1.1" in principle


def test_nothing_in_an_earlier_assessment_can_be_changed(client, story):
    unfinished = story["oldest"]
    response = client.post(
        f"/assessments/{unfinished.id}/principles/1",
        data={"version-1.1": "1", "rag-1.1": "green", "narrative-1.1": "Changed later"},
    )
    assert response.status_code == 403
    response = client.post(
        f"/assessments/{unfinished.id}/plan/actions/new?standard=1.1",
        data={"what": "Too late", "who": "Head", "due_on": ["1", "1", "2027"]},
    )
    assert response.status_code in (403, 404)
    response = client.post(f"/assessments/{unfinished.id}/submit")
    assert response.status_code == 403
    rating = db.session.scalar(
        select(Rating).where(Rating.assessment_id == unfinished.id, Rating.standard_code == "1.1")
    )
    assert fresh(Rating, rating.id).rag == Rag.RED.value
    assert fresh(Rating, rating.id).narrative != "Changed later"


def test_the_profile_lists_every_cycle(client, story):
    page = text(client.get("/profile"))

    assert "Self-assessments" in page
    rows = earlier_rows(page)
    assert [row.split(" ")[0] for row in rows] == ["2026/27", "2025/26", "2024/25"]


def test_city_roles_see_a_schools_earlier_assessments(client, factory, sign_in, story):
    sign_in.out()
    sign_in(factory.user(Role.ADVISORY).email)
    school_id = story["lead"].school_id

    profile = text(client.get(f"/schools/{school_id}"))
    assert len(earlier_rows(profile)) == 3
    page = text(client.get(f"/assessments/{story['last'].id}"))
    assert "2025/26 self-assessment" in page


def test_another_school_cannot_see_them(client, factory, sign_in, story):
    sign_in.out()
    stranger = factory.user(Role.SCHOOL_LEAD)
    factory.assessment(stranger.school, factory.cycle("2026/27"), by=stranger)
    sign_in(stranger.email)

    for old in (story["oldest"], story["last"]):
        assert client.get(f"/assessments/{old.id}").status_code == 404
        assert client.get(f"/assessments/{old.id}/principles/1").status_code == 404
        assert client.get(f"/assessments/{old.id}/plan").status_code == 404
    # Their own task list and profile list nothing of the other school's.
    own = text(client.get("/assessment", follow_redirects=True))
    assert 'id="earlier-assessments"' not in own
    profile = text(client.get("/profile"))
    assert [row.split(" ")[0] for row in earlier_rows(profile)] == ["2026/27"]


def test_a_closed_cycles_assessment_says_it_is_closed(client, factory, story):
    now = story["now"]
    lifecycle.close_cycle(db.session, now.cycle, user_id=None)
    db.session.commit()

    page = text(client.get(f"/assessments/{now.id}"))
    assert (
        "This is the 2026/27 assessment. The cycle has been closed, so it can be read but no "
        "longer changed." in page
    )
    principle = text(client.get(f"/assessments/{now.id}/principles/1"))
    assert "The cycle has been closed" in principle
    assert '<form method="post" enctype' not in principle


def test_an_earlier_submitted_assessment_cannot_be_reopened(client, factory, sign_in, story):
    sign_in.out()
    sign_in(factory.user(Role.ADVISORY).email)
    last = story["last"]

    assert "Reopen this assessment" not in text(client.get(f"/assessments/{last.id}"))
    response = client.post(f"/assessments/{last.id}/reopen", data={"reason": "Look again"})
    assert response.status_code == 302
    assert "can no longer be reopened" in text(client.get(response.headers["Location"]))
    assert fresh(type(last), last.id).is_submitted
