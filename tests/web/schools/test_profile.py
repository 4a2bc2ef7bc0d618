"""The school profile (the tool's header), who may change it, and the city's list of schools."""

from __future__ import annotations

import re
from datetime import date, timedelta
from html import unescape

import pytest
from sqlalchemy import select

from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.models import AuditEvent, School
from hrsa.models.base import utcnow
from hrsa.services.schools import profile
from tests.factories import fresh

VALID = {
    "name": "Harbourside Academy",
    "urn": "654321",
    "phase": "primary",
    "ward": "Drake",
    "neighbourhood": "Mutley",
    "address": "1 Harbour Road, Plymouth",
    "telephone": "01752 123456",
    "website": "https://www.harbourside.example.org.uk",
    "last_ofsted_on": ["14", "3", "2024"],
    "number_on_roll": "420",
    "headteacher": "Dana Head",
    "nominated_lead": "Lee Lead",
    "version": "1",
}


def text(response) -> str:  # type: ignore[no-untyped-def]
    return unescape(response.get_data(as_text=True))


def form(**changes: object) -> dict[str, object]:
    data = dict(VALID)
    data.update(changes)
    return data


def input_value(html: str, name: str) -> str | None:
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert tag, f"no input named {name}"
    value = re.search(r'value="([^"]*)"', tag.group(0))
    return unescape(value.group(1)) if value else None


def summary_value(html: str, key: str) -> str:
    """The value shown next to a summary list key, whitespace squashed."""
    match = re.search(
        rf'<dt class="govuk-summary-list__key">\s*{re.escape(key)}\s*</dt>\s*'
        r'<dd class="govuk-summary-list__value">(.*?)</dd>',
        html,
        re.S,
    )
    assert match, f"no row {key}"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


@pytest.fixture
def school(factory) -> School:
    return factory.school(
        name="Tamar View Primary",
        urn="111111",
        phase="secondary",
        ward="Stoke",
        telephone="01752 000000",
        last_ofsted_on=date(2023, 5, 9),
        number_on_roll=300,
        headteacher="Old Head",
    )


@pytest.fixture
def lead(factory, school, sign_in):
    person = factory.user(Role.SCHOOL_LEAD, school)
    sign_in(person.email)
    return person


@pytest.fixture
def editor(factory, school, sign_in):
    """An administrator, who changes every field of the profile (a lead changes only some)."""
    person = factory.user(Role.ADMIN)
    sign_in(person.email)
    return person


# --- seeing the profile ---------------------------------------------------------------------


def test_school_lead_sees_their_profile_with_change_links(client, school, lead):
    response = client.get("/profile")

    assert response.status_code == 200
    html = text(response)
    assert summary_value(html, "School name") == "Tamar View Primary"
    assert summary_value(html, "URN") == "111111"
    assert summary_value(html, "Phase") == "Secondary"
    assert summary_value(html, "Ward") == "Stoke"
    assert summary_value(html, "Date of last Ofsted inspection") == "9 May 2023"
    assert summary_value(html, "Number on roll") == "300"
    assert summary_value(html, "Headteacher") == "Old Head"
    assert summary_value(html, "Website") == "Not recorded"
    assert summary_value(html, "Assessment completion date") == "Not yet submitted"
    # What places the school in the city's figures is the administrator's: no Change link.
    assert f'href="/schools/{school.id}/profile#urn"' not in html
    assert 'Change<span class="govuk-visually-hidden"> URN</span>' not in html
    assert 'Change<span class="govuk-visually-hidden"> ward</span>' not in html
    # The Ofsted date is given once; what the school gives it can change.
    assert (
        'Change<span class="govuk-visually-hidden"> date of last Ofsted inspection</span>'
        not in html
    )
    assert f'href="/schools/{school.id}/profile#telephone"' in html
    assert 'Change<span class="govuk-visually-hidden"> headteacher</span>' in html


def test_a_lead_cannot_change_what_places_the_school_even_by_posting_it(client, school, lead):
    page = text(client.get(f"/schools/{school.id}/profile"))
    assert 'name="urn"' not in page and 'name="ward"' not in page and 'name="name"' not in page
    assert "only the service’s administrator can change them" in page

    response = client.post(
        f"/schools/{school.id}/profile",
        data=form(
            name="Renamed by the lead",
            urn="654321",
            phase="primary",
            ward="Drake",
            neighbourhood="Mutley",
            last_ofsted_on=["1", "1", "2025"],
            headteacher="New Head",
        ),
    )

    assert response.status_code == 302
    saved = fresh(School, school.id)
    assert (saved.name, saved.urn, saved.phase, saved.ward) == (
        "Tamar View Primary",
        "111111",
        "secondary",
        "Stoke",
    )
    assert saved.neighbourhood is None
    assert saved.last_ofsted_on == date(2023, 5, 9), "given once: the administrator's after"
    assert saved.headteacher == "New Head"


def test_a_lead_gives_the_ofsted_date_while_it_is_missing(client, factory, sign_in):
    school = factory.school(name="Elm Special", last_ofsted_on=None)
    sign_in(factory.user(Role.SCHOOL_LEAD, school).email)
    assert 'name="last_ofsted_on"' in text(client.get(f"/schools/{school.id}/profile"))

    client.post(
        f"/schools/{school.id}/profile",
        data={"last_ofsted_on": ["14", "3", "2024"], "version": "1"},
    )

    assert fresh(School, school.id).last_ofsted_on == date(2024, 3, 14)


def test_completion_date_is_when_the_latest_assessment_was_submitted(client, factory, school, lead):
    assessment = factory.assessment(school=school)
    factory.submitted(assessment, at=utcnow().replace(year=2026, month=11, day=3, hour=12))

    html = text(client.get("/profile"))

    assert summary_value(html, "Assessment completion date") == "3 November 2026"


def test_staff_see_the_profile_but_cannot_change_it(client, factory, school, sign_in):
    staff = factory.user(Role.SCHOOL_STAFF, school)
    sign_in(staff.email)

    html = text(client.get("/profile"))
    assert summary_value(html, "School name") == "Tamar View Primary"
    assert "/profile#" not in html
    assert ">Change<" not in html and "Change<span" not in html

    assert client.get(f"/schools/{school.id}/profile").status_code == 403
    response = client.post(f"/schools/{school.id}/profile", data=form())
    assert response.status_code == 403
    assert fresh(School, school.id).name == "Tamar View Primary"


def test_lead_of_another_school_gets_not_found(client, factory, school, sign_in):
    other_lead = factory.user(Role.SCHOOL_LEAD)
    sign_in(other_lead.email)

    assert client.get(f"/schools/{school.id}").status_code == 404
    assert client.get(f"/schools/{school.id}/profile").status_code == 404
    assert client.post(f"/schools/{school.id}/profile", data=form()).status_code == 404
    assert fresh(School, school.id).urn == "111111"


@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.ADVISORY])
def test_city_roles_view_any_profile_read_only(client, factory, school, sign_in, role):
    person = factory.user(role)
    sign_in(person.email)

    response = client.get(f"/schools/{school.id}")
    assert response.status_code == 200
    assert summary_value(text(response), "URN") == "111111"
    assert "/profile#" not in text(response)
    assert client.get(f"/schools/{school.id}/profile").status_code == 403
    assert client.get("/profile").headers["Location"].endswith("/schools")


def test_admin_can_change_any_school(client, factory, school, sign_in):
    admin = factory.user(Role.ADMIN)
    sign_in(admin.email)

    assert f'href="/schools/{school.id}/profile#name"' in text(client.get(f"/schools/{school.id}"))
    response = client.post(f"/schools/{school.id}/profile", data=form())
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/schools/{school.id}")
    assert fresh(School, school.id).name == "Harbourside Academy"


# --- changing it ----------------------------------------------------------------------------


def test_edit_form_starts_with_the_current_values(client, school, editor):
    html = text(client.get(f"/schools/{school.id}/profile"))

    assert input_value(html, "name") == "Tamar View Primary"
    assert input_value(html, "telephone") == "01752 000000"
    assert re.search(r'<input[^>]*name="last_ofsted_on"[^>]*value="09"', html)
    assert re.search(r'<input[^>]*value="secondary"[^>]*checked', html)


def test_an_admin_changes_the_profile(client, school, editor):
    response = client.post(f"/schools/{school.id}/profile", data=form())

    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/schools/{school.id}")
    raw = client.get(response.headers["Location"]).get_data(as_text=True)
    page = unescape(raw)
    assert "The school profile has been saved." in page
    # The website is a working link, not its HTML shown as text.
    link = '<a class="govuk-link" href="https://www.harbourside.example.org.uk">'
    assert link in raw
    assert summary_value(page, "School name") == "Harbourside Academy"
    assert summary_value(page, "Phase") == "Primary"
    assert summary_value(page, "Date of last Ofsted inspection") == "14 March 2024"
    assert summary_value(page, "Website") == "https://www.harbourside.example.org.uk"
    saved = fresh(School, school.id)
    assert (saved.urn, saved.number_on_roll, saved.last_ofsted_on) == (
        "654321",
        420,
        date(2024, 3, 14),
    )
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.entity == "school", AuditEvent.action == "update")
    ).all()
    changed = {e.field: (e.old_value, e.new_value) for e in events}
    assert changed["name"] == ("Tamar View Primary", "Harbourside Academy")
    assert changed["headteacher"] == ("Old Head", "Dana Head")
    assert all(e.user_id == editor.id for e in events)


BAD_WEBSITE = "Enter the website's address, like www.example.org.uk"


@pytest.mark.parametrize(
    ("typed", "saved"),
    [
        ("www.harbourside.example.org.uk", "https://www.harbourside.example.org.uk"),
        (" harbourside.example.org.uk/about ", "https://harbourside.example.org.uk/about"),
        ("http://harbourside.example.org.uk", "http://harbourside.example.org.uk"),
        ("HTTPS://harbourside.example.org.uk", "HTTPS://harbourside.example.org.uk"),
    ],
)
def test_a_website_typed_without_https_gets_it_added(client, school, lead, typed, saved):
    response = client.post(f"/schools/{school.id}/profile", data=form(website=typed))

    assert response.status_code == 302
    assert fresh(School, school.id).website == saved
    assert f'href="{saved}"' in client.get("/profile").get_data(as_text=True)


def test_optional_fields_can_be_cleared(client, school, editor):
    response = client.post(
        f"/schools/{school.id}/profile",
        data=form(telephone="", website="", number_on_roll="", last_ofsted_on=["", "", ""]),
    )

    assert response.status_code == 302
    saved = fresh(School, school.id)
    assert (saved.telephone, saved.website, saved.number_on_roll, saved.last_ofsted_on) == (
        None,
        None,
        None,
        None,
    )


TOMORROW = date.today() + timedelta(days=1)
TOO_LONG = "x" * 201


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "Enter the school's name"),
        ({"name": TOO_LONG}, "School name must be 200 characters or fewer"),
        ({"urn": "12345"}, "URN must be 6 digits, like 113521"),
        ({"urn": "22222"}, "URN must be 6 digits, like 113521"),
        ({"urn": "999999"}, "URN 999999 is already used by Another School"),
        ({"phase": "boarding"}, "Choose the school's phase"),
        ({"ward": ""}, "Choose the school's ward"),
        (
            {"telephone": "01752 12345x"},
            "Telephone can only include numbers, spaces, brackets and a plus sign",
        ),
        ({"telephone": "01752 123"}, "Telephone must have between 10 and 15 digits"),
        ({"telephone": "+44 (0) 1752 123456 7890"}, "Telephone must have between 10 and 15 digits"),
        ({"website": "javascript:alert(1)"}, BAD_WEBSITE),
        ({"website": "https://"}, BAD_WEBSITE),
        ({"website": "www.exa mple.org"}, BAD_WEBSITE),
        (
            {"last_ofsted_on": ["31", "2", "2024"]},
            "Date of last Ofsted inspection must be a real date",
        ),
        (
            {"last_ofsted_on": ["", "3", "2024"]},
            "Date of last Ofsted inspection must include a day",
        ),
        ({"last_ofsted_on": ["1", "3", "24"]}, "Year must include 4 numbers"),
        (
            {"last_ofsted_on": [str(TOMORROW.day), str(TOMORROW.month), str(TOMORROW.year)]},
            "Date of last Ofsted inspection must be today or in the past",
        ),
        ({"number_on_roll": "-5"}, "Number on roll must be a whole number, like 420"),
        ({"number_on_roll": "12.5"}, "Number on roll must be a whole number, like 420"),
        ({"headteacher": TOO_LONG}, "Headteacher must be 200 characters or fewer"),
        ({"address": "x" * 501}, "Address must be 500 characters or fewer"),
    ],
)
def test_each_problem_is_shown_and_everything_typed_is_kept(
    client, factory, school, editor, changes, message
):
    factory.school(name="Another School", urn="999999")

    response = client.post(f"/schools/{school.id}/profile", data=form(**changes))

    assert response.status_code == 200
    html = text(response)
    assert "There is a problem" in html
    assert message in html
    assert "<title>Error:" in html
    for name in ("name", "urn", "telephone", "website", "number_on_roll", "headteacher"):
        if name not in changes:
            assert input_value(html, name) == VALID[name], name
    if "last_ofsted_on" not in changes:
        assert re.search(r'name="last_ofsted_on"[^>]*value="14"', html)
    if "phase" not in changes:
        assert re.search(r'<input[^>]*value="primary"[^>]*checked', html)
    if "ward" not in changes:
        assert re.search(r'<option value="Drake" selected', html)
    assert fresh(School, school.id).name == "Tamar View Primary"


def test_two_people_changing_the_profile_at_once_do_not_overwrite_each_other(
    client, factory, school, editor
):
    assert input_value(text(client.get(f"/schools/{school.id}/profile")), "version") == "1"
    # While the lead is typing, an administrator saves a new headteacher.
    admin = factory.user(Role.ADMIN)
    profile.update_profile(db.session, school, {"headteacher": "New Head"}, user_id=admin.id)
    db.session.commit()

    response = client.post(
        f"/schools/{school.id}/profile", data=form(headteacher="Lead's Head", version="1")
    )

    assert response.status_code == 200
    page = text(response)
    assert "Someone else saved this profile while you were changing it" in page
    assert "nothing was saved" in page
    assert input_value(page, "headteacher") == "Lead's Head"
    assert input_value(page, "name") == "Harbourside Academy"
    assert input_value(page, "version") == "2"
    stored = fresh(School, school.id)
    assert (stored.headteacher, stored.name) == ("New Head", "Tamar View Primary")
    # Having checked, the lead saves again from the version now shown.
    response = client.post(
        f"/schools/{school.id}/profile", data=form(headteacher="Lead's Head", version="2")
    )
    assert response.status_code == 302
    assert fresh(School, school.id).headteacher == "Lead's Head"


@pytest.mark.parametrize("version", [None, "", "abc", "-1"])
def test_a_profile_post_without_a_real_version_saves_nothing(client, school, lead, version):
    data = form()
    del data["version"]
    if version is not None:
        data["version"] = version

    response = client.post(f"/schools/{school.id}/profile", data=data)

    assert response.status_code == 200
    assert "nothing was saved" in text(response)
    assert fresh(School, school.id).name == "Tamar View Primary"


def test_a_crafted_post_without_the_date_parts_gets_a_form_error(client, school, editor):
    data = form()
    del data["last_ofsted_on"]

    response = client.post(f"/schools/{school.id}/profile", data=data)

    assert response.status_code == 200
    assert "Date of last Ofsted inspection must be a real date" in text(response)
    assert fresh(School, school.id).name == "Tamar View Primary"


# --- the city's list of schools -------------------------------------------------------------


def _status_cell(html: str, school_name: str) -> str:
    rows = [row for row in html.split("<tr")[1:] if school_name in row]
    assert len(rows) == 1, school_name
    return " ".join(re.sub(r"<[^>]+>", " ", "<tr" + rows[0].split("</tr>")[0]).split())


def test_city_list_shows_each_schools_status_in_the_current_cycle(client, factory, sign_in):
    cycle = factory.cycle()
    idle = factory.school(name="Aardvark Primary", phase="primary", ward="Ham")
    busy = factory.school(name="Badger Secondary", ward="Stoke")
    done = factory.school(name="Cormorant Special", phase="special", ward="Drake")
    busy_assessment = factory.assessment(school=busy, cycle=cycle)
    factory.rate(
        busy_assessment,
        {"1.1": "red", "1.2": "amber", "2.1": "green", "3.1": "amber", "8.2": "red"},
    )
    done_assessment = factory.assessment(school=done, cycle=cycle)
    factory.submitted(done_assessment, at=utcnow().replace(year=2026, month=10, day=20, hour=12))
    sign_in(factory.user(Role.COMMISSIONER).email)

    response = client.get("/schools")

    assert response.status_code == 200
    html = text(response)
    assert "2026/27 cycle" in html
    assert (
        _status_cell(html, "Aardvark Primary")
        == "Aardvark Primary URN " + idle.urn + " Primary Ham Not started"
    )
    assert "In progress 5 of 21 rated" in _status_cell(html, "Badger Secondary")
    assert "Submitted on 20 October 2026" in _status_cell(html, "Cormorant Special")
    assert f'href="/assessments/{busy_assessment.id}"' in html
    assert f'href="/assessments/{done_assessment.id}"' in html
    assert f'href="/schools/{idle.id}"' in html


def test_city_list_filters_by_phase_and_ward(client, factory, sign_in):
    factory.school(name="Aardvark Primary", phase="primary", ward="Ham")
    factory.school(name="Badger Primary", phase="primary", ward="Stoke")
    factory.school(name="Cormorant Secondary", phase="secondary", ward="Ham")
    sign_in(factory.user(Role.ADVISORY).email)

    primary = text(client.get("/schools?phase=primary"))
    assert "Aardvark Primary" in primary and "Badger Primary" in primary
    assert "Cormorant Secondary" not in primary

    ham_primary = text(client.get("/schools?phase=primary&ward=Ham"))
    assert "Aardvark Primary" in ham_primary
    assert "Badger Primary" not in ham_primary and "Cormorant Secondary" not in ham_primary
    assert "1 school" in ham_primary

    nonsense = client.get("/schools?phase=<script>&page=abc")
    assert nonsense.status_code == 200
    assert "3 schools" in text(nonsense)


def test_city_list_has_50_schools_a_page(client, factory, sign_in):
    for n in range(51):
        factory.school(name=f"School {n:02d}", ward="Ham")
    sign_in(factory.user(Role.ADMIN).email)

    first = text(client.get("/schools?ward=Ham"))
    assert "51 schools, page 1 of 2" in first
    assert "School 49" in first and "School 50" not in first
    assert 'href="/schools?page=2&ward=Ham"' in first

    second = text(client.get("/schools?page=2&ward=Ham"))
    assert "School 50" in second and "School 49" not in second


@pytest.mark.parametrize("role", [Role.SCHOOL_LEAD, Role.SCHOOL_STAFF])
def test_school_users_cannot_see_the_city_list(client, factory, sign_in, role):
    sign_in(factory.user(role).email)

    assert client.get("/schools").status_code == 403


def _schools_with_assessments(factory, cycle, count: int) -> None:
    for n in range(count):
        school = factory.school(ward="Ham" if n % 2 else "Stoke")
        if n % 3:
            assessment = factory.assessment(school=school, cycle=cycle)
            factory.rate(assessment, {"1.1": "green", "2.1": "amber"})


def test_city_list_queries_do_not_grow_with_the_number_of_schools(
    client, factory, sign_in, count_queries
):
    cycle = factory.cycle()
    sign_in(factory.user(Role.COMMISSIONER).email)
    _schools_with_assessments(factory, cycle, 3)
    db.session.expire_all()  # as in a real request: nothing already in the session
    count_queries.clear()
    assert client.get("/schools").status_code == 200
    with_three = len(count_queries)

    _schools_with_assessments(factory, cycle, 27)
    db.session.expire_all()
    count_queries.clear()
    response = client.get("/schools")
    with_thirty = len(count_queries)

    assert "30 schools" in text(response)
    assert text(response).count("In progress") >= 18
    assert with_thirty == with_three
    assert with_three <= 8
