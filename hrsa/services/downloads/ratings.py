"""The export of every stored rating: one streamed query, written as CSV or XLSX.

Commissioners, the advisory group and admins take these rows into their own reports; the
benchmark times `write_ratings` over a million rows. The query streams (`yield_per`, a
server-side cursor on PostgreSQL), the rows are generated one at a time, and the writers in
hrsa.exports never hold the file, so memory stays flat whatever the size of the city.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from hrsa.core.vocabulary.assessment import AssessmentStatus
from hrsa.core.vocabulary.moderation import ModerationOutcome
from hrsa.core.vocabulary.ratings import Rag
from hrsa.core.vocabulary.schools import PHASES
from hrsa.exports import Column, ExportFormat, Styled, chunks, write
from hrsa.models import Assessment, Cycle, EvidenceItem, PlanAction, Rating, School
from hrsa.models.moderation import Moderation

ROWS_PER_FETCH = 2000
SHEET_TITLE = "Ratings"

RATING_COLUMNS = (
    Column("Cycle", width=10),
    Column("School", width=40),
    Column("URN", width=9),
    Column("Phase", width=20),
    Column("Ward", width=26),
    Column("Assessment status", width=18),
    Column("Principle", width=10),
    Column("Standard", width=10),
    Column("RAG", width=14, rag=True),
    Column("Evidence items", width=10),
    Column("Last updated", width=17),
    Column("Moderation", width=13),
    Column("Moderated RAG", width=14),
)


@dataclass(frozen=True)
class CycleChoice:
    """A cycle offered for export, with how many ratings it holds."""

    id: int
    name: str
    ratings: int
    actions: int = 0  # delivery-plan actions, for the plans export


def _ratings_query(cycle_id: int | None) -> Select[Any]:
    live_evidence = (
        select(func.count(EvidenceItem.id))
        .where(EvidenceItem.rating_id == Rating.id, EvidenceItem.deleted_at.is_(None))
        .correlate(Rating)
        .scalar_subquery()
    )
    query = (
        select(
            Cycle.name,
            School.name,
            School.urn,
            School.phase,
            School.ward,
            Assessment.status,
            Rating.principle_number,
            Rating.standard_code,
            Rating.rag,
            live_evidence,
            Rating.updated_at,
            Moderation.outcome,
            Moderation.moderated_rag,
        )
        .join(Assessment, Rating.assessment_id == Assessment.id)
        .join(School, Assessment.school_id == School.id)
        .join(Cycle, Assessment.cycle_id == Cycle.id)
        .outerjoin(Moderation, Moderation.rating_id == Rating.id)
        .order_by(
            Cycle.opens_on, Cycle.id, School.name, School.id, Rating.principle_number, Rating.id
        )
    )
    if cycle_id is not None:
        query = query.where(Assessment.cycle_id == cycle_id)
    return query


# Labels looked up once, not built per row: the export runs over a million rows.
_PHASE_LABELS = dict(PHASES)
_STATUS_LABELS = {status.value: status.label for status in AssessmentStatus}
_OUTCOME_LABELS = {outcome.value: outcome.label for outcome in ModerationOutcome}
_MODERATED = {rag.value: Styled(rag.label, rag.look) for rag in Rag}


def rating_rows(session: Session, cycle_id: int | None = None) -> Iterator[tuple[Any, ...]]:
    """Every stored rating of the cycle (None: of every cycle) as an export row, streamed."""
    result = session.execute(
        _ratings_query(cycle_id), execution_options={"yield_per": ROWS_PER_FETCH}
    )
    for row in result:
        (cycle, school, urn, phase, ward, status, principle, code, rag, evidence, updated,
         outcome, moderated) = row  # fmt: skip
        yield (
            cycle,
            school,
            urn,
            _PHASE_LABELS.get(phase, phase),
            ward,
            _STATUS_LABELS.get(status, status),
            principle,
            code,
            rag,
            evidence,
            updated,
            _OUTCOME_LABELS.get(outcome, outcome),
            _MODERATED.get(moderated) if moderated else None,
        )


def count_ratings(session: Session, cycle_id: int | None = None) -> int:
    """How many rows the export of the cycle (None: of every cycle) holds."""
    query = select(func.count(Rating.id)).join(Assessment, Rating.assessment_id == Assessment.id)
    if cycle_id is not None:
        query = query.where(Assessment.cycle_id == cycle_id)
    return session.scalar(query) or 0


def write_ratings(
    session: Session,
    stream: IO[bytes],
    fmt: ExportFormat = ExportFormat.CSV,
    cycle_id: int | None = None,
) -> None:
    """Write the ratings export of the cycle (None: every cycle) to a binary stream (a file;
    XLSX needs it seekable). The benchmark times this."""
    write_rating_rows(stream, fmt, rating_rows(session, cycle_id))


def write_rating_rows(stream: IO[bytes], fmt: ExportFormat, rows: Iterable[Sequence[Any]]) -> None:
    """Write rows from `rating_rows` (perhaps counted on their way by a progress bar)."""
    write(stream, fmt, RATING_COLUMNS, rows, sheet_title=SHEET_TITLE)


def ratings_chunks(session: Session, fmt: ExportFormat, cycle_id: int | None) -> Iterator[bytes]:
    """The ratings export as chunks of bytes, for a streamed download."""
    return chunks(fmt, RATING_COLUMNS, rating_rows(session, cycle_id), sheet_title=SHEET_TITLE)


def cycle_choices(session: Session) -> list[CycleChoice]:
    """Every cycle, newest first, with its numbers of stored ratings and plan actions (two
    queries)."""
    query = (
        select(Cycle.id, Cycle.name, func.count(Rating.id))
        .outerjoin(Assessment, Assessment.cycle_id == Cycle.id)
        .outerjoin(Rating, Rating.assessment_id == Assessment.id)
        .group_by(Cycle.id, Cycle.name, Cycle.opens_on)
        .order_by(Cycle.opens_on.desc(), Cycle.id.desc())
    )
    actions: dict[int, int] = {
        cycle_id: count
        for cycle_id, count in session.execute(
            select(Assessment.cycle_id, func.count(PlanAction.id))
            .join(Rating, Rating.assessment_id == Assessment.id)
            .join(PlanAction, PlanAction.rating_id == Rating.id)
            .group_by(Assessment.cycle_id)
        )
    }
    return [
        CycleChoice(id_, name, count, actions.get(id_, 0))
        for id_, name, count in session.execute(query)
    ]
