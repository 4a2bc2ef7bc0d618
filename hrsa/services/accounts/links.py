"""Single-use invitation and reset links: issuing, checking and spending them."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy.orm import Session

from hrsa.core.errors import ServiceError
from hrsa.core.vocabulary.audit import AuditAction
from hrsa.models import AuthToken, User
from hrsa.models.base import utcnow
from hrsa.services import audit
from hrsa.services.accounts.identity import audit_account, end_links, find_by_email
from hrsa.services.accounts.passwords import set_password

TOKEN_LIFETIME = timedelta(hours=48)


PURPOSE_INVITE = "invite"


PURPOSE_RESET = "reset"


class TokenError(ServiceError):
    """An invitation or reset link that cannot be used; the message says why."""


def _serializer(secret_key: str, purpose: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret_key, salt=f"hrsa-{purpose}")


def issue_token(
    session: Session, user: User, purpose: str, secret_key: str, now: datetime | None = None
) -> str:
    """A signed link token for an invitation or reset, valid once for 48 hours; it replaces
    any earlier link for the same purpose."""
    now = now or utcnow()
    end_links(session, user, purpose, now)
    token = AuthToken(
        id=secrets.token_hex(16),
        user_id=user.id,
        purpose=purpose,
        created_at=now,
        expires_at=now + TOKEN_LIFETIME,
    )
    session.add(token)
    session.flush()
    return str(_serializer(secret_key, purpose).dumps({"jti": token.id}))


def check_token(
    session: Session, signed: str, purpose: str, secret_key: str, now: datetime | None = None
) -> AuthToken:
    """The token record if the link is genuine, unused and unexpired; else TokenError."""
    try:
        payload = _serializer(secret_key, purpose).loads(signed)
    except BadSignature:
        raise TokenError("This link is not valid. Check you copied the whole link.") from None
    token = (
        session.get(AuthToken, str(payload.get("jti", ""))) if isinstance(payload, dict) else None
    )
    if token is None or token.purpose != purpose:
        raise TokenError("This link is not valid. Check you copied the whole link.")
    if not token.user.is_enabled:
        raise TokenError("This account has been disabled. Contact an administrator.")
    if token.used_at is not None:
        raise TokenError(
            "This link has already been used or was replaced by a newer one. Ask an "
            "administrator for a new one."
        )
    if (now or utcnow()) >= token.expires_at:
        raise TokenError(
            "This link has expired. Links last 48 hours: ask an administrator for a new one."
        )
    return token


def use_token(
    session: Session,
    signed: str,
    purpose: str,
    secret_key: str,
    new_password: str,
    now: datetime | None = None,
) -> User:
    """Set the password through a link and mark the link used, so it never works again."""
    token = check_token(session, signed, purpose, secret_key, now)
    # Setting the password spends this link and every other one the person has.
    set_password(token.user, new_password)
    return token.user


def reissue_invitation(session: Session, user: User, *, secret_key: str, by_user_id: int) -> str:
    """A fresh invitation token for someone who has not yet chosen a password."""
    if not user.is_enabled:
        raise ServiceError("Enable this account before sending a new invitation")
    if user.password_hash is not None:
        raise ServiceError(
            f"{user.name} has already set up their account: send a password reset link instead"
        )
    token = issue_token(session, user, PURPOSE_INVITE, secret_key)
    audit_account(session, user, action="reinvite", by_user_id=by_user_id)
    return token


def issue_reset_link(session: Session, user: User, *, secret_key: str, by_user_id: int) -> str:
    """A password reset token for an enabled account (to be emailed)."""
    if not user.is_enabled:
        raise ServiceError("Enable this account before sending a password reset link")
    token = issue_token(session, user, PURPOSE_RESET, secret_key)
    audit_account(session, user, action="send_reset_link", by_user_id=by_user_id)
    return token


def request_reset(session: Session, email: str, *, secret_key: str) -> tuple[User, str] | None:
    """Someone asked for a reset link for `email` ("Forgot your password?"): the enabled account
    and a fresh reset token to email it, or None when there is no such enabled account.

    Whoever asked is not signed in, so the answer they see must not depend on the result; the
    request is audited either way (one event, no typed address kept when nobody matches)."""
    user = find_by_email(session, email)
    if user is None or not user.is_enabled:
        audit.record(
            session,
            user_id=None,
            action=AuditAction.REQUEST_RESET,
            entity="user",
            detail="no enabled account has the address given: nothing sent",
        )
        return None
    token = issue_token(session, user, PURPOSE_RESET, secret_key)
    audit_account(session, user, action=AuditAction.REQUEST_RESET, by_user_id=None)
    return user, token
