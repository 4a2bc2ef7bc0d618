"""Links that die when they should, HTTP semantics (405, 429 with Retry-After, too many parts),
email links from HRSA_BASE_URL, and sign-in limits that fit a school sharing one address."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.models import OutboxMessage, User
from hrsa.services.accounts import links
from tests.factories import PASSWORD, Factory

NEW_PASSWORD = "seagulls-over-the-hoe"
DEAD = "This link has already been used or was replaced by a newer one"


@pytest.fixture(autouse=True)
def _push_request_context() -> Iterator[None]:
    yield


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def text(response) -> str:  # type: ignore[no-untyped-def]
    return unescape(response.get_data(as_text=True))


def signed_in(app: Flask, email: str, password: str = PASSWORD) -> FlaskClient:
    browser = app.test_client()
    response = browser.post("/sign-in", data={"email": email, "password": password})
    assert response.status_code == 302, text(response)
    return browser


def link(app: Flask, user_id: int, purpose: str = links.PURPOSE_RESET) -> str:
    with app.app_context():
        user = db.session.get_one(User, user_id)
        token = links.issue_token(db.session, user, purpose, app.config["SECRET_KEY"])
        db.session.commit()
    return f"/reset-password/{token}" if purpose == links.PURPOSE_RESET else f"/invitation/{token}"


def choose(client: FlaskClient, path: str, password: str = NEW_PASSWORD):  # type: ignore[no-untyped-def]
    return client.post(path, data={"password": password, "confirm": password})


def person(app: Flask, factory: Factory, role: Role = Role.SCHOOL_LEAD) -> tuple[int, str]:
    with app.app_context():
        user = factory.user(role)
        return user.id, user.email


# --- item 2: links ----------------------------------------------------------------------------


def test_a_reset_link_dies_when_the_person_changes_their_own_password(app, client, factory):
    user_id, email = person(app, factory)
    path = link(app, user_id)
    browser = signed_in(app, email)

    browser.post(
        "/account",
        data={
            "current_password": PASSWORD,
            "password": "my-own-new-pass",
            "confirm": "my-own-new-pass",
        },
    )

    assert DEAD in text(client.get(path))
    assert DEAD in text(choose(client, path))
    assert signed_in(app, email, "my-own-new-pass")


def test_a_newer_link_replaces_the_older_one(app, client, factory):
    user_id, _ = person(app, factory)
    first = link(app, user_id)
    second = link(app, user_id)

    assert DEAD in text(choose(client, first))
    assert choose(client, second).status_code == 302


def test_a_reset_link_stays_dead_after_disabling_and_enabling(app, client, factory):
    user_id, email = person(app, factory)
    _, admin_email = person(app, factory, Role.ADMIN)
    path = link(app, user_id)
    admin = signed_in(app, admin_email)

    admin.post(f"/admin/accounts/{user_id}/disable")
    assert "This account has been disabled" in text(client.get(path))
    admin.post(f"/admin/accounts/{user_id}/enable")

    assert DEAD in text(choose(client, path))
    assert signed_in(app, email, PASSWORD)


def test_an_invitation_dies_when_an_admin_sends_a_reset_link(app, client, factory):
    user_id, _ = person(app, factory)
    invitation = link(app, user_id, links.PURPOSE_INVITE)
    reset = link(app, user_id)

    assert choose(client, reset).status_code == 302
    assert DEAD in text(client.get(invitation))


# --- item 5: HTTP semantics -------------------------------------------------------------------


@pytest.fixture
def csrf_on(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_methods_get_405_not_form_expired(app, factory, method):
    _, email = person(app, factory)
    browser = signed_in(app, email)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        responses = {
            path: browser.open(path, method=method)
            for path in ["/sign-in", "/account", "/sign-out"]
        }
    finally:
        app.config["WTF_CSRF_ENABLED"] = False

    for path, response in responses.items():
        assert response.status_code == 405, path
        assert "expired" not in text(response)
        assert "Allow" in response.headers


def test_too_many_attempts_says_when_to_try_again(app, client, factory, monkeypatch):
    monkeypatch.setitem(app.config, "HRSA_LOGIN_ACCOUNT_LIMIT", "2 per minute")
    _, email = person(app, factory)
    for _ in range(2):
        client.post("/sign-in", data={"email": email, "password": "wrong-password-1"})

    refused = client.post("/sign-in", data={"email": email, "password": PASSWORD})

    assert refused.status_code == 429
    seconds = int(refused.headers["Retry-After"])
    assert 1 <= seconds <= 61
    assert re.search(r"Wait (1 minute|\d+ seconds?), then try again", text(refused))


def test_a_request_with_too_many_parts_says_so(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_FORM_PARTS", 5)
    fields = {f"field{n}": "x" for n in range(20)}

    response = client.post("/sign-in", data=fields, content_type="multipart/form-data")

    assert response.status_code == 413
    assert "The form sent too many parts" in text(response)
    assert "too large" not in text(response)


# --- item 6: links in emails ------------------------------------------------------------------


def test_email_links_use_the_base_url_not_the_host_header(app, factory, monkeypatch):
    monkeypatch.setitem(app.config, "HRSA_BASE_URL", "https://hrsa.example.gov.uk")
    monkeypatch.setitem(app.config, "SERVER_NAME", None)  # as in production: any Host reaches it
    user_id, _ = person(app, factory)
    _, admin_email = person(app, factory, Role.ADMIN)
    admin = signed_in(app, admin_email)

    cookie = admin.get_cookie("session")
    assert cookie is not None

    admin.set_cookie("session", cookie.value, domain="evil.example")
    response = admin.post(f"/admin/accounts/{user_id}/reset-link", headers={"Host": "evil.example"})

    assert response.status_code == 302
    assert response.headers["Location"] == f"/admin/accounts/{user_id}"
    with app.app_context():
        body = (
            db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first().body
        )
    assert "https://hrsa.example.gov.uk/reset-password/" in body
    assert "evil.example" not in body


# --- item 7: sign-in limits -------------------------------------------------------------------


def test_a_whole_school_behind_one_address_can_sign_in(app, factory, monkeypatch):
    monkeypatch.setitem(app.config, "HRSA_LOGIN_ACCOUNT_LIMIT", "5 per minute;20 per hour")
    monkeypatch.setitem(app.config, "HRSA_LOGIN_ADDRESS_LIMIT", "200 per hour")
    with app.app_context():
        school = factory.school()
        emails = [factory.user(Role.SCHOOL_STAFF, school=school).email for _ in range(25)]

    for email in emails:
        browser = app.test_client()
        browser.post("/sign-in", data={"email": email, "password": "a-typo-password"})
        assert (
            browser.post("/sign-in", data={"email": email, "password": PASSWORD}).status_code == 302
        )


def test_one_account_gets_five_tries_a_minute(app, client, factory, monkeypatch):
    monkeypatch.setitem(app.config, "HRSA_LOGIN_ACCOUNT_LIMIT", "5 per minute;20 per hour")
    monkeypatch.setitem(app.config, "HRSA_LOGIN_ADDRESS_LIMIT", "200 per hour")
    _, email = person(app, factory)
    for _ in range(5):
        assert (
            client.post("/sign-in", data={"email": email, "password": "guess-123456"}).status_code
            == 200
        )

    assert client.post("/sign-in", data={"email": email, "password": PASSWORD}).status_code == 429
