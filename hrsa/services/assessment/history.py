"""A school's assessments from every cycle, for the lists that keep earlier years within reach
(the task list's "Earlier assessments", the school profile). One query: the counts are each
assessment's whole-assessment row of the rating summary (hrsa.services.assessment.rating_counts)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from hrsa.core.vocabulary.assessment import AssessmentStatus
from hrsa.core.vocabulary.ratings import Rag
from hrsa.models import Assessment, Cycle, RatingCount
from hrsa.services.assessment.rating_counts import WHOLE_ASSESSMENT


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
    counts = [func.coalesce(getattr(RatingCount, rag.value), 0) for rag in Rag]
    query = (
        select(
            Assessment.id,
            Cycle.name,
            Assessment.status,
            Assessment.submitted_at,
            func.coalesce(RatingCount.unrated, 0),
            *counts,
        )
        .join(Cycle, Assessment.cycle_id == Cycle.id)
        .outerjoin(
            RatingCount,
            and_(
                RatingCount.assessment_id == Assessment.id,
                RatingCount.principle_number == WHOLE_ASSESSMENT,
            ),
        )
        .where(Assessment.school_id == school_id)
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
