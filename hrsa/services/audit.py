"""Writing and reading the audit trail (who, when, old -> new)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from hrsa.models import AuditEvent


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return str(value)


def record(
    session: Session,
    *,
    user_id: int | None,
    action: str,
    entity: str,
    entity_id: int | None = None,
    school_id: int | None = None,
    assessment_id: int | None = None,
    standard_code: str | None = None,
    field: str | None = None,
    old: Any = None,
    new: Any = None,
    detail: str | None = None,
) -> AuditEvent:
    """Add one audit event to the session (the caller's transaction commits it)."""
    event = AuditEvent(
        user_id=user_id,
        action=action,
        entity=entity,
        entity_id=entity_id,
        school_id=school_id,
        assessment_id=assessment_id,
        standard_code=standard_code,
        field=field,
        old_value=_text(old),
        new_value=_text(new),
        detail=detail,
    )
    session.add(event)
    return event


def record_many(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert many audit events in one statement (for saves that touch many rows)."""
    if not rows:
        return
    from sqlalchemy import insert

    from hrsa.models.base import utcnow

    now = utcnow()
    session.execute(
        insert(AuditEvent),
        [
            {
                **row,
                "at": row.get("at", now),
                "old_value": _text(row.get("old_value")),
                "new_value": _text(row.get("new_value")),
            }
            for row in rows
        ],
    )


def change_rows(changes: dict[str, tuple[Any, Any]], **common: Any) -> list[dict[str, Any]]:
    """One 'update' event row per changed field, for record_many."""
    return [
        {**common, "action": "update", "field": field, "old_value": old, "new_value": new}
        for field, (old, new) in changes.items()
        if _text(old) != _text(new)
    ]


def record_changes(
    session: Session,
    *,
    user_id: int | None,
    entity: str,
    entity_id: int | None,
    changes: dict[str, tuple[Any, Any]],
    **where: Any,
) -> list[AuditEvent]:
    """Record one 'update' event per changed field; unchanged fields are skipped."""
    events = []
    for field, (old, new) in changes.items():
        if _text(old) != _text(new):
            events.append(
                record(
                    session,
                    user_id=user_id,
                    action="update",
                    entity=entity,
                    entity_id=entity_id,
                    field=field,
                    old=old,
                    new=new,
                    **where,
                )
            )
    return events


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
