"""What the administration pages list: counts, schools, accounts, cycles and school choices.

The rules administrators apply to accounts live in hrsa.services.accounts; the outbox in
hrsa.services.notifications. Every long list is paged with hrsa.services.pagination.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from hrsa.core.pagination import Page, paginate
from hrsa.core.vocabulary import AssessmentStatus
from hrsa.models import Assessment, Cycle, OutboxMessage, School, User
from hrsa.services import schools

STATUS_ACTIVE = "Active"
STATUS_INVITED = "Invited"
STATUS_DISABLED = "Disabled"


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
    status: str


def overview_counts(session: Session) -> Counts:
    """How many schools, accounts, cycles and outbox messages there are, in one query."""

    def count(model: Any) -> Any:
        return select(func.count()).select_from(model).scalar_subquery()

    row = session.execute(
        select(count(School), count(User), count(Cycle), count(OutboxMessage))
    ).one()
    return Counts(schools=row[0], accounts=row[1], cycles=row[2], outbox=row[3])


def schools_page(session: Session, page: int, search: str | None = None) -> Page[School]:
    """Schools by name; with `search`, those whose name or URN contains it (any case)."""
    query = select(School).order_by(School.name, School.id)
    if search:
        query = query.where(schools.matches_search(search))
    return paginate(session, query, page)


def account_status(user: User) -> str:
    """Disabled wins; otherwise a person is Invited until they have chosen a password."""
    if not user.is_enabled:
        return STATUS_DISABLED
    if user.password_hash is None:
        return STATUS_INVITED
    return STATUS_ACTIVE


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


def cycles_with_framework(session: Session) -> list[Cycle]:
    """Cycles, newest first, with the framework version each uses."""
    query = (
        select(Cycle)
        .options(joinedload(Cycle.framework_version))
        .order_by(Cycle.opens_on.desc(), Cycle.id.desc())
    )
    return list(session.scalars(query))


@dataclass(frozen=True)
class CycleCounts:
    """How many of a cycle's assessments are submitted and how many are still in progress."""

    submitted: int
    in_progress: int


def cycle_assessment_counts(session: Session, cycle: Cycle) -> CycleCounts:
    """The cycle's assessments by whether they were submitted, in one query."""
    submitted = Assessment.status == AssessmentStatus.SUBMITTED.value
    row = session.execute(
        select(
            func.count().filter(submitted),
            func.count().filter(~submitted),
        ).where(Assessment.cycle_id == cycle.id)
    ).one()
    return CycleCounts(submitted=row[0] or 0, in_progress=row[1] or 0)


def school_choices(session: Session) -> list[tuple[int, str]]:
    """(id, name) of every school, by name, for a select box."""
    rows = session.execute(select(School.id, School.name).order_by(School.name, School.id))
    return [(row.id, row.name) for row in rows]
