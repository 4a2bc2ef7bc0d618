"""Administrators change what they made: a school's details (from the version they saw), a
person's name, role and school, and a cycle's name and dates; and they close a cycle, after
which its assessments are read-only. Each change is audited with its old and new values."""

from __future__ import annotations

import re
from datetime import date
from html import unescape

import pytest
from sqlalchemy import select

from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.ratings import Rag
from hrsa.extensions import db
from hrsa.models import AuditEvent, Cycle, School, User
from hrsa.services.cycles import lookup
from tests.factories import fresh

SCHOOL = {
    "name": "Tamar View Community Primary",
    "urn": "654321",
    "phase": "primary",
    "ward": "Drake",
    "neighbourhood": "Mutley",
    "address": "1 Harbour Road, Plymouth",
    "telephone": "01752 123456",
    "website": "https://www.tamarview.example.org.uk",
    "last_ofsted_on": ["14", "3", "2024"],
    "number_on_roll": "420",
    "headteacher": "Dana Head",
    "nominated_lead": "Lee Lead",
}


def text(response) -> str:  # type: ignore[no-untyped-def]
    return unescape(response.get_data(as_text=True))


def input_value(html: str, name: str) -> str | None:
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert tag, f"no input named {name}"
    value = re.search(r'value="([^"]*)"', tag.group(0))
    return unescape(value.group(1)) if value else None


def events(entity: str, entity_id: int) -> list[tuple[str, str | None, str | None, str | None]]:
    db.session.expire_all()
    rows = db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.entity == entity, AuditEvent.entity_id == entity_id)
        .order_by(AuditEvent.id)
    )
    return [(e.action, e.field, e.old_value, e.new_value) for e in rows]


@pytest.fixture
def admin(factory, sign_in) -> User:
    person = factory.user(Role.ADMIN, name="Alex Admin")
    sign_in(person.email)
    return person


# --- schools -----------------------------------------------------------------------------------


def test_a_schools_name_links_to_its_edit_page_with_the_current_details(client, factory, admin):
    school = factory.school(name="Tamar View Primary", urn="113521", ward="Ham")

    listing = text(client.get("/admin/schools"))
    assert f'href="/admin/schools/{school.id}">Tamar View Primary</a>' in listing

    page = text(client.get(f"/admin/schools/{school.id}"))
    assert input_value(page, "name") == "Tamar View Primary"
    assert input_value(page, "urn") == "113521"
    assert input_value(page, "version") == "1"
    assert '<option value="Ham" selected>' in page


def test_an_admin_changes_every_detail_of_a_school_and_each_change_is_audited(
    client, factory, admin
):
    school = factory.school(name="Tamar View Primary", urn="113521", phase="secondary")

    response = client.post(f"/admin/schools/{school.id}", data={**SCHOOL, "version": "1"})

    assert response.status_code == 302
    stored = fresh(School, school.id)
    assert (stored.name, stored.urn, stored.phase, stored.ward) == (
        "Tamar View Community Primary",
        "654321",
        "primary",
        "Drake",
    )
    assert (stored.neighbourhood, stored.telephone, stored.number_on_roll) == (
        "Mutley",
        "01752 123456",
        420,
    )
    assert stored.last_ofsted_on == date(2024, 3, 14)
    assert stored.version == 2
    changes = {field: (old, new) for action, field, old, new in events("school", school.id)[1:]}
    assert changes["name"] == ("Tamar View Primary", "Tamar View Community Primary")
    assert changes["urn"] == ("113521", "654321")
    assert changes["phase"] == ("secondary", "primary")
    assert changes["headteacher"] == (None, "Dana Head")
    assert all(action == "update" for action, *_ in events("school", school.id)[1:])
    assert "Tamar View Community Primary has been saved" in text(client.get(response.location))


def test_a_urn_in_use_names_the_school_that_has_it_and_nothing_is_saved(client, factory, admin):
    factory.school(name="Hoe Park Primary", urn="113999")
    school = factory.school(name="Tamar View Primary", urn="113521")

    response = client.post(
        f"/admin/schools/{school.id}", data={**SCHOOL, "urn": "113999", "version": "1"}
    )

    assert response.status_code == 200
    assert "URN 113999 is already used by Hoe Park Primary" in text(response)
    assert input_value(text(response), "name") == "Tamar View Community Primary"
    assert fresh(School, school.id).urn == "113521"
    assert fresh(School, school.id).name == "Tamar View Primary"


def test_a_change_saved_meanwhile_is_not_overwritten_and_what_was_typed_is_kept(
    client, factory, admin
):
    school = factory.school(name="Tamar View Primary", urn="113521")
    # Someone else saves first: the school is at version 2 now.
    client.post(f"/admin/schools/{school.id}", data={**SCHOOL, "name": "Renamed", "version": "1"})
    assert fresh(School, school.id).version == 2

    response = client.post(
        f"/admin/schools/{school.id}", data={**SCHOOL, "name": "Late Edit", "version": "1"}
    )

    assert response.status_code == 200
    page = text(response)
    assert "Someone else saved changes to this school while you were changing it" in page
    assert input_value(page, "name") == "Late Edit"
    assert input_value(page, "version") == "2"
    assert fresh(School, school.id).name == "Renamed"
    # Having checked, the admin saves again from the version now shown.
    client.post(f"/admin/schools/{school.id}", data={**SCHOOL, "name": "Late Edit", "version": "2"})
    assert fresh(School, school.id).name == "Late Edit"


@pytest.mark.parametrize("version", [None, "", "abc", "-1", "９"])
def test_a_post_without_a_real_version_saves_nothing(client, factory, admin, version):
    school = factory.school(name="Tamar View Primary")
    data = {**SCHOOL}
    if version is not None:
        data["version"] = version

    response = client.post(f"/admin/schools/{school.id}", data=data)

    assert response.status_code == 200
    assert fresh(School, school.id).name == "Tamar View Primary"


@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.ADVISORY, Role.SCHOOL_LEAD])
def test_only_admins_edit_schools_accounts_and_cycles(client, factory, sign_in, role):
    school = factory.school(name="Tamar View Primary")
    cycle = factory.cycle()
    person = factory.user(role, school if role.is_school_role else None)
    sign_in(person.email)
    for url in (
        f"/admin/schools/{school.id}",
        f"/admin/accounts/{person.id}/edit",
        f"/admin/cycles/{cycle.id}",
        f"/admin/cycles/{cycle.id}/close",
    ):
        assert client.get(url).status_code == 403, url
        assert client.post(url, data={**SCHOOL, "version": "1"}).status_code == 403, url
    assert fresh(School, school.id).name == "Tamar View Primary"
    assert fresh(Cycle, cycle.id).closed_at is None


def test_unknown_ids_are_not_found(client, admin):
    for url in ("/admin/schools/999", "/admin/accounts/999/edit", "/admin/cycles/999"):
        assert client.get(url).status_code == 404, url
    assert client.post("/admin/cycles/999/close").status_code == 404


# --- accounts ----------------------------------------------------------------------------------


def test_an_admin_changes_a_persons_name_role_and_school(client, factory, admin):
    old_school = factory.school(name="Hoe Park Primary")
    new_school = factory.school(name="Tamar View Primary")
    person = factory.user(Role.SCHOOL_STAFF, old_school, name="Sam Staff")
    token_before = person.session_token

    page = text(client.get(f"/admin/accounts/{person.id}"))
    assert f'href="/admin/accounts/{person.id}/edit"' in page
    form = text(client.get(f"/admin/accounts/{person.id}/edit"))
    assert input_value(form, "name") == "Sam Staff"
    assert 'value="school_staff" checked' in form
    assert input_value(form, "school") == old_school.urn

    response = client.post(
        f"/admin/accounts/{person.id}/edit",
        data={"name": "Sam Lead", "role": "school_lead", "school": new_school.urn},
    )

    assert response.status_code == 302
    stored = fresh(User, person.id)
    assert (stored.name, stored.role, stored.school_id) == (
        "Sam Lead",
        "school_lead",
        new_school.id,
    )
    assert stored.session_token != token_before  # signed out: the new role holds now
    assert events("user", person.id) == [
        ("change_role", "role", "school_staff", "school_lead"),
        ("update", "school", "Hoe Park Primary", "Tamar View Primary"),
        ("update", "name", "Sam Staff", "Sam Lead"),
    ]
    assert "Sam Lead's account has been saved" in text(client.get(response.location))


def test_a_new_name_alone_does_not_sign_the_person_out(client, factory, admin):
    person = factory.user(Role.COMMISSIONER, name="Cam Commissioner")
    token_before = person.session_token

    client.post(
        f"/admin/accounts/{person.id}/edit", data={"name": "Cam Smith", "role": "commissioner"}
    )

    stored = fresh(User, person.id)
    assert stored.name == "Cam Smith" and stored.session_token == token_before
    assert events("user", person.id) == [("update", "name", "Cam Commissioner", "Cam Smith")]


def test_a_school_role_needs_a_school(client, factory, admin):
    person = factory.user(Role.COMMISSIONER, name="Cam Commissioner")

    response = client.post(
        f"/admin/accounts/{person.id}/edit",
        data={"name": "Cam Commissioner", "role": "school_lead", "school": ""},
    )

    assert response.status_code == 200
    assert "Enter the URN or name of the school this person works at" in text(response)
    assert fresh(User, person.id).role == "commissioner"
    assert events("user", person.id) == []


def test_a_city_role_has_no_school(client, factory, admin):
    school = factory.school(name="Hoe Park Primary")
    person = factory.user(Role.SCHOOL_LEAD, school, name="Lee Lead")

    client.post(
        f"/admin/accounts/{person.id}/edit",
        data={"name": "Lee Lead", "role": "advisory", "school": school.urn},
    )

    stored = fresh(User, person.id)
    assert (stored.role, stored.school_id) == ("advisory", None)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "  ", "role": "commissioner"}, "Enter the person's full name"),
        ({"name": "X" * 201, "role": "commissioner"}, "Full name must be 200 characters"),
        ({"name": "Cam", "role": "king"}, "Choose the person's role"),
        ({"name": "Cam", "role": "school_staff", "school": "999999"}, "No school has URN 999999"),
    ],
)
def test_account_problems_are_shown_and_nothing_is_saved(client, factory, admin, data, message):
    person = factory.user(Role.COMMISSIONER, name="Cam Commissioner")

    response = client.post(f"/admin/accounts/{person.id}/edit", data=data)

    assert response.status_code == 200
    assert message in text(response)
    assert fresh(User, person.id).name == "Cam Commissioner"


def test_the_only_active_admin_cannot_stop_being_an_admin(client, factory, admin):
    # An invited administrator (no password yet) and a disabled one do not count.
    from hrsa.services.accounts import people

    people.create_user(db.session, email="ivy@example.org", name="Ivy", role=Role.ADMIN)
    factory.user(Role.ADMIN, name="Dee Disabled").is_enabled = False
    db.session.commit()

    response = client.post(
        f"/admin/accounts/{admin.id}/edit", data={"name": "Alex Admin", "role": "commissioner"}
    )

    assert response.status_code == 200
    assert "Alex Admin is the only active administrator" in text(response)
    assert fresh(User, admin.id).role == "admin"


def test_an_admin_can_step_down_when_another_admin_is_active(client, factory, admin):
    factory.user(Role.ADMIN, name="Another Admin")

    response = client.post(
        f"/admin/accounts/{admin.id}/edit", data={"name": "Alex Admin", "role": "advisory"}
    )

    assert response.status_code == 302
    assert fresh(User, admin.id).role == "advisory"
    # Their session ended with the change: the administration pages now ask them to sign in.
    assert "/sign-in" in client.get("/admin/").location


def test_an_admin_who_changes_their_own_role_is_told_on_the_sign_in_page(client, factory, admin):
    factory.user(Role.ADMIN, name="Another Admin")

    response = client.post(
        f"/admin/accounts/{admin.id}/edit",
        data={"name": "Alex Admin", "role": "commissioner"},
        follow_redirects=True,
    )

    assert response.request.path == "/sign-in"
    page = text(response)
    assert (
        "Your account has been saved. Your role is now commissioner, so you have been signed "
        "out: sign in again to carry on." in page
    )
    assert "Sign in to continue" not in page
    assert fresh(User, admin.id).role == "commissioner"
    # Shown once: the next page does not repeat it.
    assert "Your role is now" not in text(client.get("/sign-in"))


def test_an_admin_who_renames_themselves_stays_signed_in(client, admin):
    response = client.post(
        f"/admin/accounts/{admin.id}/edit",
        data={"name": "Alex Smith", "role": "admin"},
        follow_redirects=True,
    )

    assert response.request.path == f"/admin/accounts/{admin.id}"
    assert "Alex Smith's account has been saved" in text(response)


# --- cycles ------------------------------------------------------------------------------------


def cycle_form(name: str, opens: tuple[int, int, int], closes: tuple[int, int, int]) -> dict:
    return {
        "name": name,
        "opens_on": [str(part) for part in opens],
        "closes_on": [str(part) for part in closes],
    }


def test_an_admin_changes_a_cycles_name_and_dates(client, factory, admin):
    cycle = factory.cycle("2026/27")

    listing = text(client.get("/admin/cycles"))
    assert f'href="/admin/cycles/{cycle.id}">2026/27</a>' in listing
    form = text(client.get(f"/admin/cycles/{cycle.id}"))
    assert input_value(form, "name") == "2026/27"

    response = client.post(
        f"/admin/cycles/{cycle.id}", data=cycle_form("2027/28", (1, 9, 2027), (31, 7, 2028))
    )

    assert response.status_code == 302
    stored = fresh(Cycle, cycle.id)
    assert (stored.name, stored.opens_on, stored.closes_on) == (
        "2027/28",
        date(2027, 9, 1),
        date(2028, 7, 31),
    )
    assert events("cycle", cycle.id)[1:] == [
        ("update", "name", "2026/27", "2027/28"),
        ("update", "opens_on", "2026-09-01", "2027-09-01"),
        ("update", "closes_on", "2027-07-31", "2028-07-31"),
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (cycle_form("2026/28", (1, 9, 2026), (31, 7, 2027)), "2 years that follow on"),
        (cycle_form("2025/26", (1, 9, 2026), (31, 7, 2027)), "already a cycle called 2025/26"),
        (cycle_form("2026/27", (1, 9, 2026), (1, 9, 2026)), "closing date must be after"),
        (cycle_form("2026/27", (31, 2, 2026), (1, 9, 2027)), "must be a real date"),
    ],
)
def test_cycle_changes_keep_the_rules_cycles_are_opened_with(client, factory, admin, data, message):
    factory.cycle("2025/26", opens_on=date(2025, 9, 1), closes_on=date(2026, 7, 31))
    cycle = factory.cycle("2026/27")

    response = client.post(f"/admin/cycles/{cycle.id}", data=data)

    assert response.status_code == 200
    assert message in text(response)
    stored = fresh(Cycle, cycle.id)
    assert (stored.name, stored.opens_on) == ("2026/27", date(2026, 9, 1))


def test_a_closed_cycles_dates_cannot_change_but_its_name_can(client, factory, admin):
    from hrsa.services.cycles import lifecycle

    cycle = factory.cycle("2026/27")
    lifecycle.close_cycle(db.session, cycle, user_id=admin.id)
    db.session.commit()

    moved = client.post(
        f"/admin/cycles/{cycle.id}", data=cycle_form("2026/27", (1, 9, 2026), (31, 8, 2027))
    )
    assert moved.status_code == 200
    assert "cycle was closed on" in text(moved) and "its dates can no longer change" in text(moved)
    assert fresh(Cycle, cycle.id).closes_on == date(2027, 7, 31)

    renamed = client.post(
        f"/admin/cycles/{cycle.id}", data=cycle_form("2027/28", (1, 9, 2026), (31, 7, 2027))
    )
    assert renamed.status_code == 302
    assert fresh(Cycle, cycle.id).name == "2027/28"


def test_closing_a_cycle_asks_first_then_makes_its_assessments_read_only(
    client, factory, sign_in, admin
):
    cycle = factory.cycle("2026/27", closes_on=date(2099, 7, 31))
    lead = factory.user(Role.SCHOOL_LEAD, name="Lee Lead")
    open_one = factory.assessment(lead.school, cycle, by=lead, rags={"1.1": Rag.AMBER})
    submitted = factory.assessment(factory.school(), cycle)
    factory.submitted(submitted)
    assert lookup.current_cycle(db.session) == cycle
    sign_in.out()
    sign_in(lead.email)
    assert (
        client.get(f"/assessments/{open_one.id}/plan/actions/new?standard=1.1").status_code == 200
    )
    assert 'name="rag-1.1"' in text(client.get(f"/assessments/{open_one.id}/principles/1"))
    sign_in.out()
    sign_in(admin.email)

    ask = text(client.get(f"/admin/cycles/{cycle.id}/close"))
    assert "Are you sure you want to close the 2026/27 cycle?" in ask
    assert "1 submitted assessment and 1 assessment still in progress" in ask
    assert fresh(Cycle, cycle.id).closed_at is None  # asking changes nothing

    response = client.post(f"/admin/cycles/{cycle.id}/close")

    assert response.status_code == 302
    stored = fresh(Cycle, cycle.id)
    assert stored.closed_at is not None and stored.closed_by_id == admin.id
    assert events("cycle", cycle.id)[-1] == ("close_cycle", None, None, None)
    listing = text(client.get("/admin/cycles"))
    assert re.search(r'govuk-tag--grey">\s*Closed', listing)

    # The school can read its assessment but not change, plan, add evidence or submit.
    sign_in.out()
    sign_in(lead.email)
    assert client.get(f"/assessments/{open_one.id}").status_code == 200
    assert 'name="rag-1.1"' not in text(client.get(f"/assessments/{open_one.id}/principles/1"))
    assert client.post(f"/assessments/{open_one.id}/principles/1", data={}).status_code == 403
    assert (
        client.get(f"/assessments/{open_one.id}/plan/actions/new?standard=1.1").status_code == 403
    )
    assert client.post(f"/assessments/{open_one.id}/submit").status_code == 403
    assert (
        client.post(f"/assessments/{open_one.id}/standards/1.1/evidence", data={}).status_code
        == 403
    )
    # Its way in still leads to the assessment, now read-only.
    assert client.get("/assessment").location == f"/assessments/{open_one.id}"

    # The advisory group cannot reopen the submitted one.
    sign_in.out()
    sign_in(factory.user(Role.ADVISORY).email)
    response = client.post(f"/assessments/{submitted.id}/reopen", data={"reason": "Please check"})
    assert "cycle has been closed" in text(response)
    db.session.expire_all()
    assert fresh(type(submitted), submitted.id).is_submitted


def test_a_closed_cycle_is_never_the_current_one_and_cannot_be_started(
    client, factory, sign_in, admin
):
    cycle = factory.cycle("2026/27", opens_on=date(2020, 9, 1), closes_on=date(2099, 7, 31))
    client.post(f"/admin/cycles/{cycle.id}/close")
    earlier = factory.cycle("2025/26", opens_on=date(2020, 1, 1), closes_on=date(2099, 1, 1))

    assert lookup.current_cycle(db.session) == earlier

    client.post(f"/admin/cycles/{earlier.id}/close")
    lead = factory.user(Role.SCHOOL_LEAD)
    sign_in.out()
    sign_in(lead.email)
    # Every cycle is closed: the school is told none is open, and starting one is refused.
    assert "No assessment cycle is open" in text(client.get("/assessment"))
    response = client.post("/assessment/start")
    assert response.status_code == 302
    assert fresh(User, lead.id).school_id is not None
    from hrsa.models import Assessment

    assert db.session.scalar(select(Assessment)) is None


def test_closing_a_closed_cycle_says_so(client, factory, admin):
    cycle = factory.cycle("2026/27")
    client.post(f"/admin/cycles/{cycle.id}/close")
    closed_at = fresh(Cycle, cycle.id).closed_at

    page = text(client.get(f"/admin/cycles/{cycle.id}/close"))
    assert "The 2026/27 cycle is closed" in page
    response = client.post(f"/admin/cycles/{cycle.id}/close")
    assert response.status_code == 200
    assert "already closed" in text(response)
    assert fresh(Cycle, cycle.id).closed_at == closed_at
