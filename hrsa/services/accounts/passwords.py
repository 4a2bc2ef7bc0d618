"""Passwords: the length rule, hashing with scrypt, setting one, and signing in with one."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session, object_session
from werkzeug.security import check_password_hash, generate_password_hash

from hrsa.core.errors import ServiceError
from hrsa.models import User
from hrsa.models.base import utcnow
from hrsa.services.accounts.identity import end_links, end_sessions, find_by_email

MIN_PASSWORD_LENGTH = 10


# scrypt is memory-hard; werkzeug's defaults (n=2**15, r=8, p=1) follow OWASP's guidance.
PASSWORD_METHOD = "scrypt"  # noqa: S105 - an algorithm name, not a password


_DUMMY_HASH = generate_password_hash("not-a-real-password", method=PASSWORD_METHOD)


def password_problem(password: str) -> str | None:
    """Why a new password is not acceptable, or None. Length is what matters (NCSC guidance)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Password must be {MIN_PASSWORD_LENGTH} characters or more"
    if len(password) > 200:
        return "Password must be 200 characters or fewer"
    return None


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=PASSWORD_METHOD)


def set_password(user: User, password: str) -> None:
    """Set a new password and end every session and outstanding link for this person."""
    problem = password_problem(password)
    if problem:
        raise ServiceError(problem)
    user.password_hash = hash_password(password)
    end_sessions(user)
    session = object_session(user)
    if session is not None and user.id is not None:
        end_links(session, user)


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The enabled user with this email and password, or None (same work either way)."""
    user = find_by_email(session, email)
    if user is None or user.password_hash is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not check_password_hash(user.password_hash, password) or not user.is_enabled:
        return None
    return user


def record_login(user: User, now: datetime | None = None) -> None:
    user.last_login_at = now or utcnow()
