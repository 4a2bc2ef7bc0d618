"""Flask-Login's user loader: the session holds "id:session_token", so a password change ends
every other session."""

from __future__ import annotations

from hrsa.extensions import db
from hrsa.models import User


def load_user(user_id: str) -> User | None:
    raw_id, _, token = user_id.partition(":")
    if not raw_id.isdecimal() or len(raw_id) > 9 or not token:
        return None
    user = db.session.get(User, int(raw_id))
    if user is None or user.session_token != token or not user.is_enabled:
        return None
    return user
