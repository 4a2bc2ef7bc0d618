"""A school's assessments from every cycle, for the lists that keep earlier years within reach
(the task list's "Earlier assessments", the school profile). One query, counted in SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from hrsa.models import Assessment, Cycle, Rating
from hrsa.vocabulary import AssessmentStatus, Rag


@dataclass(frozen=True)
class CycleAssessment:
    """One of a school's assessments, as a list shows it."""

    id: int
    cycle_name: str
    status: AssessmentStatus
    submitted_at: datetime | None
    counts: tuple[tuple[Rag, int], ...]
    unrated: int

    @property
    def summary(self) -> str:
        """The ratings in words, like "3 Green, 12 Amber, 6 Red"."""
        words = [f"{count} {rag.label}" for rag, count in self.counts]
        if self.unrated:
            words.append(f"{self.unrated} not rated")
        return ", ".join(words)


def for_school(
    session: Session, school_id: int, *, before: Cycle | None = None
) -> list[CycleAssessment]:
    """The school's assessments, newest cycle first; with `before`, only those of cycles that
    opened before it (the earlier ones)."""
    rating_counts = [
        func.coalesce(func.sum(case((Rating.rag == rag.value, 1), else_=0)), 0) for rag in Rag
    ]
    unrated = func.coalesce(func.sum(case((Rating.rag.is_(None), 1), else_=0)), 0)
    query = (
        select(
            Assessment.id,
            Cycle.name,
            Assessment.status,
            Assessment.submitted_at,
            unrated,
            *rating_counts,
        )
        .join(Cycle, Assessment.cycle_id == Cycle.id)
        .outerjoin(Rating, Rating.assessment_id == Assessment.id)
        .where(Assessment.school_id == school_id)
        .group_by(Assessment.id, Cycle.id, Cycle.name, Cycle.opens_on)
        .order_by(Cycle.opens_on.desc(), Cycle.id.desc())
    )
    if before is not None:
        query = query.where(Cycle.opens_on < before.opens_on)
    return [
        CycleAssessment(
            id=row[0],
            cycle_name=row[1],
            status=AssessmentStatus(row[2]),
            submitted_at=row[3],
            unrated=int(row[4]),
            counts=tuple(zip(Rag, (int(n) for n in row[5:]), strict=True)),
        )
        for row in session.execute(query)
    ]
