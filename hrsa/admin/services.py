"""What the administration pages need: counts, paged lists, invitations and account switches.

Plain typed functions like hrsa/services/*: they take a session and plain values, only flush(),
and know nothing of the request. Emails are sent by hrsa.admin.mailer, which needs the app.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from math import ceil
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from hrsa.models import Cycle, OutboxMessage, Role, School, User
from hrsa.services import ServiceError, accounts, audit

PER_PAGE = 50
T = TypeVar("T")

STATUS_ACTIVE = "Active"
STATUS_INVITED = "Invited"
STATUS_DISABLED = "Disabled"


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a long list, numbered from 1."""

    items: Sequence[T]
    number: int
    pages: int
    total: int


@dataclass(frozen=True)
class Counts:
    schools: int
    accounts: int
    cycles: int
    outbox: int


@dataclass(frozen=True)
class AccountSummary:
    """One row of the accounts table, ready to display."""

    id: int
    name: str
    email: str
    role_label: str
    school_name: str | None
    status: str


def overview_counts(session: Session) -> Counts:
    """How many schools, accounts, cycles and outbox messages there are, in one query."""

    def count(model: Any) -> Any:
        return select(func.count()).select_from(model).scalar_subquery()

    row = session.execute(
        select(count(School), count(User), count(Cycle), count(OutboxMessage))
    ).one()
    return Counts(schools=row[0], accounts=row[1], cycles=row[2], outbox=row[3])


def paginate(
    session: Session, query: Select[Any], page: int, per_page: int = PER_PAGE
) -> Page[Any]:
    """Run an ordered query for one page; a page number past the end shows the last page."""
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    pages = max(1, ceil(total / per_page))
    number = min(max(1, page), pages)
    items = session.scalars(query.limit(per_page).offset((number - 1) * per_page)).all()
    return Page(items=items, number=number, pages=pages, total=total)


def schools_page(session: Session, page: int) -> Page[School]:
    """Schools by name."""
    return paginate(session, select(School).order_by(School.name, School.id), page)


def account_status(user: User) -> str:
    """Disabled wins; otherwise a person is Invited until they have chosen a password."""
    if not user.is_enabled:
        return STATUS_DISABLED
    if user.password_hash is None:
        return STATUS_INVITED
    return STATUS_ACTIVE


def summarise(user: User) -> AccountSummary:
    return AccountSummary(
        id=user.id,
        name=user.name,
        email=user.email,
        role_label=user.role_enum.label,
        school_name=user.school.name if user.school else None,
        status=account_status(user),
    )


def accounts_page(session: Session, page: int) -> Page[AccountSummary]:
    """People by name, with their school loaded in the same round of queries."""
    query = select(User).options(selectinload(User.school)).order_by(User.name, User.id)
    result = paginate(session, query, page)
    return Page(
        items=[summarise(user) for user in result.items],
        number=result.number,
        pages=result.pages,
        total=result.total,
    )


def outbox_page(session: Session, page: int) -> Page[OutboxMessage]:
    """Messages, newest first."""
    query = select(OutboxMessage).order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
    return paginate(session, query, page)


def cycles_with_framework(session: Session) -> list[Cycle]:
    """Cycles, newest first, with the framework version each uses."""
    query = (
        select(Cycle)
        .options(joinedload(Cycle.framework_version))
        .order_by(Cycle.opens_on.desc(), Cycle.id.desc())
    )
    return list(session.scalars(query))


def school_choices(session: Session) -> list[tuple[int, str]]:
    """(id, name) of every school, by name, for a select box."""
    rows = session.execute(select(School.id, School.name).order_by(School.name, School.id))
    return [(row.id, row.name) for row in rows]


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
    user = accounts.create_user(
        session, email=email, name=name, role=role, school_id=school_id, password=None
    )
    token = accounts.issue_token(session, user, accounts.PURPOSE_INVITE, secret_key)
    audit.record(
        session,
        user_id=invited_by_id,
        action="invite",
        entity="user",
        entity_id=user.id,
        school_id=user.school_id,
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
    token = accounts.issue_token(session, user, accounts.PURPOSE_INVITE, secret_key)
    audit.record(
        session,
        user_id=by_user_id,
        action="reinvite",
        entity="user",
        entity_id=user.id,
        school_id=user.school_id,
    )
    return token


def issue_reset_link(session: Session, user: User, *, secret_key: str, by_user_id: int) -> str:
    """A password reset token for an enabled account (to be emailed)."""
    if not user.is_enabled:
        raise ServiceError("Enable this account before sending a password reset link")
    token = accounts.issue_token(session, user, accounts.PURPOSE_RESET, secret_key)
    audit.record(
        session,
        user_id=by_user_id,
        action="send_reset_link",
        entity="user",
        entity_id=user.id,
        school_id=user.school_id,
    )
    return token


def set_account_enabled(session: Session, user: User, enabled: bool, *, by_user_id: int) -> None:
    """Disable or enable an account; nobody can disable their own (they would be locked out)."""
    if not enabled and user.id == by_user_id:
        raise ServiceError(
            "You cannot disable your own account. Ask another administrator to do it."
        )
    if user.is_enabled == enabled:
        return
    audit.record(
        session,
        user_id=by_user_id,
        action="enable" if enabled else "disable",
        entity="user",
        entity_id=user.id,
        school_id=user.school_id,
        field="is_enabled",
        old=user.is_enabled,
        new=enabled,
    )
    user.is_enabled = enabled
    session.flush()
