"""The audit trail for administrators: filter by school, person, action and dates, a page at a
time, or every matching event for a CSV export. Two queries a page, whatever the filter."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, aliased

from hrsa.core.pagination import Page
from hrsa.core.vocabulary.audit import AuditAction
from hrsa.models import AuditEvent, School, User

PER_PAGE = 50


@dataclass(frozen=True)
class LogFilters:
    school_id: int | None = None
    person: str | None = None  # part of a name or email address
    action: str | None = None
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True)
class LogRow:
    at: datetime
    person: str
    person_email: str
    action: str
    action_label: str
    school: str
    entity: str
    entity_id: int | None
    standard_code: str | None
    field: str | None
    old_value: str | None
    new_value: str | None


def _label(action: str) -> str:
    try:
        return AuditAction(action).label
    except ValueError:
        return action.replace("_", " ").capitalize()


def _query(filters: LogFilters) -> Select[AuditEvent, str, str, str]:
    person = aliased(User)
    query = (
        select(AuditEvent, person.name, person.email, School.name)
        .outerjoin(person, person.id == AuditEvent.user_id)
        .outerjoin(School, School.id == AuditEvent.school_id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )
    if filters.school_id is not None:
        query = query.where(AuditEvent.school_id == filters.school_id)
    if filters.person:
        text = filters.person.strip().lower()
        query = query.where(
            person.email.contains(text, autoescape=True)
            | person.name.ilike(f"%{text.replace('%', '').replace('_', '')}%")
        )
    if filters.action:
        query = query.where(AuditEvent.action == filters.action)
    if filters.since:
        query = query.where(AuditEvent.at >= datetime.combine(filters.since, time.min, tzinfo=UTC))
    if filters.until:
        end = datetime.combine(filters.until + timedelta(days=1), time.min, tzinfo=UTC)
        query = query.where(AuditEvent.at < end)
    return query


def _row(event: AuditEvent, name: str | None, email: str | None, school: str | None) -> LogRow:
    return LogRow(
        at=event.at,
        person=name or "The service",
        person_email=email or "",
        action=event.action,
        action_label=_label(event.action),
        school=school or "",
        entity=event.entity,
        entity_id=event.entity_id,
        standard_code=event.standard_code,
        field=event.field,
        old_value=event.old_value,
        new_value=event.new_value,
    )


def page_of(session: Session, filters: LogFilters, number: int) -> Page[LogRow]:
    """One page of matching events, newest first."""
    query = _query(filters)
    total_query = select(func.count()).select_from(query.subquery())
    total = int(session.scalar(total_query) or 0)
    pages = max(1, -(-total // PER_PAGE))
    number = min(max(1, number), pages)
    rows = session.execute(query.limit(PER_PAGE).offset((number - 1) * PER_PAGE)).all()
    return Page(
        items=[_row(event, name, email, school) for event, name, email, school in rows],
        number=number,
        pages=pages,
        total=total,
    )


def every_row(session: Session, filters: LogFilters) -> Iterator[LogRow]:
    """Every matching event, newest first, streamed in batches (for the CSV export)."""
    rows = session.execute(_query(filters).execution_options(yield_per=1000))
    for event, name, email, school in rows:
        yield _row(event, name, email, school)


def actions() -> list[tuple[str, str]]:
    """Every action the trail records, with its label, for the filter."""
    return sorted(((action.value, action.label) for action in AuditAction), key=lambda a: a[1])
