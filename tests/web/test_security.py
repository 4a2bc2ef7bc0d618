"""Rate limits on signing in, CSRF protection and the security headers on every page."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from hrsa.core.service import SERVICE_NAME
from hrsa.core.vocabulary.people import Role
from hrsa.services.accounts import passwords
from hrsa.web.forms import EXPIRED_FORM_MESSAGE
from tests.factories import PASSWORD, Factory

GENERIC_ERROR = "Enter a correct email address and password"


@pytest.fixture(autouse=True)
def _push_request_context() -> Iterator[None]:
    """Replaces pytest-flask's fixture of the same name, which keeps one request context (and
    so one `g`, where Flask-Login caches the signed-in person) open through every request."""
    yield


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A browser whose requests leave no context behind (pytest-flask's keeps the last one)."""
    return app.test_client()


@pytest.fixture(autouse=True)
def _quick_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Still scrypt, at a cost that lets these tests sign in many times a second."""
    monkeypatch.setattr(passwords, "PASSWORD_METHOD", "scrypt:1024:8:1")


def email_of(app: Flask, factory: Factory, role: Role = Role.SCHOOL_LEAD) -> str:
    with app.app_context():
        return factory.user(role).email


def text(response) -> str:  # type: ignore[no-untyped-def]
    return str(response.get_data(as_text=True))


def hidden_csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'type="hidden" name="csrf_token" value="([^"]+)"', html
    )
    assert match, "the page has no csrf_token hidden input"
    return match.group(1)


def assert_designed_error_page(response, status: int, heading: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == status
    html = text(response)
    assert heading in html
    assert SERVICE_NAME in html
    assert "govuk-header" in html and "govuk-footer" in html
    assert "Traceback" not in html


# --- rate limiting ---------------------------------------------------------------------------


@pytest.fixture
def three_per_minute(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    """The limiter reads the limit on every request; monkeypatch puts the old one back."""
    monkeypatch.setitem(app.config, "HRSA_LOGIN_ACCOUNT_LIMIT", "3 per minute")
    monkeypatch.setitem(app.config, "HRSA_LOGIN_ADDRESS_LIMIT", "3 per minute")


def test_fourth_sign_in_attempt_in_a_minute_is_refused(
    app, client, factory, three_per_minute, recorded_sign_ins
):
    email = email_of(app, factory)

    for _ in range(3):
        response = client.post("/sign-in", data={"email": email, "password": "wrong-password-1"})
        assert response.status_code == 200
        assert GENERIC_ERROR in text(response)
    refused = client.post("/sign-in", data={"email": email, "password": PASSWORD})

    assert_designed_error_page(refused, 429, "Too many attempts")
    assert "Signed in as" not in text(refused)
    assert client.get("/account").status_code == 302
    assert recorded_sign_ins(email) == (0, None)


def test_guessing_across_many_accounts_from_one_address_is_limited(
    app, client, factory, three_per_minute
):
    for n in range(3):
        client.post("/sign-in", data={"email": f"guess{n}@example.org", "password": "guess-12345"})

    response = client.post("/sign-in", data={"email": "guess9@example.org", "password": "x"})

    assert response.status_code == 429


def test_guessing_one_account_from_many_addresses_is_limited(
    app, client, factory, three_per_minute, recorded_sign_ins
):
    email = email_of(app, factory)

    for n in range(3):
        client.post(
            "/sign-in",
            data={"email": email, "password": "wrong-password-1"},
            environ_base={"REMOTE_ADDR": f"192.0.2.{n + 1}"},
        )
    # The same account, typed differently, from yet another address.
    response = client.post(
        "/sign-in",
        data={"email": f"  {email.upper()} ", "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "198.51.100.7"},
    )

    assert_designed_error_page(response, 429, "Too many attempts")
    assert recorded_sign_ins(email) == (0, None)


def test_other_people_can_still_sign_in_while_one_is_limited(
    app, client, factory, three_per_minute, recorded_sign_ins
):
    email = email_of(app, factory)
    someone_else = email_of(app, factory)
    for _ in range(4):
        client.post("/sign-in", data={"email": email, "password": "wrong-password-1"})

    response = app.test_client().post(
        "/sign-in",
        data={"email": someone_else, "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "203.0.113.5"},
    )

    assert response.status_code == 302
    assert recorded_sign_ins(someone_else)[0] == 1
    assert recorded_sign_ins(email) == (0, None)


def test_viewing_the_sign_in_page_is_not_limited(client, three_per_minute):
    for _ in range(5):
        assert client.get("/sign-in").status_code == 200


# --- CSRF ------------------------------------------------------------------------------------


@pytest.fixture
def csrf_on(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)


def test_sign_in_without_a_token_keeps_the_email_and_says_the_form_expired(
    app, client, factory, csrf_on, recorded_sign_ins
):
    email = email_of(app, factory)

    response = client.post("/sign-in", data={"email": email, "password": PASSWORD})

    assert response.status_code == 200
    html = text(response)
    assert EXPIRED_FORM_MESSAGE in html
    assert f'value="{email}"' in html
    assert PASSWORD not in html
    assert client.get("/account").status_code == 302
    assert recorded_sign_ins(email) == (0, None)


def test_sign_in_with_the_page_token_works(app, client, factory, csrf_on, recorded_sign_ins):
    email = email_of(app, factory)
    token = hidden_csrf_token(text(client.get("/sign-in")))

    response = client.post(
        "/sign-in", data={"email": email, "password": PASSWORD, "csrf_token": token}
    )

    assert response.status_code == 302
    assert client.get("/account").status_code == 200
    assert recorded_sign_ins(email)[0] == 1


def test_a_token_from_another_browser_is_refused(app, client, factory, csrf_on, recorded_sign_ins):
    email = email_of(app, factory)
    token = hidden_csrf_token(text(app.test_client().get("/sign-in")))

    response = client.post(
        "/sign-in", data={"email": email, "password": PASSWORD, "csrf_token": token}
    )

    assert response.status_code == 200
    assert EXPIRED_FORM_MESSAGE in text(response)
    assert recorded_sign_ins(email) == (0, None)


def test_sign_out_without_a_token_gets_the_designed_400_page(app, client, factory, csrf_on):
    email = email_of(app, factory)
    token = hidden_csrf_token(text(client.get("/sign-in")))
    client.post("/sign-in", data={"email": email, "password": PASSWORD, "csrf_token": token})

    response = client.post("/sign-out")

    assert_designed_error_page(response, 400, "There is a problem with your request")
    assert "This form had expired or was sent from somewhere else" in text(response)
    assert client.get("/account").status_code == 200  # still signed in


def test_sign_out_with_the_page_token_works(app, client, factory, csrf_on):
    email = email_of(app, factory)
    token = hidden_csrf_token(text(client.get("/sign-in")))
    client.post("/sign-in", data={"email": email, "password": PASSWORD, "csrf_token": token})
    account_page = text(client.get("/account"))

    response = client.post("/sign-out", data={"csrf_token": hidden_csrf_token(account_page)})

    assert response.status_code == 302
    assert client.get("/account").status_code == 302


# --- security headers ------------------------------------------------------------------------


def test_pages_carry_a_nonce_csp_and_the_only_inline_script_uses_it(client):
    response = client.get("/sign-in")

    csp = response.headers["Content-Security-Policy"]
    match = re.search(r"script-src 'self' 'nonce-([A-Za-z0-9_\-]+)'", csp)
    assert match, csp
    nonce = match.group(1)
    assert "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    scripts = re.findall(r"<script\b([^>]*)>", text(response))
    inline = [attrs for attrs in scripts if "src=" not in attrs]
    assert len(inline) == 1, scripts
    assert f'nonce="{nonce}"' in inline[0]
    assert not re.search(r"\son[a-z]+\s*=", text(response)), "inline event handler"


def test_every_response_gets_a_new_nonce(client):
    first = client.get("/sign-in").headers["Content-Security-Policy"]
    second = client.get("/sign-in").headers["Content-Security-Policy"]

    assert first != second


def test_pages_forbid_sniffing_and_framing(client):
    for response in (client.get("/sign-in"), client.get("/no-such-page")):
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert "Content-Security-Policy" in response.headers


def test_signed_in_pages_are_not_cached(app, client, factory, sign_in):
    sign_in(email_of(app, factory))

    for url in ("/account", "/assessment"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "no-store", url


def test_session_cookie_is_http_only_and_same_site(app, client, factory):
    email = email_of(app, factory)

    response = client.post("/sign-in", data={"email": email, "password": PASSWORD})

    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
