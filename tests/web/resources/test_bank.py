"""The bank for schools: what proposing refuses, search and each filter, who sees what, and a
fixed number of queries however big the bank grows."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.models import Resource
from tests import resource_helpers as helpers
from tests.web.resources.test_workflow import proposal_form


@pytest.fixture(autouse=True)
def _end_transaction():
    yield
    db.session.rollback()


@pytest.fixture
def staff(factory):
    return factory.user(Role.SCHOOL_STAFF)


@pytest.fixture
def reviewer(factory):
    return factory.user(Role.ADVISORY)


ERROR = re.compile(
    r'govuk-error-message[^>]*>\s*<span class="govuk-visually-hidden">Error:</span>(.*?)</p>', re.S
)


def error_messages(html: str) -> list[str]:
    return [" ".join(message.split()) for message in ERROR.findall(html)]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"url": "javascript:alert(1)"}, "Enter a full web address starting with https://"),
        ({"url": "data:text/html,<script>alert(1)</script>"}, "Enter a full web address"),
        ({"url": "ftp://files.example.org/lesson.pdf"}, "Enter a full web address"),
        ({"url": ""}, "Enter a web address for the resource, or upload a file"),
        ({"title": "   "}, "Enter the title of the resource"),
        ({"summary": ""}, "Enter a summary of the resource"),
        ({"provider": ""}, "Enter who provides the resource"),
        ({"resource_type": "podcast"}, "Choose the type of resource"),
        ({"cost": ""}, "Choose whether the resource is free or paid for"),
        ({"standards": ["9.9"]}, "Choose each standard it helps meet from the list"),
        ({"standards": []}, "Choose at least one standard it helps meet"),
        ({"topics": ["astrology"]}, "Choose each topic from the list"),
        ({"audiences": ["ks9"]}, "Choose each audience from the list"),
        ({"title": "x" * 201}, "Title must be 200 characters or fewer"),
    ],
)
def test_bad_proposals_are_refused_with_the_rest_kept(client, sign_in, staff, changes, message):
    sign_in(staff.email)
    response = client.post("/resources/propose", data=proposal_form(**changes))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "There is a problem" in html
    assert any(found.startswith(message) for found in error_messages(html)), error_messages(html)
    assert "NSPCC" in html or changes.get("provider") == ""  # what was typed is still there
    assert db.session.scalar(select(func.count(Resource.id))) == 0


def test_a_school_sees_its_own_proposal_but_not_others_and_cannot_edit_others(
    client, sign_in, factory, staff
):
    mine = helpers.propose(staff, title="Mine")
    theirs = helpers.propose(factory.user(Role.SCHOOL_STAFF), title="Theirs")
    sign_in(staff.email)
    assert client.get(f"/resources/{mine.id}").status_code == 200
    assert "Mine" in client.get("/resources/yours").get_data(as_text=True)
    assert client.get(f"/resources/{theirs.id}").status_code == 404
    assert client.get(f"/resources/{theirs.id}/edit").status_code == 404
    assert client.get("/resources/999999").status_code == 404


def test_city_roles_see_every_state(client, sign_in, factory, staff):
    proposed = helpers.propose(staff, title="Still waiting")
    sign_in(factory.user(Role.COMMISSIONER).email)
    assert client.get(f"/resources/{proposed.id}").status_code == 200


@pytest.fixture
def bank(staff, reviewer):
    """Four approved resources and one waiting for review."""
    helpers.approved(
        staff,
        reviewer,
        title="Consent lesson",
        provider="Brook",
        standards=("3.1",),
        audiences=("ks3",),
        topics=("consent",),
        resource_type="lesson_plan",
        cost="free",
    )
    helpers.approved(
        staff,
        reviewer,
        title="Talking to your teenager",
        summary="An evening session for parents on pornography and online safety.",
        provider="Barnardo's",
        standards=("7.2",),
        audiences=("parents_carers",),
        topics=("pornography", "online_safety"),
        resource_type="parent_session",
        cost="paid",
    )
    helpers.approved(
        staff,
        reviewer,
        title="Spotting harmful sexual behaviour",
        provider="NSPCC",
        standards=("5.1", "8.1"),
        audiences=("staff",),
        topics=("harmful_sexual_behaviour",),
        resource_type="staff_training",
        cost="free",
    )
    helpers.approved(
        staff,
        reviewer,
        title="Resilience scheme of work",
        provider="PSHE Association",
        standards=("3.2",),
        audiences=("ks2", "ks3"),
        topics=("resilience",),
        resource_type="scheme_of_work",
        cost="paid",
    )
    helpers.propose(staff, title="Consent film (waiting)", standards=("3.1",))


def titles(client, query: str) -> set[str]:
    html = client.get(f"/resources?{query}").get_data(as_text=True)
    return set(re.findall(r'<h3 class="govuk-heading-m[^"]*"><a [^>]*>([^<]*)</a>', html))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "",
            {
                "Consent lesson",
                "Talking to your teenager",
                "Spotting harmful sexual behaviour",
                "Resilience scheme of work",
            },
        ),
        ("q=consent", {"Consent lesson"}),
        ("q=PORNOGRAPHY+online", {"Talking to your teenager"}),  # summary, any case, all words
        ("q=nspcc", {"Spotting harmful sexual behaviour"}),  # provider
        ("q=nothing+like+this", set()),
        ("principle=3", {"Consent lesson", "Resilience scheme of work"}),
        ("standard=8.1", {"Spotting harmful sexual behaviour"}),
        ("audience=ks3", {"Consent lesson", "Resilience scheme of work"}),
        ("topic=online_safety", {"Talking to your teenager"}),
        ("type=staff_training", {"Spotting harmful sexual behaviour"}),
        ("cost=paid", {"Talking to your teenager", "Resilience scheme of work"}),
        ("principle=3&cost=free", {"Consent lesson"}),
        # Unknown filter values are ignored rather than failing.
        ("standard=99.9&topic=astrology&page=abc", None),
    ],
)
def test_search_and_each_filter(client, sign_in, factory, bank, query, expected):
    sign_in(factory.user(Role.SCHOOL_LEAD).email)
    found = titles(client, query)
    if expected is None:
        assert len(found) == 4
    else:
        assert found == expected
    assert "Consent film (waiting)" not in found


def test_the_bank_runs_a_fixed_number_of_queries(client, sign_in, factory, count_queries):
    staff = factory.user(Role.SCHOOL_STAFF)
    reviewer = factory.user(Role.ADVISORY)
    sign_in(factory.user(Role.SCHOOL_LEAD).email)

    def queries(path: str) -> int:
        count_queries.clear()
        assert client.get(path).status_code == 200
        return len(count_queries)

    _bulk_approved(staff, reviewer, 5)
    small = [queries("/resources"), queries("/resources?q=lesson&topic=consent&principle=3")]
    _bulk_approved(staff, reviewer, 295)
    large = [queries("/resources"), queries("/resources?q=lesson&topic=consent&principle=3")]
    assert small == large


def _bulk_approved(staff, reviewer, count: int) -> None:
    for n in range(count):
        resource = helpers.propose(
            staff,
            title=f"Lesson {n}",
            standards=("3.1", "3.2"),
            audiences=("ks3", "ks4"),
            topics=("consent", "sexting"),
        )
        resource.state = "approved"
    db.session.commit()
