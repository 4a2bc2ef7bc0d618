"""Finding cycles: by name, the current one, the one before another, every one, their state, and
the counts an administrator sees. Every "which cycle?" question is answered here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session, joinedload

from hrsa.core.errors import NotFound
from hrsa.core.vocabulary.assessment import AssessmentStatus, CycleState
from hrsa.models import Assessment, Cycle


def cycle_state(cycle: Cycle, today: date | None = None) -> CycleState:
    """Closed once an administrator closes it; otherwise by its dates. A cycle past its
    closing date stays open to changes until it is closed."""
    today = today or date.today()
    if cycle.is_closed:
        return CycleState.CLOSED
    if today < cycle.opens_on:
        return CycleState.NOT_OPEN_YET
    if today > cycle.closes_on:
        return CycleState.PAST_CLOSING_DATE
    return CycleState.OPEN


def all_cycles(session: Session) -> list[Cycle]:
    """Cycles, newest first."""
    return list(session.scalars(select(Cycle).order_by(Cycle.opens_on.desc(), Cycle.id.desc())))


def cycle_named(session: Session, name: str) -> Cycle | None:
    """The cycle called `name` ('2026/27', spaces around it ignored), or None."""
    return session.scalar(select(Cycle).where(Cycle.name == name.strip()))


def cycle_by_name(session: Session, name: str) -> Cycle:
    """The cycle called `name`; NotFound says so if there is none."""
    cycle = cycle_named(session, name)
    if cycle is None:
        raise NotFound(f"There is no cycle called {name.strip()!r}.")
    return cycle


def previous_of(cycles: list[Cycle], cycle: Cycle) -> Cycle | None:
    """The cycle before `cycle` in a newest-first list such as all_cycles() (the comparison the
    dashboard and the citywide report make)."""
    index = cycles.index(cycle)
    return cycles[index + 1] if index + 1 < len(cycles) else None


def current_cycle(session: Session, today: date | None = None) -> Cycle | None:
    """The cycle open today (between its dates and not closed by an administrator) that
    started most recently; failing that, the newest cycle, even a closed one."""
    today = today or date.today()
    open_now = session.scalar(
        select(Cycle)
        .where(Cycle.opens_on <= today, Cycle.closes_on >= today, Cycle.closed_at.is_(None))
        .order_by(Cycle.opens_on.desc())
        .limit(1)
    )
    if open_now is not None:
        return open_now
    return session.scalar(select(Cycle).order_by(Cycle.opens_on.desc()).limit(1))


def is_over(session: Session, cycle: Cycle, today: date | None = None) -> bool:
    """A cycle is over once a later one has opened: its assessments are then the school's
    history, shown read-only, and the later cycle is where the work happens."""
    today = today or date.today()
    return bool(
        session.scalar(
            select(exists().where(Cycle.opens_on > cycle.opens_on, Cycle.opens_on <= today))
        )
    )


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
