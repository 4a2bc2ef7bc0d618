"""Accounts: creating and inviting people, passwords, single-use links, enabling and disabling.

The rules here are the same for the administration pages and the CLI; the emails they cause are
written here (given the link) and sent with hrsa.services.notifications.
"""

from __future__ import annotations

import secrets

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hrsa.core.errors import ServiceError
from hrsa.core.vocabulary.people import Role
from hrsa.models import School, User
from hrsa.services.accounts.identity import (
    audit_account,
    end_links,
    end_sessions,
    find_by_email,
    normalise_email,
)
from hrsa.services.accounts.links import PURPOSE_INVITE, issue_token
from hrsa.services.accounts.passwords import set_password

MAX_NAME = 200


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
    audit_account(
        session,
        user,
        action="invite",
        by_user_id=invited_by_id,
        detail=f"{user.email} as {user.role_enum.label}",
    )
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
    audit_account(
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
            audit_account(
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
        audit_account(
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
