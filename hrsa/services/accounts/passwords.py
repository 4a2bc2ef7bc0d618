"""Passwords: the rules, hashing with scrypt, setting one, and signing in with one. Every hash
takes one of the machine's few hashing slots (hashing_gate), so sign-ins cannot starve other
requests.

The rules follow OWASP ASVS 4.0 level 2 (V2.1): at least 12 characters, at most 200, and not a
common or easily guessed password. "Easily guessed" is zxcvbn's judgement (Dropbox's estimator,
with its dictionaries of common passwords, names and words), told the person's own name and email
address so that neither passes as a password.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.orm import Session, object_session
from werkzeug.security import check_password_hash, generate_password_hash
from zxcvbn import zxcvbn

from hrsa.core.errors import ServiceError
from hrsa.models import User
from hrsa.models.base import utcnow
from hrsa.services.accounts import hashing_gate
from hrsa.services.accounts.identity import end_links, end_sessions, find_by_email

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 200
# zxcvbn's score: 3 is "safely unguessable: moderate protection from offline slow-hash scenario".
MIN_STRENGTH = 3
# zxcvbn's cost grows with length; past this many characters it judges the start only.
JUDGED_LENGTH = 64


# scrypt is memory-hard; werkzeug's defaults (n=2**15, r=8, p=1) follow OWASP's guidance.
PASSWORD_METHOD = "scrypt"  # noqa: S105 - an algorithm name, not a password


_DUMMY_HASH = generate_password_hash("not-a-real-password", method=PASSWORD_METHOD)


def personal_words(name: str, email: str) -> list[str]:
    """What a person's password must not be built from: their name, their email and its parts."""
    local = email.split("@", 1)[0]
    parts = re.split(r"[^\w]+", f"{name} {local}")
    return [word for word in [name, email, local, *parts] if len(word) >= 3]


def password_problem(password: str, personal: Sequence[str] = ()) -> str | None:
    """Why a new password is not acceptable, or None (GOV.UK error wording)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Password must be {MIN_PASSWORD_LENGTH} characters or more"
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"Password must be {MAX_PASSWORD_LENGTH} characters or fewer"
    lowered = password.casefold()
    if any(len(word) >= 4 and word.casefold() in lowered for word in personal):
        return "Password must not contain your name or email address"
    judged = zxcvbn(password[:JUDGED_LENGTH], user_inputs=list(personal))
    if judged["score"] < MIN_STRENGTH:
        return (
            "Password is too easy to guess: use a few unrelated words, not a common password "
            "or a word with numbers and symbols added"
        )
    return None


def hash_password(password: str) -> str:
    with hashing_gate.slot():
        return generate_password_hash(password, method=PASSWORD_METHOD)


def _matches(stored_hash: str, password: str) -> bool:
    """Whether the password matches, hashed in one of the machine's few slots."""
    with hashing_gate.slot():
        return check_password_hash(stored_hash, password)


def set_password(user: User, password: str) -> None:
    """Set a new password and end every session and outstanding link for this person."""
    problem = password_problem(password, personal_words(user.name or "", user.email or ""))
    if problem:
        raise ServiceError(problem, field="password")
    user.password_hash = hash_password(password)
    end_sessions(user)
    session = object_session(user)
    if session is not None and user.id is not None:
        end_links(session, user)


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The enabled user with this email and password, or None (same work either way)."""
    user = find_by_email(session, email)
    if user is None or user.password_hash is None:
        _matches(_DUMMY_HASH, password)
        return None
    if not _matches(user.password_hash, password) or not user.is_enabled:
        return None
    return user


def record_login(user: User, now: datetime | None = None) -> None:
    user.last_login_at = now or utcnow()
