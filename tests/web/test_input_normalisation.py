"""One input normalisation for every form: ASCII digits only, required text with a visible
character, years between 1900 and 2100, and cycle names whose years follow on."""

from __future__ import annotations

from datetime import date, timedelta
from html import unescape

import pytest
from sqlalchemy import func, select

from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.models import Cycle, PlanAction, School, User
from tests.factories import fresh

PROFILE = {
    "name": "Harbourside Academy",
    "urn": "654321",
    "phase": "primary",
    "ward": "Drake",
    "last_ofsted_on": ["14", "3", "2024"],
    "version": "1",
}


def text(response) -> str:  # type: ignore[no-untyped-def]
    return unescape(response.get_data(as_text=True))


def count(model: type) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


@pytest.fixture
def admin(factory, sign_in) -> User:
    person = factory.user(Role.ADMIN, name="Alex Admin", email="alex@example.org")
    sign_in(person.email)
    return person


@pytest.fixture
def school(factory) -> School:
    return factory.school(name="Tamar View Primary", urn="111111")


def test_a_fullwidth_urn_is_refused_on_the_profile(client, factory, school, sign_in):
    sign_in(factory.user(Role.ADMIN).email)  # identity fields are the admin's
    response = client.post(f"/schools/{school.id}/profile", data={**PROFILE, "urn": "９００００１"})
    assert response.status_code == 200
    page = text(response)
    assert "URN must be 6 digits, like 113521" in page
    assert 'value="Harbourside Academy"' in page
    assert fresh(School, school.id).urn == "111111"


def test_a_fullwidth_urn_is_refused_when_adding_a_school(client, admin):
    response = client.post(
        "/admin/schools/new",
        data={"name": "Hoe Primary", "urn": "９００００１", "phase": "primary", "ward": "Drake"},
    )
    assert response.status_code == 200
    assert "URN must be 6 digits, like 113521" in text(response)
    assert count(School) == 0


def test_a_school_name_of_only_spaces_is_refused(client, factory, school, sign_in):
    sign_in(factory.user(Role.ADMIN).email)  # identity fields are the admin's
    response = client.post(f"/schools/{school.id}/profile", data={**PROFILE, "name": "   \u3000"})
    assert response.status_code == 200
    assert "Enter the school's name" in text(response)
    assert fresh(School, school.id).name == "Tamar View Primary"


def test_an_invited_person_needs_a_name_with_a_visible_character(client, admin):
    response = client.post(
        "/admin/accounts/invite",
        data={"name": "   ", "email": "sam@example.org", "role": "commissioner", "school": ""},
    )
    assert response.status_code == 200
    page = text(response)
    assert "Enter the person's full name" in page
    assert 'value="sam@example.org"' in page
    assert db.session.scalar(select(User).where(User.email == "sam@example.org")) is None


def test_year_0001_is_refused_in_the_ofsted_date(client, factory, school, sign_in):
    sign_in(factory.user(Role.ADMIN).email)  # identity fields are the admin's
    response = client.post(
        f"/schools/{school.id}/profile", data={**PROFILE, "last_ofsted_on": ["1", "1", "0001"]}
    )
    assert response.status_code == 200
    page = text(response)
    assert "Date of last Ofsted inspection must be in a year between 1900 and 2100" in page
    assert 'value="Harbourside Academy"' in page
    assert fresh(School, school.id).name == "Tamar View Primary"


@pytest.mark.parametrize("year", ["0001", "1899", "2101", "２０２７"])
def test_plan_due_dates_need_a_year_between_1900_and_2100(client, factory, school, sign_in, year):
    assessment = factory.assessment(school=school)
    factory.rate(assessment, {"1.2": "amber"})
    sign_in(factory.user(Role.SCHOOL_STAFF, school).email)
    response = client.post(
        f"/assessments/{assessment.id}/plan/actions/new?standard=1.2",
        data={
            "what": "Run a staff workshop",
            "who": "Head of PSHE",
            "due_on": ["31", "3", year],
            "status": "not_started",
        },
    )
    assert response.status_code == 200
    page = text(response)
    assert "Due date must be" in page
    assert "Run a staff workshop" in page
    assert count(PlanAction) == 0


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("2090/99", "Cycle name must be 2 years that follow on, like 2090/91"),
        ("２０９０/９１", "Cycle name must be an academic year like 2026/27"),
        ("0001/02", "Cycle name must be an academic year between 1900/01 and 2099/00"),
        ("   ", "Enter the cycle name, like 2026/27"),
    ],
)
def test_cycle_names_are_academic_years_that_follow_on(client, admin, name, message):
    response = client.post(
        "/admin/cycles/new",
        data={"name": name, "opens_on": ["1", "9", "2026"], "closes_on": ["31", "7", "2027"]},
    )
    assert response.status_code == 200
    page = text(response)
    assert message in page
    assert 'name="opens_on"' in page and 'value="2026"' in page
    assert count(Cycle) == 0


@pytest.mark.parametrize("year", ["0001", "2101"])
def test_cycle_dates_need_a_year_between_1900_and_2100(client, admin, year):
    response = client.post(
        "/admin/cycles/new",
        data={"name": "2026/27", "opens_on": ["1", "9", year], "closes_on": ["31", "7", "2027"]},
    )
    assert response.status_code == 200
    assert "Opening date must be in a year between 1900 and 2100" in text(response)
    assert count(Cycle) == 0


def test_editing_an_action_without_its_version_is_refused_not_a_server_error(
    client, factory, school, sign_in
):
    assessment = factory.assessment(school=school)
    factory.rate(assessment, {"1.2": "amber"})
    sign_in(factory.user(Role.SCHOOL_STAFF, school).email)
    client.post(
        f"/assessments/{assessment.id}/plan/actions/new?standard=1.2",
        data={
            "what": "Run a staff workshop",
            "who": "Head of PSHE",
            "due_on": ["31", "3", "2099"],
            "status": "not_started",
        },
    )
    action = db.session.scalar(select(PlanAction))
    response = client.post(
        f"/assessments/{assessment.id}/plan/actions/{action.id}",
        data={
            "what": "Changed",
            "who": "Head of PSHE",
            "due_on": ["31", "3", "2099"],
            "status": "not_started",
        },
    )
    assert response.status_code == 400
    assert fresh(PlanAction, action.id).what == "Run a staff workshop"


def test_a_new_action_must_be_due_today_or_later_but_an_old_one_keeps_its_date(
    client, factory, school, sign_in
):
    assessment = factory.assessment(school=school)
    factory.rate(assessment, {"1.2": "amber"})
    sign_in(factory.user(Role.SCHOOL_STAFF, school).email)
    yesterday = date.today() - timedelta(days=1)
    data = {
        "what": "Run a staff workshop",
        "who": "Head of PSHE",
        "due_on": [str(yesterday.day), str(yesterday.month), str(yesterday.year)],
        "status": "not_started",
    }
    response = client.post(f"/assessments/{assessment.id}/plan/actions/new?standard=1.2", data=data)
    assert response.status_code == 200
    page = text(response)
    assert "Due date must be today or in the future" in page
    assert "Run a staff workshop" in page
    assert count(PlanAction) == 0

    old = factory.action(assessment, "1.2", due_on=yesterday)
    response = client.post(
        f"/assessments/{assessment.id}/plan/actions/{old.id}",
        data={**data, "what": "Run two workshops", "version": str(old.version)},
    )
    assert response.status_code == 302
    kept = fresh(PlanAction, old.id)
    assert kept.what == "Run two workshops" and kept.due_on == yesterday


def test_a_one_line_field_never_keeps_a_line_break(client, admin):
    """Browsers drop line breaks from a text input, a crafted POST need not: a school name with
    one would later stop every email naming the school (its subject must be one line)."""
    name = "Harbourside\r\nBcc: everyone@example.org\u2028Academy"
    response = client.post(
        "/admin/schools/new",
        data={"name": name, "urn": "900001", "phase": "primary", "ward": "Drake"},
    )

    assert response.status_code == 302
    school = db.session.scalar(select(School).where(School.urn == "900001"))
    assert school is not None
    assert school.name == "Harbourside Bcc: everyone@example.org Academy"


def test_a_text_area_keeps_its_paragraphs(client, factory, sign_in):
    from tests.web.resources.test_workflow import proposal_form

    sign_in(factory.user(Role.SCHOOL_STAFF).email)
    client.post("/resources/propose", data=proposal_form(summary="One.\r\n\r\nTwo."))
    from hrsa.models import Resource

    resource = db.session.scalar(select(Resource))
    assert resource is not None and resource.summary == "One.\n\nTwo."
