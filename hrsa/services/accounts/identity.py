"""Who an account belongs to, and ending what it holds: finding a person by email, spending
their links and sessions, and recording what was done to their account.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from hrsa.models import AuthToken, User
from hrsa.models.base import utcnow
from hrsa.services import audit


def normalise_email(email: str) -> str:
    """Emails are compared without surrounding spaces and case."""
    return email.strip().lower()


def find_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def audit_account(
    session: Session, user: User, *, action: str, by_user_id: int | None, **values: Any
) -> None:
    """Record what was done to `user`'s account (values: field, old, new, detail)."""
    event = audit.Event(action, "user", user.id, user.school_id, **values)
    audit.write(session, [event], user_id=by_user_id)


def end_links(
    session: Session, user: User, purpose: str | None = None, now: datetime | None = None
) -> None:
    """Spend this person's outstanding invitation and reset links (or those for one purpose)."""
    statement = update(AuthToken).where(AuthToken.user_id == user.id, AuthToken.used_at.is_(None))
    if purpose is not None:
        statement = statement.where(AuthToken.purpose == purpose)
    session.execute(statement.values(used_at=now or utcnow()))


def end_sessions(user: User) -> None:
    """End every session of this person for good: a copied cookie is refused from now on."""
    user.session_token = secrets.token_hex(16)
