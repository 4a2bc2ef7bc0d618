"""Signing in and out, changing a password, and who may open which page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.models import AuditEvent, User
from hrsa.services.accounts import passwords
from tests.factories import PASSWORD, Factory

GENERIC_ERROR = "Enter a correct email address and password"


# pytest-flask keeps a request context open for the whole test, and its `client` keeps each
# request's context open until the next one. A request made meanwhile reuses that app context
# and its `g`, where Flask-Login caches the signed-in person, so a second browser would look
# signed in. These tests are about what each new request sees: no context outlives a request.


@pytest.fixture(autouse=True)
def _push_request_context() -> Iterator[None]:
    """Replaces pytest-flask's fixture of the same name: no request context during the test."""
    yield


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A browser whose requests leave no context behind."""
    return app.test_client()


@pytest.fixture(autouse=True)
def _quick_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Still scrypt, at a cost that lets these tests sign in dozens of times a second."""
    monkeypatch.setattr(passwords, "PASSWORD_METHOD", "scrypt:1024:8:1")


@dataclass(frozen=True)
class Person:
    id: int
    email: str
    name: str


def person(app: Flask, factory: Factory, role: Role = Role.SCHOOL_LEAD, **values: object) -> Person:
    with app.app_context():
        user = factory.user(role, **values)
        return Person(user.id, user.email, user.name)


def page(response) -> str:  # type: ignore[no-untyped-def]
    return str(response.get_data(as_text=True))


def input_value(html: str, name: str) -> str | None:
    """The value attribute of the named input, or None if it has none."""
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert tag, f"no input named {name}"
    value = re.search(r'value="([^"]*)"', tag.group(0))
    return value.group(1) if value else None


def post_sign_in(client: FlaskClient, email: str, password: str, url: str = "/sign-in"):  # type: ignore[no-untyped-def]
    return client.post(url, data={"email": email, "password": password})


# --- signing in ------------------------------------------------------------------------------


def test_right_password_signs_in_and_shows_the_name(app, client, factory, recorded_sign_ins):
    lead = person(app, factory, name="Asha Patel")

    response = post_sign_in(client, lead.email, PASSWORD)

    assert response.status_code == 302
    count, last = recorded_sign_ins(lead.email)
    assert count == 1 and last is not None
    next_page = client.get(response.headers["Location"], follow_redirects=True)
    assert next_page.status_code == 200
    assert "Signed in as Asha Patel" in page(next_page)


def test_email_is_matched_whatever_its_case(app, client, factory):
    lead = person(app, factory, email="asha@example.org", name="Asha Patel")
    assert lead.email == "asha@example.org"

    response = post_sign_in(client, "  Asha@Example.ORG ", PASSWORD)

    assert response.status_code == 302
    assert "Signed in as Asha Patel" in page(client.get("/", follow_redirects=True))


@pytest.mark.parametrize("case", ["wrong password", "unknown email"])
def test_failed_sign_in_gives_one_generic_message_and_keeps_the_email(
    app, client, factory, recorded_sign_ins, case
):
    lead = person(app, factory)
    email = lead.email if case == "wrong password" else "nobody@example.org"

    response = post_sign_in(client, email, "not-the-password-123")

    assert response.status_code == 200
    html = page(response)
    assert GENERIC_ERROR in html
    assert input_value(html, "email") == email
    assert input_value(html, "password") in (None, "")
    assert "not-the-password-123" not in html
    assert "Signed in as" not in html
    assert client.get("/account").status_code == 302
    assert recorded_sign_ins(lead.email) == (0, None)


def test_wrong_password_and_unknown_email_look_the_same(app, client, factory):
    lead = person(app, factory)

    def error_part(email: str) -> str:
        html = page(post_sign_in(client, email, "not-the-password-123"))
        return re.sub(re.escape(email), "EMAIL", html.split("<main", 1)[1])

    known, unknown = error_part(lead.email), error_part("nobody@example.org")
    # The pages differ only in the CSRF token (off in tests) and nonce, never in the message.
    strip = re.compile(r'nonce="[^"]*"')
    assert strip.sub("", known) == strip.sub("", unknown)


def test_disabled_account_is_refused_with_the_same_message(app, client, factory, recorded_sign_ins):
    lead = person(app, factory)
    with app.app_context():
        db.session.get(User, lead.id).is_enabled = False
        db.session.commit()

    response = post_sign_in(client, lead.email, PASSWORD)

    assert response.status_code == 200
    assert GENERIC_ERROR in page(response)
    assert client.get("/account").status_code == 302
    assert recorded_sign_ins(lead.email) == (0, None)


def test_disabling_an_account_ends_its_sessions(app, client, factory, sign_in):
    lead = person(app, factory)
    sign_in(lead.email)
    assert client.get("/account").status_code == 200
    with app.app_context():
        db.session.get(User, lead.id).is_enabled = False
        db.session.commit()

    response = client.get("/account")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in")


def test_empty_form_asks_for_both_fields(app, client):
    response = client.post("/sign-in", data={"email": "", "password": ""})

    assert response.status_code == 200
    html = page(response)
    assert "Enter your email address" in html
    assert "Enter your password" in html
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == 0


def test_next_page_is_followed_when_it_is_on_this_site(app, client, factory):
    lead = person(app, factory)

    response = post_sign_in(client, lead.email, PASSWORD, url="/sign-in?next=/account")

    assert response.status_code == 302
    assert response.headers["Location"] == "/account"


@pytest.mark.parametrize(
    "target",
    [
        "http://evil.example/account",
        "https://evil.example",
        "//evil.example/account",
        "/\\evil.example",
        "javascript:alert(1)",
        "account",
    ],
)
def test_next_page_elsewhere_is_ignored(app, client, factory, target):
    lead = person(app, factory)

    response = client.post(
        "/sign-in", query_string={"next": target}, data={"email": lead.email, "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response.headers["Location"] == "/assessment"  # the lead's own landing page


def test_protected_page_sends_you_to_sign_in_and_back(app, client, factory):
    lead = person(app, factory)

    response = client.get("/account")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in?next=")

    signed_in = post_sign_in(client, lead.email, PASSWORD, url=response.headers["Location"])
    assert signed_in.headers["Location"] == "/account"


def test_session_is_rotated_at_sign_in(app, client, factory):
    lead = person(app, factory)
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    before = client.get_cookie("session")
    assert before is not None

    post_sign_in(client, lead.email, PASSWORD)

    after = client.get_cookie("session")
    assert after is not None and after.value != before.value
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"].startswith(f"{lead.id}:")


def test_signed_in_person_visiting_sign_in_goes_to_the_start(app, client, factory, sign_in):
    lead = person(app, factory)
    sign_in(lead.email)

    response = client.get("/sign-in")

    assert response.status_code == 302
    assert response.headers["Location"] == "/"


# --- signing out -----------------------------------------------------------------------------


def test_sign_out_ends_the_session(app, client, factory, sign_in):
    lead = person(app, factory)
    sign_in(lead.email)
    assert client.get("/account").status_code == 200

    response = client.post("/sign-out")

    assert response.status_code == 302
    assert response.headers["Location"] == "/sign-in"
    assert "You have signed out" in page(client.get("/sign-in"))
    protected = client.get("/account")
    assert protected.status_code == 302
    assert protected.headers["Location"].startswith("/sign-in")


def test_sign_out_cannot_be_done_with_a_link(client):
    assert client.get("/sign-out").status_code == 405


# --- changing a password ---------------------------------------------------------------------


def change_password(client: FlaskClient, current: str, new: str, confirm: str | None = None):  # type: ignore[no-untyped-def]
    return client.post(
        "/account",
        data={"current_password": current, "password": new, "confirm": confirm or new},
    )


def stored_password_hash(app: Flask, user_id: int) -> str | None:
    with app.app_context():
        return db.session.get_one(User, user_id).password_hash


def test_wrong_current_password_is_refused(app, client, factory, sign_in):
    lead = person(app, factory)
    sign_in(lead.email)
    before = stored_password_hash(app, lead.id)

    response = change_password(client, "not-my-password", "a-brand-new-passphrase")

    assert response.status_code == 200
    assert "Your current password is not correct" in page(response)
    assert stored_password_hash(app, lead.id) == before
    client.post("/sign-out")
    assert post_sign_in(client, lead.email, PASSWORD).status_code == 302


def test_new_password_must_be_long_enough_and_confirmed(app, client, factory, sign_in):
    lead = person(app, factory)
    sign_in(lead.email)
    before = stored_password_hash(app, lead.id)

    short = change_password(client, PASSWORD, "short")
    mismatch = change_password(client, PASSWORD, "a-brand-new-passphrase", "something-else-1")

    assert "Password must be between 12 and 200 characters" in page(short)
    assert "The passwords do not match" in page(mismatch)
    assert stored_password_hash(app, lead.id) == before


def test_a_common_password_is_refused_beside_its_field_with_the_typing_kept(
    app, client, factory, sign_in
):
    lead = person(app, factory)
    sign_in(lead.email)
    before = stored_password_hash(app, lead.id)

    response = change_password(client, PASSWORD, "Password123!")

    html = page(response)
    assert response.status_code == 200
    assert "govuk-error-summary" in html and 'href="#password"' in html
    assert "Password is too easy to guess" in html
    assert stored_password_hash(app, lead.id) == before


def test_changed_password_replaces_the_old_one_and_ends_other_sessions(
    app, client, factory, sign_in
):
    lead = person(app, factory)
    other_device = app.test_client()
    assert post_sign_in(other_device, lead.email, PASSWORD).status_code == 302
    assert other_device.get("/account").status_code == 200
    sign_in(lead.email)
    before = stored_password_hash(app, lead.id)

    response = change_password(client, PASSWORD, "a-brand-new-passphrase")

    assert response.status_code == 302
    assert response.headers["Location"] == "/account"
    assert stored_password_hash(app, lead.id) not in (before, None)
    with app.app_context():
        [event] = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "change_password")
        ).all()
        assert event.user_id == lead.id
    # This browser stays signed in and is told it worked.
    after = client.get("/account")
    assert after.status_code == 200
    assert "Your password has been changed" in page(after)
    # The other browser, signed in before the change, is signed out.
    elsewhere = other_device.get("/account")
    assert elsewhere.status_code == 302
    assert elsewhere.headers["Location"].startswith("/sign-in")
    # Only the new password works now.
    client.post("/sign-out")
    assert GENERIC_ERROR in page(post_sign_in(client, lead.email, PASSWORD))
    assert post_sign_in(client, lead.email, "a-brand-new-passphrase").status_code == 302


# --- roles -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.SCHOOL_STAFF, Role.SCHOOL_LEAD])
def test_school_people_cannot_open_city_or_admin_pages(app, client, factory, sign_in, role):
    member = person(app, factory, role)
    sign_in(member.email)

    for url in ("/admin/", "/schools"):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "You do not have permission to see this page" in page(response)


@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.ADVISORY])
def test_city_people_can_see_schools_but_not_admin(app, client, factory, sign_in, role):
    member = person(app, factory, role)
    sign_in(member.email)

    assert client.get("/schools").status_code == 200
    assert client.get("/admin/").status_code == 403


def test_admin_can_open_administration(app, client, factory, sign_in):
    admin = person(app, factory, Role.ADMIN)
    sign_in(admin.email)

    assert client.get("/admin/").status_code == 200
    assert client.get("/schools").status_code == 200


@pytest.mark.parametrize("url", ["/admin/", "/schools", "/account", "/assessment"])
def test_people_not_signed_in_are_sent_to_sign_in(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in")
