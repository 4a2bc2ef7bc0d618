"""Writing and reading the audit trail (who, when, old -> new).

One way to write: gather `Event`s (`changes()` makes one 'update' event per changed field) and
`write()` them, however many, in one INSERT. `record()` is the same for a single event.
Unknown actions are refused: every action is an AuditAction, so every one has a label.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session, selectinload

from hrsa.core.vocabulary.audit import AuditAction
from hrsa.models import AuditEvent
from hrsa.models.base import utcnow


@dataclass(frozen=True)
class Event:
    """One audit event before it is written: what happened to which record, old -> new."""

    action: AuditAction | str
    entity: str
    entity_id: int | None = None
    school_id: int | None = None
    assessment_id: int | None = None
    standard_code: str | None = None
    field: str | None = None
    old: Any = None
    new: Any = None
    detail: str | None = None


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return str(value)


def changes(
    entity: str, entity_id: int | None, changed: dict[str, tuple[Any, Any]], **where: Any
) -> list[Event]:
    """One 'update' event per changed field (old, new); fields whose text is unchanged are
    skipped. `where` takes Event's school_id, assessment_id and standard_code."""
    return [
        Event(AuditAction.UPDATE, entity, entity_id, field=name, old=old, new=new, **where)
        for name, (old, new) in changed.items()
        if _text(old) != _text(new)
    ]


def write(
    session: Session,
    events: Iterable[Event],
    *,
    user_id: int | None,
    at: datetime | None = None,
) -> None:
    """Write the events, done by user_id at `at` (now by default), in one INSERT; the
    caller's transaction commits them. An action outside AuditAction is a ValueError."""
    when = at or utcnow()
    rows = [
        {
            "at": when,
            "user_id": user_id,
            "action": AuditAction(event.action).value,
            "entity": event.entity,
            "entity_id": event.entity_id,
            "school_id": event.school_id,
            "assessment_id": event.assessment_id,
            "standard_code": event.standard_code,
            "field": event.field,
            "old_value": _text(event.old),
            "new_value": _text(event.new),
            "detail": event.detail,
        }
        for event in events
    ]
    if rows:
        session.execute(insert(AuditEvent), rows)


def record(
    session: Session,
    *,
    user_id: int | None,
    action: AuditAction | str,
    entity: str,
    entity_id: int | None = None,
    school_id: int | None = None,
    assessment_id: int | None = None,
    standard_code: str | None = None,
    field: str | None = None,
    old: Any = None,
    new: Any = None,
    detail: str | None = None,
) -> None:
    """Write one event (the same as write() with one Event of these fields)."""
    event = Event(
        action, entity, entity_id, school_id, assessment_id, standard_code, field, old, new, detail
    )
    write(session, [event], user_id=user_id)


def history(
    session: Session,
    *,
    assessment_id: int,
    standard_code: str | None = None,
    limit: int = 200,
) -> Sequence[AuditEvent]:
    """The newest events for an assessment, or for one standard of it."""
    query = (
        select(AuditEvent)
        .where(AuditEvent.assessment_id == assessment_id)
        .options(selectinload(AuditEvent.user))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(limit)
    )
    if standard_code is not None:
        query = query.where(AuditEvent.standard_code == standard_code)
    return session.scalars(query).all()
