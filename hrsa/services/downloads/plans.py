"""The export of every school's delivery plan for a cycle: one row per action, streamed, as CSV
or XLSX (the same writers and guards as the ratings export)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hrsa.core.vocabulary.assessment import ActionStatus
from hrsa.core.vocabulary.schools import PHASES
from hrsa.exports import Column, ExportFormat, chunks
from hrsa.models import Assessment, Cycle, PlanAction, Rating, School

ROWS_PER_FETCH = 2000
SHEET_TITLE = "Delivery plans"

PLAN_COLUMNS = (
    Column("Cycle", width=10),
    Column("School", width=40),
    Column("URN", width=9),
    Column("Phase", width=20),
    Column("Ward", width=26),
    Column("Standard", width=10),
    Column("RAG", width=14, rag=True),
    Column("Action", width=50),
    Column("Who", width=24),
    Column("Due", width=12),
    Column("Status", width=14),
    Column("Overdue", width=9),
)

_PHASE_LABELS = dict(PHASES)
_STATUS_LABELS = {status.value: status.label for status in ActionStatus}


def _plans_query(cycle_id: int) -> Any:  # eleven columns: past SQLAlchemy's typed arities
    return (
        select(
            Cycle.name,
            School.name,
            School.urn,
            School.phase,
            School.ward,
            Rating.standard_code,
            Rating.rag,
            PlanAction.what,
            PlanAction.who,
            PlanAction.due_on,
            PlanAction.status,
        )
        .join(Rating, PlanAction.rating_id == Rating.id)
        .join(Assessment, Rating.assessment_id == Assessment.id)
        .join(School, Assessment.school_id == School.id)
        .join(Cycle, Assessment.cycle_id == Cycle.id)
        .where(Assessment.cycle_id == cycle_id)
        .order_by(School.name, School.id, Rating.principle_number, Rating.id, PlanAction.due_on)
    )


def plan_rows(session: Session, cycle_id: int, today: date) -> Iterator[tuple[Any, ...]]:
    """Every action of every school's plan in the cycle, as export rows, streamed."""
    result = session.execute(
        _plans_query(cycle_id), execution_options={"yield_per": ROWS_PER_FETCH}
    )
    for cycle, school, urn, phase, ward, code, rag, what, who, due, status in result:
        overdue = due < today and status != ActionStatus.DONE.value
        yield (
            cycle, school, urn, _PHASE_LABELS.get(phase, phase), ward, code, rag, what, who,
            due, _STATUS_LABELS.get(status, status), "Yes" if overdue else "No",
        )  # fmt: skip


def count_actions(session: Session, cycle_id: int) -> int:
    query = (
        select(func.count(PlanAction.id))
        .join(Rating, PlanAction.rating_id == Rating.id)
        .join(Assessment, Rating.assessment_id == Assessment.id)
        .where(Assessment.cycle_id == cycle_id)
    )
    return session.scalar(query) or 0


def plans_chunks(
    session: Session, fmt: ExportFormat, cycle_id: int, today: date
) -> Iterator[bytes]:
    return chunks(fmt, PLAN_COLUMNS, plan_rows(session, cycle_id, today), sheet_title=SHEET_TITLE)
