"""Sessions end on the server: a copied cookie is refused after sign-out, a new password (by
any route), disabling (also once re-enabled) and a role change; idle and absolute timeouts."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.models import Rating, User
from hrsa.services.accounts import links, people
from hrsa.web.auth import sessions
from tests.factories import PASSWORD, Factory
from tests.web.assessment.test_principle import form_for


@pytest.fixture(autouse=True)
def _push_request_context() -> Iterator[None]:
    """No request context outlives a request: each request sees only its own cookie."""
    yield


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def signed_in(app: Flask, email: str, password: str = PASSWORD) -> FlaskClient:
    browser = app.test_client()
    response = browser.post("/sign-in", data={"email": email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)
    return browser


def copy_of(app: Flask, browser: FlaskClient) -> FlaskClient:
    """Another browser holding a copy of this browser's session cookie."""
    cookie = browser.get_cookie("session")
    assert cookie is not None
    thief = app.test_client()
    thief.set_cookie("session", cookie.value)
    return thief


def can_use_account_page(browser: FlaskClient) -> bool:
    response = browser.get("/account")
    if response.status_code == 200:
        return True
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in")
    return False


def next_page(response) -> str:  # type: ignore[no-untyped-def]
    """Where the sign-in page will send the person back to."""
    location = urlsplit(response.headers["Location"])
    assert location.path == "/sign-in"
    return parse_qs(location.query)["next"][0]


def make_person(app: Flask, factory: Factory, role: Role = Role.SCHOOL_LEAD) -> tuple[int, str]:
    with app.app_context():
        user = factory.user(role)
        return user.id, user.email


def test_a_copied_cookie_is_refused_after_sign_out(app, factory):
    _, email = make_person(app, factory)
    browser = signed_in(app, email)
    thief = copy_of(app, browser)
    assert can_use_account_page(thief)

    browser.post("/sign-out")

    assert not can_use_account_page(thief)
    # Writing with it is refused too: the password change form does nothing.
    response = thief.post(
        "/account",
        data={"current_password": PASSWORD, "password": "new-password-99", "confirm": "x"},
    )
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in")


def test_signing_in_again_after_sign_out_works(app, factory):
    _, email = make_person(app, factory)
    browser = signed_in(app, email)
    browser.post("/sign-out")

    assert can_use_account_page(signed_in(app, email))


def test_a_copied_cookie_is_refused_after_the_person_changes_their_password(app, factory):
    _, email = make_person(app, factory)
    browser = signed_in(app, email)
    thief = copy_of(app, browser)

    response = browser.post(
        "/account",
        data={
            "current_password": PASSWORD,
            "password": "a-brand-new-password",
            "confirm": "a-brand-new-password",
        },
    )

    assert response.status_code == 302
    assert can_use_account_page(browser)
    assert not can_use_account_page(thief)


def test_a_copied_cookie_is_refused_after_a_reset_link_is_used(app, factory):
    user_id, email = make_person(app, factory)
    thief = copy_of(app, signed_in(app, email))
    with app.app_context():
        user = db.session.get_one(User, user_id)
        token = links.issue_token(db.session, user, links.PURPOSE_RESET, app.config["SECRET_KEY"])
        db.session.commit()

    app.test_client().post(
        f"/reset-password/{token}",
        data={"password": "a-brand-new-password", "confirm": "a-brand-new-password"},
    )

    assert not can_use_account_page(thief)


def test_a_copied_cookie_stays_refused_after_disabling_and_enabling(app, factory):
    user_id, email = make_person(app, factory)
    _, admin_email = make_person(app, factory, Role.ADMIN)
    thief = copy_of(app, signed_in(app, email))
    admin = signed_in(app, admin_email)

    assert admin.post(f"/admin/accounts/{user_id}/disable").status_code == 302
    assert not can_use_account_page(thief)
    assert admin.post(f"/admin/accounts/{user_id}/enable").status_code == 302

    assert not can_use_account_page(thief)
    assert can_use_account_page(signed_in(app, email))


def test_a_role_change_ends_the_persons_sessions(app, factory):
    user_id, email = make_person(app, factory, Role.COMMISSIONER)
    _, admin_email = make_person(app, factory, Role.ADMIN)
    browser = signed_in(app, email)
    with app.app_context():
        admin_id = db.session.scalar(select(User.id).where(User.email == admin_email))
        people.change_role(
            db.session, db.session.get_one(User, user_id), Role.ADVISORY, None, by_user_id=admin_id
        )
        db.session.commit()

    assert not can_use_account_page(browser)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The time the session checks see; move it on by adding to now[0]."""
    now = [time.time()]
    monkeypatch.setattr(sessions.time, "time", lambda: now[0])
    return now


def test_an_idle_session_ends_and_signing_in_returns_to_the_page(app, factory, clock):
    _, email = make_person(app, factory)
    browser = signed_in(app, email)
    clock[0] += 59 * 60
    assert can_use_account_page(browser)  # using it keeps it alive
    clock[0] += 59 * 60
    assert can_use_account_page(browser)
    clock[0] += 61 * 60

    response = browser.get("/account?tab=1")

    assert response.status_code == 302
    assert next_page(response) == "/account?tab=1"
    sign_in_page = browser.get(response.headers["Location"]).get_data(as_text=True)
    assert "You were signed out because you had not used the service for a while" in sign_in_page
    back = browser.post(response.headers["Location"], data={"email": email, "password": PASSWORD})
    assert back.headers["Location"] == "/account?tab=1"


def test_a_session_ends_after_the_absolute_lifetime_however_busy(app, factory, clock):
    _, email = make_person(app, factory)
    browser = signed_in(app, email)
    for _ in range(13):  # 11 hours 55 minutes of steady use
        clock[0] += 55 * 60
        assert can_use_account_page(browser)
    clock[0] += 10 * 60

    assert not can_use_account_page(browser)


def test_the_timeouts_are_settings(app, factory, clock, monkeypatch):
    monkeypatch.setitem(app.config, "HRSA_SESSION_IDLE_MINUTES", 5)
    _, email = make_person(app, factory)
    browser = signed_in(app, email)
    clock[0] += 6 * 60

    assert not can_use_account_page(browser)


def test_a_form_posted_after_a_timeout_asks_to_sign_in_and_comes_back_to_its_page(
    app, factory, clock, monkeypatch
):
    _, email = make_person(app, factory)
    browser = signed_in(app, email)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    clock[0] += 2 * 3600

    # Not the "form expired" page: the person signs in and gets the form's page back.
    response = browser.post("/account", data={"current_password": "x"})

    assert response.status_code == 302
    assert next_page(response) == "/account"


def hidden_fields(html: str) -> dict[str, str]:
    """The hidden inputs of a page's form, as the browser would send them."""
    fields = {}
    for tag in re.findall(r'<input[^>]*type="hidden"[^>]*>', html):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name:
            fields[unescape(name.group(1))] = unescape(value.group(1)) if value else ""
    return fields


def test_a_principle_page_sent_after_a_timeout_is_saved_after_signing_in_again(
    app, factory, clock, monkeypatch
):
    with app.app_context():
        lead = factory.user(Role.SCHOOL_LEAD)
        assessment = factory.assessment(lead.school, factory.cycle(), by=lead)
        assessment_id, email = assessment.id, lead.email
        form = form_for(assessment_id, 3, **{"rag-3.1": "amber", "action": "continue"})
    typed = "Hours of typing <b>& more</b>, with “quotes”"
    form["narrative-3.1"] = typed
    page = f"/assessments/{assessment_id}/principles/3"
    browser = signed_in(app, email)
    clock[0] += 2 * 3600
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)

    sign_in_page = browser.post(page, data={**form, "csrf_token": "stale"})

    html = sign_in_page.get_data(as_text=True)
    assert "what you sent has not been saved yet" in html
    carried = hidden_fields(html)
    assert carried["carried:narrative-3.1"] == typed
    with app.app_context():
        assert saved_narrative(assessment_id, "3.1") != typed

    carry_on = browser.post(
        f"/sign-in?next={page}", data={**carried, "email": email, "password": PASSWORD}
    )

    assert carry_on.status_code == 200
    resend = hidden_fields(carry_on.get_data(as_text=True))
    assert resend["narrative-3.1"] == typed
    saved = browser.post(page, data=resend)
    assert saved.status_code == 302
    with app.app_context():
        assert saved_narrative(assessment_id, "3.1") == typed


def test_a_wrong_password_keeps_carrying_what_was_sent(app, factory, clock):
    _, email = make_person(app, factory)
    browser = signed_in(app, email)
    clock[0] += 2 * 3600
    browser.post("/account", data={"current_password": "kept text"})

    again = browser.post(
        "/sign-in?next=/account",
        data={"carried:current_password": "kept text", "email": email, "password": "wrong-one-1"},
    )

    assert hidden_fields(again.get_data(as_text=True))["carried:current_password"] == "kept text"


def saved_narrative(assessment_id: int, code: str) -> str | None:
    db.session.expire_all()
    return db.session.scalar(
        select(Rating.narrative).where(
            Rating.assessment_id == assessment_id, Rating.standard_code == code
        )
    )
