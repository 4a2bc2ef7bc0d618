"""Assessment cycles: opened by admins, each using the framework version current at the time."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy.orm import Session

from hrsa.core.errors import ServiceError
from hrsa.core.formatting import format_date
from hrsa.core.vocabulary.audit import AuditAction
from hrsa.models import Cycle
from hrsa.models.base import utcnow
from hrsa.services import audit
from hrsa.services.cycles import framework_versions, lookup

# [0-9], not \d: other scripts' digits (a fullwidth ２) would look like a real year.
CYCLE_NAME = re.compile(r"^(?P<first>[0-9]{4})/(?P<second>[0-9]{2})$")


def cycle_name_problem(name: str) -> str | None:
    """Why a cycle name is not an academic year like "2026/27" (years 1900 to 2100 that follow
    on), or None."""
    match = CYCLE_NAME.match(name)
    if match is None:
        return "Cycle name must be an academic year like 2026/27"
    first = int(match["first"])
    if not 1900 <= first < 2100:
        return "Cycle name must be an academic year between 1900/01 and 2099/00"
    if int(match["second"]) != (first + 1) % 100:
        return f"Cycle name must be 2 years that follow on, like {first}/{(first + 1) % 100:02d}"
    return None


def _check(
    session: Session, name: str, opens_on: date, closes_on: date, cycle_id: int | None = None
) -> None:
    """A cycle's name is an academic year no other cycle has; it closes after it opens."""
    problem = cycle_name_problem(name)
    if problem is not None:
        raise ServiceError(problem, field="name")
    if closes_on <= opens_on:
        raise ServiceError("The closing date must be after the opening date", field="closes_on")
    other = lookup.cycle_named(session, name)
    if other is not None and other.id != cycle_id:
        raise ServiceError(f"There is already a cycle called {name}", field="name")


def open_cycle(
    session: Session, *, name: str, opens_on: date, closes_on: date, user_id: int | None = None
) -> Cycle:
    """Open a cycle such as "2026/27" against the latest imported framework version."""
    name = name.strip()
    _check(session, name, opens_on, closes_on)
    version = framework_versions.latest_version(session)
    if version is None:
        raise ServiceError("Import the framework first: run 'hrsa import-framework'")
    cycle = Cycle(
        name=name, opens_on=opens_on, closes_on=closes_on, framework_version_id=version.id
    )
    session.add(cycle)
    session.flush()
    audit.record(
        session,
        user_id=user_id,
        action=AuditAction.CREATE,
        entity="cycle",
        entity_id=cycle.id,
        detail=f"{name}, framework {version.version}",
    )
    return cycle


def update_cycle(
    session: Session,
    cycle: Cycle,
    *,
    name: str,
    opens_on: date,
    closes_on: date,
    user_id: int | None,
) -> None:
    """Change a cycle's name and dates under the rules it was opened with, auditing each
    change (old -> new). Its framework version never changes: assessments were made with it."""
    name = name.strip()
    _check(session, name, opens_on, closes_on, cycle.id)
    if cycle.is_closed and (opens_on, closes_on) != (cycle.opens_on, cycle.closes_on):
        raise ServiceError(
            f"The {cycle.name} cycle was closed on {format_date(cycle.closed_at)}: its dates can "
            "no longer change",
            field="closes_on",
        )
    changed = {
        field: (getattr(cycle, field), value)
        for field, value in (("name", name), ("opens_on", opens_on), ("closes_on", closes_on))
        if getattr(cycle, field) != value
    }
    for field, (_, value) in changed.items():
        setattr(cycle, field, value)
    audit.write(session, audit.changes("cycle", cycle.id, changed), user_id=user_id)
    session.flush()


def close_cycle(session: Session, cycle: Cycle, *, user_id: int | None) -> None:
    """Close a cycle for good: its assessments can no longer be changed, submitted or
    reopened, and it is never the current cycle again."""
    if cycle.is_closed:
        raise ServiceError(f"The {cycle.name} cycle is already closed")
    cycle.closed_at = utcnow()
    cycle.closed_by_id = user_id
    audit.record(
        session,
        user_id=user_id,
        action=AuditAction.CLOSE_CYCLE,
        entity="cycle",
        entity_id=cycle.id,
        detail=cycle.name,
    )
    session.flush()
