"""What the administration pages list: counts, schools, accounts, cycles and school choices.

The rules administrators apply to accounts live in hrsa.services.accounts.people; the outbox in
hrsa.services.notifications. Every long list is paged with hrsa.core.pagination.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from hrsa.core.pagination import Page, paginate
from hrsa.core.vocabulary.people import AccountStatus
from hrsa.models import Cycle, OutboxMessage, School, User


@dataclass(frozen=True)
class Counts:
    """How many of each thing the administration overview links to."""

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
    status: AccountStatus


def overview_counts(session: Session) -> Counts:
    """How many schools, accounts, cycles and outbox messages there are, in one query."""

    def count(model: Any) -> Any:
        return select(func.count()).select_from(model).scalar_subquery()

    row = session.execute(
        select(count(School), count(User), count(Cycle), count(OutboxMessage))
    ).one()
    return Counts(schools=row[0], accounts=row[1], cycles=row[2], outbox=row[3])


def account_status(user: User) -> AccountStatus:
    """Disabled wins; otherwise a person is Invited until they have chosen a password."""
    if not user.is_enabled:
        return AccountStatus.DISABLED
    if user.password_hash is None:
        return AccountStatus.INVITED
    return AccountStatus.ACTIVE


def summarise(user: User) -> AccountSummary:
    """A person's account as the accounts pages show it."""
    return AccountSummary(
        id=user.id,
        name=user.name,
        email=user.email,
        role_label=user.role_enum.label,
        school_name=user.school.name if user.school else None,
        status=account_status(user),
    )


def accounts_page(session: Session, page: int, search: str | None = None) -> Page[AccountSummary]:
    """People by name, with their school loaded in the same round of queries; with `search`,
    those whose name or email address contains it (any case; "%" and "_" are plain characters,
    as in the schools search)."""
    query = select(User).options(selectinload(User.school)).order_by(User.name, User.id)
    if search:
        query = query.where(
            or_(
                User.name.icontains(search, autoescape=True),
                User.email.icontains(search, autoescape=True),
            )
        )
    return paginate(session, query, page).map(summarise)
