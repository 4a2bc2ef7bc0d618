"""Accounts: creating and inviting people, passwords, single-use links, enabling and disabling.

The rules here are the same for the administration pages and the CLI; the emails they cause are
written here (given the link) and sent with hrsa.services.notifications.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, object_session
from werkzeug.security import check_password_hash, generate_password_hash

from hrsa.core.errors import ServiceError
from hrsa.core.vocabulary import AuditAction
from hrsa.models import AuthToken, Role, School, User
from hrsa.models.base import utcnow
from hrsa.services import audit

MIN_PASSWORD_LENGTH = 10
MAX_NAME = 200
TOKEN_LIFETIME = timedelta(hours=48)
PURPOSE_INVITE = "invite"
PURPOSE_RESET = "reset"
# scrypt is memory-hard; werkzeug's defaults (n=2**15, r=8, p=1) follow OWASP's guidance.
PASSWORD_METHOD = "scrypt"  # noqa: S105 - an algorithm name, not a password
_DUMMY_HASH = generate_password_hash("not-a-real-password", method=PASSWORD_METHOD)


class TokenError(ServiceError):
    """An invitation or reset link that cannot be used; the message says why."""


def normalise_email(email: str) -> str:
    """Emails are compared without surrounding spaces and case."""
    return email.strip().lower()


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


def end_sessions(user: User) -> None:
    """End every session of this person for good: a copied cookie is refused from now on."""
    user.session_token = secrets.token_hex(16)


def end_links(
    session: Session, user: User, purpose: str | None = None, now: datetime | None = None
) -> None:
    """Spend this person's outstanding invitation and reset links (or those for one purpose)."""
    statement = update(AuthToken).where(AuthToken.user_id == user.id, AuthToken.used_at.is_(None))
    if purpose is not None:
        statement = statement.where(AuthToken.purpose == purpose)
    session.execute(statement.values(used_at=now or utcnow()))


def find_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def _school_for(session: Session, role: Role, school_id: int | None) -> int | None:
    """School roles need an existing school; city roles have none."""
    if not role.is_school_role:
        return None
    if school_id is None or session.get(School, school_id) is None:
        raise ServiceError("Choose the school this person works at", field="school")
    return school_id


def create_user(
    session: Session,
    *,
    email: str,
    name: str,
    role: Role | str,
    school_id: int | None = None,
    password: str | None = None,
) -> User:
    """Add a person; school roles need a school, city roles must not have one."""
    role = Role(role)
    email = normalise_email(email)
    if find_by_email(session, email) is not None:
        raise ServiceError(f"There is already an account for {email}")
    school_id = _school_for(session, role, school_id)
    user = User(
        email=email,
        name=name.strip(),
        role=role.value,
        school_id=school_id,
        session_token=secrets.token_hex(16),
        is_enabled=True,
    )
    if password is not None:
        set_password(user, password)
    session.add(user)
    session.flush()
    return user


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


# --- what administrators do to accounts -----------------------------------------------------


def invite_person(
    session: Session,
    *,
    email: str,
    name: str,
    role: Role | str,
    school_id: int | None,
    secret_key: str,
    invited_by_id: int,
) -> tuple[User, str]:
    """Add a person without a password and issue their invitation token (to be emailed)."""
    user = create_user(
        session, email=email, name=name, role=role, school_id=school_id, password=None
    )
    token = issue_token(session, user, PURPOSE_INVITE, secret_key)
    _audit_user(
        session,
        user,
        action="invite",
        by_user_id=invited_by_id,
        detail=f"{user.email} as {user.role_enum.label}",
    )
    return user, token


def reissue_invitation(session: Session, user: User, *, secret_key: str, by_user_id: int) -> str:
    """A fresh invitation token for someone who has not yet chosen a password."""
    if not user.is_enabled:
        raise ServiceError("Enable this account before sending a new invitation")
    if user.password_hash is not None:
        raise ServiceError(
            f"{user.name} has already set up their account: send a password reset link instead"
        )
    token = issue_token(session, user, PURPOSE_INVITE, secret_key)
    _audit_user(session, user, action="reinvite", by_user_id=by_user_id)
    return token


def issue_reset_link(session: Session, user: User, *, secret_key: str, by_user_id: int) -> str:
    """A password reset token for an enabled account (to be emailed)."""
    if not user.is_enabled:
        raise ServiceError("Enable this account before sending a password reset link")
    token = issue_token(session, user, PURPOSE_RESET, secret_key)
    _audit_user(session, user, action="send_reset_link", by_user_id=by_user_id)
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
    _audit_user(session, user, action=AuditAction.REQUEST_RESET, by_user_id=None)
    return user, token


def set_account_enabled(
    session: Session, user: User, enabled: bool, *, by_user_id: int | None
) -> None:
    """Disable or enable an account; nobody can disable their own (they would be locked out).

    `by_user_id` is None when done from the command line (the audit shows no person)."""
    if not enabled and user.id == by_user_id:
        raise ServiceError(
            "You cannot disable your own account. Ask another administrator to do it."
        )
    if user.is_enabled == enabled:
        return
    _audit_user(
        session,
        user,
        action="enable" if enabled else "disable",
        by_user_id=by_user_id,
        field="is_enabled",
        old=user.is_enabled,
        new=enabled,
    )
    user.is_enabled = enabled
    if not enabled:
        # Re-enabling must not bring back a session or a link from before.
        end_sessions(user)
        end_links(session, user)
    session.flush()


def is_active_admin(user: User) -> bool:
    """An administrator who can sign in: enabled, with a password chosen."""
    return user.role == Role.ADMIN.value and user.is_enabled and user.password_hash is not None


def other_active_admins(session: Session, user: User) -> int:
    """How many active administrators there are besides this person."""
    return (
        session.scalar(
            select(func.count())
            .select_from(User)
            .where(
                User.role == Role.ADMIN.value,
                User.is_enabled.is_(True),
                User.password_hash.is_not(None),
                User.id != user.id,
            )
        )
        or 0
    )


def change_role(
    session: Session, user: User, role: Role | str, school_id: int | None, *, by_user_id: int
) -> None:
    """Give a person another role (and school); their sessions end so the change holds now.

    The last active administrator keeps the admin role: without one nobody could run the
    service (invite people, open cycles) from the administration pages."""
    role = Role(role)
    school_id = _school_for(session, role, school_id)
    if user.role == role.value and user.school_id == school_id:
        return
    if role is not Role.ADMIN and is_active_admin(user) and not other_active_admins(session, user):
        raise ServiceError(
            f"{user.name} is the only active administrator, so their role cannot change. "
            "Invite another administrator first.",
            field="role",
        )
    new_school = session.get(School, school_id) if school_id is not None else None
    changed = {
        "role": (user.role, role.value),
        "school": (user.school.name if user.school else None, new_school and new_school.name),
    }
    for field, (old, new) in changed.items():
        if old != new:
            action = "change_role" if field == "role" else "update"
            _audit_user(
                session, user, action=action, by_user_id=by_user_id, field=field, old=old, new=new
            )
    user.role = role.value
    user.school_id = school_id
    end_sessions(user)
    session.flush()


def edit_account(
    session: Session,
    user: User,
    *,
    name: str,
    role: Role | str,
    school_id: int | None,
    by_user_id: int,
) -> None:
    """Change a person's name, role and school, auditing each change. A new role or school
    ends their sessions (change_role); a new name alone does not."""
    name = name.strip()
    if not name:
        raise ServiceError("Enter the person's full name", field="name")
    if len(name) > MAX_NAME:
        raise ServiceError(f"Full name must be {MAX_NAME} characters or fewer", field="name")
    change_role(session, user, role, school_id, by_user_id=by_user_id)
    if name != user.name:
        _audit_user(
            session,
            user,
            action="update",
            by_user_id=by_user_id,
            field="name",
            old=user.name,
            new=name,
        )
        user.name = name
        session.flush()


# --- the emails those cause -----------------------------------------------------------------

LINK_HOURS = int(TOKEN_LIFETIME.total_seconds() // 3600)


@dataclass(frozen=True)
class Email:
    """A message to one person, ready for notifications.send."""

    to: str
    subject: str
    body: str


def _where(user: User) -> str:
    return f" at {user.school.name}" if user.school is not None else ""


def invitation_email(user: User, link: str, *, invited_by: str) -> Email:
    """The email that lets a new person choose a password through `link`."""
    from hrsa import SERVICE_NAME

    body = (
        f"Dear {user.name},\n\n"
        f"{invited_by} has invited you to use the {SERVICE_NAME} service as "
        f"{user.role_enum.label.lower()}{_where(user)}.\n\n"
        "To set up your account, open this link and choose a password:\n\n"
        f"{link}\n\n"
        f"The link works once and lasts {LINK_HOURS} hours. If it has expired, ask an "
        "administrator to send you a new one.\n\n"
        "If you were not expecting this email, you can ignore it."
    )
    return Email(user.email, f"Set up your account for the {SERVICE_NAME}", body)


def reset_email(user: User, link: str) -> Email:
    """The email that lets a person choose a new password through `link`."""
    from hrsa import SERVICE_NAME

    body = (
        f"Dear {user.name},\n\n"
        f"An administrator has sent you a link to choose a new password for the {SERVICE_NAME}:"
        f"\n\n{link}\n\n"
        f"The link works once and lasts {LINK_HOURS} hours. Your current password keeps working "
        "until you use it.\n\n"
        "If you did not ask for a new password, tell your administrator."
    )
    return Email(user.email, f"Choose a new password for the {SERVICE_NAME}", body)


def self_reset_email(user: User, link: str, *, contact: str) -> Email:
    """The email answering "Forgot your password?": a link to choose a new one."""
    from hrsa import SERVICE_NAME

    body = (
        f"Dear {user.name},\n\n"
        f"Someone asked to reset the password for your {SERVICE_NAME} account. If it was you, "
        "open this link and choose a new password:\n\n"
        f"{link}\n\n"
        f"The link works once and lasts {LINK_HOURS} hours. Your current password keeps working "
        "until you use it.\n\n"
        "If you did not ask for a new password, you can ignore this email: nothing has changed. "
        f"If you keep getting these emails, tell {contact}."
    )
    return Email(user.email, f"Choose a new password for the {SERVICE_NAME}", body)


def _audit_user(
    session: Session, user: User, *, action: str, by_user_id: int | None, **values: Any
) -> None:
    """Record what was done to `user`'s account (values: field, old, new, detail)."""
    event = audit.Event(action, "user", user.id, user.school_id, **values)
    audit.write(session, [event], user_id=by_user_id)
