"""Invitation and reset links an administrator sends, followed the way the person would."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest
from sqlalchemy import select

from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.models import AuditEvent, AuthToken, OutboxMessage, User
from hrsa.models.base import utcnow
from hrsa.services.accounts import identity, links, people
from hrsa.web.auth.loader import load_user
from tests.conftest import TEST_SECRET

NEW_PASSWORD = "seagulls-over-the-hoe"
LINK = re.compile(r"http://localhost(/(?:invitation|reset-password)/\S+)")


def text(response) -> str:
    return unescape(response.get_data(as_text=True))


def link_path(message: OutboxMessage) -> str:
    """The path of the one link in an email, as the person would click it."""
    found = LINK.findall(message.body)
    assert len(found) == 1, message.body
    return found[0]


def latest_email(to: str) -> OutboxMessage:
    db.session.expire_all()
    return db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == to).order_by(OutboxMessage.id.desc())
    ).first()


def choose_password(client, path: str, password: str = NEW_PASSWORD):
    return client.post(path, data={"password": password, "confirm": password})


def can_sign_in(client, email: str, password: str) -> bool:
    """Whether `email` and `password` sign in, starting signed out (a password link signs in)."""
    client.post("/sign-out")
    response = client.post("/sign-in", data={"email": email, "password": password})
    if response.status_code == 302:
        client.post("/sign-out")
        return True
    assert "Enter a correct email address and password" in text(response)
    return False


@pytest.fixture
def admin(factory, sign_in) -> User:
    person = factory.user(Role.ADMIN, name="Alex Admin", email="alex@example.org")
    sign_in(person.email)
    return person


@pytest.fixture
def invited(client, factory, admin, sign_in) -> str:
    """Invite a school lead through the form, sign the admin out, and return the link's path."""
    school = factory.school(name="Mayflower Primary School")
    response = client.post(
        "/admin/accounts/invite",
        data={
            "name": "Nia Newton",
            "email": "nia@example.org",
            "role": "school_lead",
            "school": school.urn,
        },
    )
    assert response.status_code == 302, text(response)
    sign_in.out()
    return link_path(latest_email("nia@example.org"))


def test_inviting_a_person_stores_a_token_and_emails_a_link(client, factory, admin):
    school = factory.school(name="Mayflower Primary School")
    response = client.post(
        "/admin/accounts/invite",
        data={
            "name": "Nia Newton",
            "email": "nia@example.org",
            "role": "school_lead",
            "school": school.urn,
        },
    )
    assert response.status_code == 302
    person = identity.find_by_email(db.session, "nia@example.org")
    assert person.name == "Nia Newton" and person.school_id == school.id
    assert person.password_hash is None
    token = db.session.scalar(select(AuthToken).where(AuthToken.user_id == person.id))
    assert token.purpose == links.PURPOSE_INVITE and token.used_at is None
    message = latest_email("nia@example.org")
    assert message.subject == "Set up your account for the Healthy Relationships Self-Assessment"
    assert "Alex Admin has invited you" in message.body
    assert "school lead at Mayflower Primary School" in message.body
    assert link_path(message).startswith("/invitation/")
    assert message.delivered_by_smtp is False
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "invite"))
    assert (event.user_id, event.entity_id) == (admin.id, person.id)
    # The admin of a local install can copy the link from the outbox page.
    assert link_path(message) in text(client.get("/admin/outbox"))


def test_following_the_invitation_sets_a_password_and_signs_in(client, invited):
    page = text(client.get(invited))
    assert "Set up your account" in page
    assert "This is for Nia Newton (nia@example.org)" in page
    response = choose_password(client, invited)
    # Signed in straight away, landing where a school lead lands: no second sign-in.
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/assessment")
    page = text(client.get("/assessment", follow_redirects=True))
    assert "Your password has been set and you are signed in" in page
    assert "Signed in as Nia Newton, Mayflower Primary School" in page
    person = identity.find_by_email(db.session, "nia@example.org")
    assert person.last_login_at is not None
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.entity_id == person.id).order_by(AuditEvent.id)
    ).all()
    assert actions[-2:] == ["invite_accepted", "sign_in"]
    token = db.session.scalar(select(AuthToken))
    assert token.used_at is not None
    assert can_sign_in(client, "nia@example.org", NEW_PASSWORD)


def test_the_session_after_an_invitation_is_a_new_one(client, invited, app):
    """A session id planted in the browser before the link was followed is worth nothing."""
    with client.session_transaction() as planted:
        planted["planted"] = "by someone else"
    choose_password(client, invited)
    with client.session_transaction() as after:
        assert "planted" not in after
        person = identity.find_by_email(db.session, "nia@example.org")
        assert after["_user_id"] == person.get_id()


def test_a_person_signed_in_as_someone_else_becomes_the_invited_person(
    client, factory, invited, sign_in
):
    other = factory.user(Role.ADVISORY, name="Someone Else")
    sign_in(other.email)
    choose_password(client, invited)
    page = text(client.get("/assessment", follow_redirects=True))
    assert "Signed in as Nia Newton" in page and "Someone Else" not in page


def test_an_invitation_link_works_only_once(client, invited):
    choose_password(client, invited)
    response = client.get(invited)
    assert response.status_code == 200
    assert "This link has already been used" in text(response)
    response = choose_password(client, invited, "someone-elses-password")
    assert "This link has already been used" in text(response)
    assert not can_sign_in(client, "nia@example.org", "someone-elses-password")


def test_a_short_password_is_refused_and_the_link_still_works(client, invited):
    response = choose_password(client, invited, "short")
    assert response.status_code == 200
    assert "Password must be between 12 and 200 characters" in text(response)
    assert choose_password(client, invited).status_code == 302


def test_an_expired_invitation_link_says_so(client, factory):
    person = people.create_user(
        db.session, email="late@example.org", name="Lara Late", role=Role.COMMISSIONER
    )
    signed = links.issue_token(
        db.session, person, links.PURPOSE_INVITE, TEST_SECRET, now=utcnow() - timedelta(hours=49)
    )
    db.session.commit()
    response = client.get(f"/invitation/{signed}")
    assert response.status_code == 200
    page = text(response)
    assert "This link has expired" in page
    assert "Set up your account" not in page
    response = choose_password(client, f"/invitation/{signed}")
    assert "This link has expired" in text(response)
    assert fresh_user(person.id).password_hash is None


def test_a_tampered_link_is_not_valid(client, invited):
    token = invited.rsplit("/", 1)[1]
    payload, signature = token.split(".")
    # Change a character inside the signature: the last one can carry only padding bits.
    middle = len(signature) // 2
    changed = "A" if signature[middle] != "A" else "B"
    tampered = f"{payload}.{signature[:middle]}{changed}{signature[middle + 1 :]}"
    for path in [f"/invitation/{tampered}", f"/invitation/x{token}", "/invitation/not-a-token"]:
        response = client.get(path)
        assert response.status_code == 200
        assert "This link is not valid. Check you copied the whole link." in text(response)
    # An invitation token is no good as a reset link either.
    assert "This link is not valid" in text(client.get(f"/reset-password/{token}"))


def test_a_disabled_persons_invitation_cannot_be_used(client, factory, admin, sign_in):
    school = factory.school()
    client.post(
        "/admin/accounts/invite",
        data={
            "name": "Dan",
            "email": "dan@example.org",
            "role": "school_staff",
            "school": school.urn,
        },
    )
    person = identity.find_by_email(db.session, "dan@example.org")
    client.post(f"/admin/accounts/{person.id}/disable")
    db.session.expire_all()
    assert db.session.get_one(User, person.id).is_enabled is False
    sign_in.out()
    path = link_path(latest_email("dan@example.org"))
    assert "This account has been disabled" in text(client.get(path))
    db.session.expire_all()
    assert db.session.get_one(User, person.id).password_hash is None


def test_a_new_invitation_replaces_a_lost_one(client, factory, admin, sign_in):
    client.post(
        "/admin/accounts/invite",
        data={"name": "Rob Resend", "email": "rob@example.org", "role": "advisory"},
    )
    person = identity.find_by_email(db.session, "rob@example.org")
    first = link_path(latest_email("rob@example.org"))
    response = client.post(f"/admin/accounts/{person.id}/invitation")
    assert response.status_code == 302
    assert "A new invitation for rob@example.org is in the outbox" in text(
        client.get(response.headers["Location"])
    )
    second = link_path(latest_email("rob@example.org"))
    assert second != first
    sign_in.out()
    assert choose_password(client, second).status_code == 302
    # Setting the password through one link spends the other.
    assert "This link has already been used" in text(client.get(first))
    assert can_sign_in(client, "rob@example.org", NEW_PASSWORD)


def test_a_reset_link_from_an_admin_replaces_the_old_password(client, factory, admin, sign_in):
    person = factory.user(Role.SCHOOL_LEAD, name="Pat Forgetful", email="pat@example.org")
    old_session = person.get_id()

    response = client.post(f"/admin/accounts/{person.id}/reset-link")
    assert response.status_code == 302
    assert "A password reset link for pat@example.org is in the outbox" in text(
        client.get(response.headers["Location"])
    )
    message = latest_email("pat@example.org")
    assert message.subject == "Choose a new password for the Healthy Relationships Self-Assessment"
    path = link_path(message)
    assert path.startswith("/reset-password/")
    token = db.session.scalar(select(AuthToken).where(AuthToken.user_id == person.id))
    assert token.purpose == links.PURPOSE_RESET
    assert (
        db.session.scalar(select(AuditEvent).where(AuditEvent.action == "send_reset_link"))
        is not None
    )

    sign_in.out()
    # The old password keeps working until the link is used.
    assert can_sign_in(client, "pat@example.org", "correct-horse-battery")
    assert "Choose a new password" in text(client.get(path))
    response = choose_password(client, path)
    # Signed in on a new session, where a school lead lands.
    assert response.headers["Location"].endswith("/assessment")
    assert "Signed in as Pat Forgetful" in text(client.get("/assessment", follow_redirects=True))

    assert not can_sign_in(client, "pat@example.org", "correct-horse-battery")
    assert can_sign_in(client, "pat@example.org", NEW_PASSWORD)
    # Sessions signed in with the old password end too.
    assert load_user(old_session) is None
    assert "This link has already been used" in text(client.get(path))


def fresh_user(user_id: int) -> User:
    db.session.expire_all()
    return db.session.get(User, user_id)
