"""The administrators' area: who may use it, schools, accounts, the outbox and cycles."""

from __future__ import annotations

from html import unescape

import pytest
from sqlalchemy import func, select

from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.models import AuditEvent, Cycle, OutboxMessage, School, User
from hrsa.services.accounts import identity, people
from hrsa.services.schools import profile
from hrsa.web.auth.loader import load_user

ADMIN_PAGES = [
    "/admin/",
    "/admin/schools",
    "/admin/schools/new",
    "/admin/accounts",
    "/admin/accounts/invite",
    "/admin/outbox",
    "/admin/cycles",
    "/admin/cycles/new",
    "/admin/deleted-evidence",
]


def text(response) -> str:
    return unescape(response.get_data(as_text=True))


@pytest.fixture
def admin(factory, sign_in) -> User:
    """An administrator, signed in."""
    person = factory.user(Role.ADMIN, name="Alex Admin", email="alex@example.org")
    sign_in(person.email)
    return person


def fresh(model, id_):
    """The row as the database has it now (views commit in their own session)."""
    db.session.expire_all()
    return db.session.get(model, id_)


# Who may use it


@pytest.mark.parametrize(
    "role", [Role.SCHOOL_LEAD, Role.SCHOOL_STAFF, Role.COMMISSIONER, Role.ADVISORY]
)
def test_admin_pages_are_forbidden_to_everyone_else(client, factory, sign_in, role):
    person = factory.user(role)
    sign_in(person.email)
    for url in ADMIN_PAGES + [f"/admin/accounts/{person.id}"]:
        response = client.get(url)
        assert response.status_code == 403, url
        assert "You do not have permission to see this page" in text(response)
    for url in [f"/admin/accounts/{person.id}/disable", f"/admin/accounts/{person.id}/reset-link"]:
        assert client.post(url).status_code == 403, url
    response = client.post(
        "/admin/schools/new",
        data={"urn": "123456", "name": "Sneaky", "phase": "primary", "ward": "Stoke"},
    )
    assert response.status_code == 403
    assert db.session.scalar(select(School).where(School.name == "Sneaky")) is None


def test_admin_pages_send_signed_out_people_to_sign_in(client):
    for url in ADMIN_PAGES:
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/sign-in" in response.headers["Location"]


def test_every_admin_page_opens_for_an_administrator(client, admin):
    for url in ADMIN_PAGES + [f"/admin/accounts/{admin.id}"]:
        assert client.get(url).status_code == 200, url


def test_index_links_to_each_area_with_counts(client, factory, admin):
    factory.school()
    factory.school()
    factory.cycle()
    page = text(client.get("/admin/"))
    assert "2 schools" in page
    assert "1 account" in page
    assert "1 assessment cycle" in page
    assert "0 emails" in page
    for href in ["/admin/schools", "/admin/accounts", "/admin/cycles", "/admin/outbox"]:
        assert f'href="{href}"' in page


# Schools


def test_add_a_school(client, admin):
    response = client.post(
        "/admin/schools/new",
        data={
            "urn": "113521",
            "name": "Harbourside Primary School",
            "phase": "primary",
            "ward": "Devonport",
            "neighbourhood": "Morice Town",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/admin/schools")
    page = text(client.get("/admin/schools"))
    assert "Harbourside Primary School has been added." in page
    assert "113521" in page and "Primary" in page and "Devonport" in page
    school = db.session.scalar(select(School).where(School.urn == "113521"))
    assert school.name == "Harbourside Primary School"
    assert school.neighbourhood == "Morice Town"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.entity == "school"))
    assert event.user_id == admin.id and event.action == "create"


def test_a_bad_urn_is_explained_and_the_typed_name_is_kept(client, admin):
    response = client.post(
        "/admin/schools/new",
        data={"urn": "12AB", "name": "Tamar View Academy", "phase": "secondary", "ward": "Stoke"},
    )
    assert response.status_code == 200
    page = text(response)
    assert "There is a problem" in page
    assert "URN must be 6 digits, like 113521" in page
    assert 'value="Tamar View Academy"' in page
    assert db.session.scalar(select(func.count()).select_from(School)) == 0


def test_a_duplicate_urn_names_the_school_that_has_it(client, factory, admin):
    factory.school(urn="123456", name="Mayflower Primary School")
    response = client.post(
        "/admin/schools/new",
        data={"urn": "123456", "name": "Sound View Academy", "phase": "secondary", "ward": "Ham"},
    )
    assert response.status_code == 200
    page = text(response)
    assert "URN 123456 is already used by Mayflower Primary School" in page
    assert 'value="Sound View Academy"' in page
    assert db.session.scalar(select(func.count()).select_from(School)) == 1


def test_phase_and_ward_must_be_chosen_from_the_lists(client, admin):
    response = client.post(
        "/admin/schools/new",
        data={"urn": "654321", "name": "Saltram School", "phase": "grammar", "ward": "Atlantis"},
    )
    page = text(response)
    assert "Choose the school's phase" in page
    assert "Choose the school's ward" in page
    response = client.post("/admin/schools/new", data={"urn": "", "name": ""})
    page = text(response)
    assert "Enter the school's name" in page
    assert "Enter the school's URN" in page
    assert "Choose the school's phase" in page
    assert db.session.scalar(select(func.count()).select_from(School)) == 0


def test_the_ward_list_offers_the_citys_wards(client, admin):
    page = text(client.get("/admin/schools/new"))
    assert ">Plympton St Mary<" in page
    assert ">Sutton and Mount Gould<" in page


def test_schools_are_listed_fifty_to_a_page(client, admin):
    for n in range(51):
        profile.create_school(
            db.session, urn=f"{200000 + n}", name=f"School {n:02d}", phase="primary", ward="Stoke"
        )
    db.session.commit()
    first = text(client.get("/admin/schools"))
    assert "School 00" in first and "School 49" in first
    assert "School 50" not in first
    assert "51 schools, page 1 of 2" in first
    assert 'href="/admin/schools?page=2"' in first
    second = text(client.get("/admin/schools?page=2"))
    assert "School 50" in second and "School 49" not in second
    assert text(client.get("/admin/schools?page=99")).count("School 50") == 1


# Accounts


def test_accounts_list_shows_role_school_and_status(client, factory, admin):
    school = factory.school(name="Hoe Park Primary School")
    factory.user(Role.SCHOOL_LEAD, school=school, name="Lee Lead")
    invited = people.create_user(
        db.session, email="ivy@example.org", name="Ivy Invited", role=Role.COMMISSIONER
    )
    disabled = factory.user(Role.ADVISORY, name="Dee Disabled")
    disabled.is_enabled = False
    db.session.commit()
    assert invited.password_hash is None
    page = text(client.get("/admin/accounts"))
    assert "Lee Lead" in page and "School lead" in page and "Hoe Park Primary School" in page
    assert "Ivy Invited" in page and "Invited" in page and "Commissioner" in page
    assert "Dee Disabled" in page and "Disabled" in page and "Advisory group member" in page
    assert "Active" in page


def add_invited_people(count: int) -> None:
    """People at schools of their own, without passwords (hashing would only slow the test)."""
    for _ in range(count):
        n = db.session.scalar(select(func.count()).select_from(User)) + 1
        school = profile.create_school(
            db.session, urn=f"{300000 + n}", name=f"School {n}", phase="primary", ward="Ham"
        )
        people.create_user(
            db.session,
            email=f"p{n}@example.org",
            name=f"P {n}",
            role=Role.SCHOOL_STAFF,
            school_id=school.id,
        )
    db.session.commit()


def test_accounts_list_takes_the_same_queries_however_many_people(client, admin, count_queries):
    add_invited_people(3)
    count_queries.clear()
    client.get("/admin/accounts")
    few = len(count_queries)
    add_invited_people(10)
    count_queries.clear()
    page = text(client.get("/admin/accounts"))
    assert "14 accounts" in page
    assert len(count_queries) == few


def account_rows(html: str) -> list[str]:
    """The names in the accounts table's row headers, in order."""
    import re

    return [
        " ".join(re.sub(r"<[^>]+>", " ", cell).split())
        for cell in re.findall(r'<th scope="row"[^>]*>(.*?)</th>', html, re.S)
    ]


def test_accounts_are_found_by_part_of_the_name_or_email_in_any_case(client, factory, admin):
    factory.user(Role.SCHOOL_LEAD, name="Priya Tamar", email="priya@tamar.example.org")
    factory.user(Role.COMMISSIONER, name="Sam Stone", email="SAM.TAMAR@plymouth.example.org")
    factory.user(Role.ADVISORY, name="Hoe Person", email="hoe@example.org")

    page = text(client.get("/admin/accounts?q=  TAMAR "))

    assert account_rows(page) == ["Priya Tamar", "Sam Stone"]
    assert "2 accounts" in page
    assert 'value="TAMAR"' in page  # what was typed stays in the box
    assert "Clear search" in page
    assert account_rows(text(client.get("/admin/accounts?q=hoe@EXAMPLE"))) == ["Hoe Person"]


def test_percent_and_underscore_are_plain_characters_in_an_accounts_search(client, factory, admin):
    factory.user(Role.ADVISORY, name="Odd 100% Name", email="odd_one@example.org")
    factory.user(Role.ADVISORY, name="Plain Person", email="plainone@example.org")

    assert account_rows(text(client.get("/admin/accounts?q=%25"))) == ["Odd 100% Name"]
    assert account_rows(text(client.get("/admin/accounts?q=d_o"))) == ["Odd 100% Name"]


def test_an_accounts_search_with_no_match_says_so(client, admin):
    response = client.get("/admin/accounts?q=Nobody")

    assert response.status_code == 200
    page = text(response)
    assert "No accounts match ‘Nobody’" in page
    assert "There are no accounts yet" not in page


def test_accounts_search_results_are_paged_and_the_links_keep_the_search(client, admin):
    add_invited_people(51)  # named "P 2" ... "P 52", emailed p2@ ... p52@example.org

    first = text(client.get("/admin/accounts?q=example.org"))
    assert "52 accounts, page 1 of 2" in first  # the 51 and the administrator
    assert 'href="/admin/accounts?page=2&q=example.org"' in first
    second = text(client.get("/admin/accounts?page=2&q=example.org"))
    assert len(account_rows(second)) == 2
    assert 'href="/admin/accounts?page=1&q=example.org"' in second


def test_accounts_search_takes_the_same_queries_however_many_people_match(
    client, admin, count_queries
):
    add_invited_people(3)
    db.session.expire_all()
    count_queries.clear()
    client.get("/admin/accounts?q=example.org")
    few = len(count_queries)
    add_invited_people(20)
    db.session.expire_all()
    count_queries.clear()
    page = text(client.get("/admin/accounts?q=example.org"))
    assert "24 accounts" in page  # the 23 and the administrator
    assert len(count_queries) == few


def test_invite_needs_a_school_for_school_roles(client, factory, admin):
    factory.school(name="Citadel Academy")
    response = client.post(
        "/admin/accounts/invite",
        data={
            "name": "Sam Staff",
            "email": "sam@example.org",
            "role": "school_staff",
            "school": "",
        },
    )
    assert response.status_code == 200
    page = text(response)
    assert "Enter the URN or name of the school this person works at" in page
    assert 'value="Sam Staff"' in page
    assert identity.find_by_email(db.session, "sam@example.org") is None


def test_invite_a_commissioner_without_a_school(client, factory, admin):
    school = factory.school()
    response = client.post(
        "/admin/accounts/invite",
        data={
            "name": "Cara Commissioner",
            "email": "Cara@Example.org",
            "role": "commissioner",
            "school": school.urn,
        },
    )
    assert response.status_code == 302
    person = identity.find_by_email(db.session, "cara@example.org")
    assert person.role == "commissioner" and person.school_id is None
    assert person.password_hash is None
    page = text(client.get(response.headers["Location"]))
    assert "An invitation for cara@example.org is in the outbox" in page
    assert "Invited" in page
    assert "Send a new invitation" in page


def test_invite_problems_are_shown_on_the_form(client, factory, admin):
    factory.user(Role.COMMISSIONER, email="taken@example.org")
    response = client.post(
        "/admin/accounts/invite",
        data={"name": "Tom", "email": "taken@example.org", "role": "commissioner"},
    )
    assert "There is already an account for taken@example.org" in text(response)
    response = client.post(
        "/admin/accounts/invite", data={"name": "", "email": "nope", "role": "king"}
    )
    page = text(response)
    assert "Enter the person's full name" in page
    assert "Enter an email address in the correct format" in page
    assert "Choose the person's role" in page
    emails = set(db.session.scalars(select(User.email)))
    assert emails == {"alex@example.org", "taken@example.org"}
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_disable_and_enable_an_account(client, factory, admin, sign_in):
    lead = factory.user(Role.SCHOOL_LEAD, name="Lou Lead")
    their_session = lead.get_id()

    response = client.post(f"/admin/accounts/{lead.id}/disable")
    assert response.status_code == 302
    page = text(client.get(response.headers["Location"]))
    assert "Lou Lead's account is disabled." in page
    assert "Enable account" in page
    assert fresh(User, lead.id).is_enabled is False
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "disable"))
    assert (event.user_id, event.entity_id, event.old_value, event.new_value) == (
        admin.id,
        lead.id,
        "True",
        "False",
    )
    # A session they already had no longer loads, and they cannot sign in again.
    assert load_user(their_session) is None
    sign_in.out()
    response = client.post(
        "/sign-in", data={"email": lead.email, "password": "correct-horse-battery"}
    )
    assert response.status_code == 200
    assert "Enter a correct email address and password" in text(response)

    sign_in(admin.email)
    client.post(f"/admin/accounts/{lead.id}/enable")
    assert fresh(User, lead.id).is_enabled is True
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "enable")) is not None
    sign_in.out()
    sign_in(lead.email)
    assert client.get("/account").status_code == 200


def test_an_admin_cannot_disable_themselves(client, admin):
    page = text(client.get(f"/admin/accounts/{admin.id}"))
    assert "You cannot disable your own account" in page
    assert "Disable account" not in page
    response = client.post(f"/admin/accounts/{admin.id}/disable")
    assert response.status_code == 200
    assert "You cannot disable your own account. Ask another administrator to do it." in text(
        response
    )
    assert fresh(User, admin.id).is_enabled is True
    assert client.get("/admin/").status_code == 200


def test_no_reset_link_for_a_disabled_account(client, factory, admin):
    person = factory.user(Role.ADVISORY)
    client.post(f"/admin/accounts/{person.id}/disable")
    response = client.post(f"/admin/accounts/{person.id}/reset-link")
    assert response.status_code == 200
    assert "Enable this account before sending a password reset link" in text(response)
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_an_unknown_account_is_not_found(client, admin):
    assert client.get("/admin/accounts/999").status_code == 404
    assert client.post("/admin/accounts/999/disable").status_code == 404
    about_people = select(AuditEvent.action).where(AuditEvent.entity != "authority")
    assert set(db.session.scalars(about_people)) == {"sign_in"}
    assert fresh(User, admin.id).is_enabled


# Outbox


def test_outbox_shows_messages_newest_first_with_their_body(client, factory, admin):
    first = factory.user(Role.COMMISSIONER, name="First Person")
    second = factory.user(Role.COMMISSIONER, name="Second Person")
    client.post(f"/admin/accounts/{first.id}/reset-link", follow_redirects=True)
    client.post(f"/admin/accounts/{second.id}/reset-link", follow_redirects=True)
    page = text(client.get("/admin/outbox"))
    assert page.index(second.email) < page.index(first.email)
    assert "Choose a new password for the Healthy Relationships Self-Assessment" in page
    assert "No, only in the outbox" in page
    assert "Show the message" in page
    assert "Dear Second Person," in page
    assert "http://localhost/reset-password/" in page
    assert " at " in page  # the time, in the govuk_datetime style


# Cycles


def test_open_a_cycle(client, admin):
    response = client.post(
        "/admin/cycles/new",
        data={"name": "2026/27", "opens_on": ["1", "9", "2026"], "closes_on": ["31", "7", "2027"]},
    )
    assert response.status_code == 302
    page = text(client.get(response.headers["Location"]))
    assert "Cycle 2026/27 has been opened." in page
    assert "1 September 2026" in page and "31 July 2027" in page
    cycle = db.session.scalar(select(Cycle))
    assert cycle.name == "2026/27"
    assert cycle.framework_version.version in page


def test_cycles_list_loads_framework_versions_with_the_cycles(
    client, factory, admin, count_queries
):
    factory.cycle("2025/26")
    count_queries.clear()
    client.get("/admin/cycles")
    one = len(count_queries)
    factory.cycle("2026/27")
    factory.cycle("2027/28")
    count_queries.clear()
    page = text(client.get("/admin/cycles"))
    assert "2025/26" in page and "2027/28" in page
    assert len(count_queries) == one


def test_closing_date_must_follow_opening_date(client, admin):
    response = client.post(
        "/admin/cycles/new",
        data={"name": "2026/27", "opens_on": ["1", "9", "2026"], "closes_on": ["1", "8", "2026"]},
    )
    assert response.status_code == 200
    page = text(response)
    assert "The closing date must be after the opening date" in page
    assert 'value="2026/27"' in page
    assert db.session.scalar(select(func.count()).select_from(Cycle)) == 0


@pytest.mark.parametrize(
    ("opens_on", "message"),
    [
        (None, "Enter the opening date"),
        (["", "", ""], "Enter the opening date"),
        (["1", "9"], "Opening date must be a real date"),
        (["1", "9", "2026", "4"], "Opening date must be a real date"),
        (["1", "", "2026"], "Opening date must include a month"),
        (["", "", "2026"], "Opening date must include a day and month"),
        (["31", "2", "2027"], "Opening date must be a real date"),
        (["first", "9", "2026"], "Opening date must be a real date"),
        (["1", "9", "26"], "Year must include 4 numbers"),
    ],
)
def test_a_bad_or_missing_date_is_a_form_error_not_a_crash(client, admin, opens_on, message):
    data = {"name": "2026/27", "closes_on": ["31", "7", "2027"]}
    if opens_on is not None:
        data["opens_on"] = opens_on
    response = client.post("/admin/cycles/new", data=data)
    assert response.status_code == 200
    page = text(response)
    assert message in page
    assert 'id="opens_on-day"' in page
    assert db.session.scalar(select(func.count()).select_from(Cycle)) == 0


def test_missing_every_date_field_is_a_form_error(client, admin):
    response = client.post("/admin/cycles/new", data={"name": "2026/27"})
    assert response.status_code == 200
    page = text(response)
    assert "Enter the opening date" in page
    assert "Enter the closing date" in page
    assert db.session.scalar(select(func.count()).select_from(Cycle)) == 0


def test_cycle_service_errors_are_shown_on_the_form(client, factory, admin):
    factory.cycle("2026/27")
    dates = {"opens_on": ["1", "9", "2026"], "closes_on": ["31", "7", "2027"]}
    response = client.post("/admin/cycles/new", data={"name": "2026/27", **dates})
    assert response.status_code == 200
    assert "There is already a cycle called 2026/27" in text(response)
    response = client.post("/admin/cycles/new", data={"name": "Autumn", **dates})
    assert "Cycle name must be an academic year like 2026/27" in text(response)
    assert db.session.scalars(select(Cycle.name)).all() == ["2026/27"]
