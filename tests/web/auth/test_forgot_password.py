""" "Forgot your password?" from the sign-in page: the same answer whether or not the account
exists (or is disabled), the link through the outbox, rate limited, audited."""

from __future__ import annotations

import re
import time
from html import unescape

import pytest
from sqlalchemy import select

from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.models import AuditEvent, AuthToken, OutboxMessage
from hrsa.services.accounts import identity, people

NEW_PASSWORD = "seagulls-over-the-hoe"
LINK = re.compile(r"http://localhost(/reset-password/\S+)")


def text(response) -> str:
    return unescape(response.get_data(as_text=True))


@pytest.fixture(autouse=True)
def _quick_answers(app, monkeypatch):
    """The answer's least time (1 second) is tested on its own below."""
    monkeypatch.setitem(app.config, "HRSA_RESET_ANSWER_SECONDS", 0.0)


def ask_for_link(client, email: str):
    return client.post("/forgot-password", data={"email": email})


def answer(client, email: str) -> str:
    """The page a person sees after asking, with the address they typed taken out."""
    response = ask_for_link(client, email)
    assert response.status_code == 302, text(response)
    assert response.headers["Location"].endswith("/forgot-password/sent")
    page = text(client.get("/forgot-password/sent"))
    main = page[page.index("<main") : page.index("</main>")]
    return main.replace(identity.normalise_email(email), "ADDRESS")


def outbox() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def reset_requests() -> list[AuditEvent]:
    db.session.expire_all()
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == "request_reset")))


def test_the_sign_in_page_offers_it(client):
    page = text(client.get("/sign-in"))
    assert '<a class="govuk-link" href="/forgot-password">Forgot your password?</a>' in page
    form = text(client.get("/forgot-password"))
    assert "<title>Reset your password – " in form
    assert 'autocomplete="email"' in form


def test_a_known_address_gets_a_link_that_sets_a_password_and_signs_in(client, factory):
    person = factory.user(Role.SCHOOL_LEAD, name="Pat Forgetful", email="pat@example.org")

    page = answer(client, " Pat@Example.org ")

    assert "Check your email" in page
    assert "If ADDRESS is the address of an account for this service" in page
    (message,) = outbox()
    assert message.recipient == "pat@example.org"
    assert message.subject == "Choose a new password for the Healthy Relationships Self-Assessment"
    assert "Dear Pat Forgetful" in message.body
    assert "If you did not ask for a new password, you can ignore this email" in message.body
    assert message.delivered_by_smtp is False
    (path,) = LINK.findall(message.body)
    (event,) = reset_requests()
    assert (event.entity, event.entity_id, event.user_id) == ("user", person.id, None)

    response = client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.headers["Location"].endswith("/assessment")
    assert "Signed in as Pat Forgetful" in text(client.get("/assessment", follow_redirects=True))
    client.post("/sign-out")
    response = client.post("/sign-in", data={"email": "pat@example.org", "password": NEW_PASSWORD})
    assert response.status_code == 302


def test_an_unknown_address_gets_the_same_answer_and_no_email(client, factory):
    factory.user(Role.SCHOOL_LEAD, email="pat@example.org")
    known = answer(client, "pat@example.org")
    unknown = answer(client, "nobody@example.org")

    assert unknown == known
    assert [m.recipient for m in outbox()] == ["pat@example.org"]
    events = reset_requests()
    assert len(events) == 2
    assert events[1].entity_id is None
    # The address someone typed is not kept when it matches nobody.
    assert "nobody" not in (events[1].detail or "")


def test_a_disabled_account_gets_the_same_answer_and_no_email(client, factory):
    factory.user(Role.SCHOOL_LEAD, email="pat@example.org")
    gone = factory.user(Role.SCHOOL_STAFF, email="gone@example.org")
    people.set_account_enabled(db.session, gone, False, by_user_id=None)
    db.session.commit()

    assert answer(client, "gone@example.org") == answer(client, "pat@example.org")
    assert [m.recipient for m in outbox()] == ["pat@example.org"]
    assert db.session.scalar(select(AuthToken).where(AuthToken.user_id == gone.id)) is None


def test_a_new_link_replaces_the_last_one(client, factory):
    factory.user(Role.SCHOOL_LEAD, email="pat@example.org")
    answer(client, "pat@example.org")
    answer(client, "pat@example.org")
    first, second = (LINK.findall(m.body)[0] for m in outbox())

    assert "already been used or was replaced" in text(client.get(first))
    assert "Choose a new password" in text(client.get(second))


def test_an_address_in_the_wrong_format_is_an_error(client):
    response = ask_for_link(client, "pat at example")
    assert response.status_code == 200
    page = text(response)
    assert "There is a problem" in page
    assert "Enter an email address in the correct format, like name@example.org" in page
    assert outbox() == [] and reset_requests() == []


def test_the_sent_page_without_asking_goes_back_to_the_form(client):
    response = client.get("/forgot-password/sent")
    assert response.headers["Location"].endswith("/forgot-password")


def test_one_address_is_limited_whether_or_not_it_has_an_account(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "HRSA_RESET_ACCOUNT_LIMIT", "2 per hour")
    for _ in range(2):
        assert ask_for_link(client, "nobody@example.org").status_code == 302
    response = ask_for_link(client, "NOBODY@example.org")
    assert response.status_code == 429
    assert "Too many attempts" in text(response)
    assert int(response.headers["Retry-After"]) > 0
    # Another address is not held up by it.
    assert ask_for_link(client, "someone@example.org").status_code == 302


def test_one_network_address_is_limited_across_emails(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "HRSA_RESET_ADDRESS_LIMIT", "3 per hour")
    for n in range(3):
        assert ask_for_link(client, f"person{n}@example.org").status_code == 302
    assert ask_for_link(client, "person9@example.org").status_code == 429


def test_the_answer_takes_as_long_either_way(client, app, factory, monkeypatch):
    monkeypatch.setitem(app.config, "HRSA_RESET_ANSWER_SECONDS", 0.3)
    factory.user(Role.SCHOOL_LEAD, email="pat@example.org")

    def seconds(email: str) -> float:
        started = time.monotonic()
        assert ask_for_link(client, email).status_code == 302
        return time.monotonic() - started

    known, unknown = seconds("pat@example.org"), seconds("nobody@example.org")
    assert known >= 0.3 and unknown >= 0.3
    assert abs(known - unknown) < 0.15
