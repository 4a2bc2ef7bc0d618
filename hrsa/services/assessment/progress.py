"""Where a school is on each principle: the task list's statuses and the counts behind them."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from hrsa.core.vocabulary.assessment import ChangeDirection, PrincipleProgress
from hrsa.core.vocabulary.ratings import Rag
from hrsa.models import Assessment, Rating
from hrsa.services.assessment import requested_changes
from hrsa.services.assessment.starting import framework_for, previous_assessment


@dataclass(frozen=True)
class PrincipleTask:
    """One principle on the task list: its progress and how many standards have each rating."""

    number: int
    title: str
    status: PrincipleProgress
    red: int
    amber: int
    green: int
    unrated: int

    @property
    def counts(self) -> tuple[int, ...]:
        """How many standards have each rating, in Rag order (weakest first)."""
        return (self.red, self.amber, self.green)


@dataclass(frozen=True)
class StandardChange:
    code: str
    previous: str | None
    current: str | None

    @property
    def direction(self) -> ChangeDirection | None:
        """Improved, the same or declined against the previous cycle (None if either unrated)."""
        if self.previous is None or self.current is None:
            return None
        delta = Rag(self.current).score - Rag(self.previous).score
        if delta > 0:
            return ChangeDirection.IMPROVED
        return ChangeDirection.DECLINED if delta < 0 else ChangeDirection.SAME


@dataclass(frozen=True)
class TaskList:
    principles: list[PrincipleTask]
    rated: int
    total: int
    changes: dict[str, StandardChange] = field(default_factory=dict)
    previous_cycle: str | None = None

    @property
    def complete(self) -> bool:
        return self.rated == self.total


def principle_status(
    rated: int, total: int, touched: bool, unconfirmed: int = 0, changes_requested: bool = False
) -> PrincipleProgress:
    """Changes requested while the assessment is reopened naming one of the principle's
    standards and the principle has not been saved since (services/requested_changes); Check
    carried-forward answers while any standard carried forward from last cycle is not yet
    confirmed (its principle saved); then Completed when every standard is rated, and In
    progress once anything is rated or written."""
    if changes_requested:
        return PrincipleProgress.CHANGES_REQUESTED
    if unconfirmed:
        return PrincipleProgress.CHECK_CARRIED_FORWARD
    if total and rated == total:
        return PrincipleProgress.COMPLETED
    return PrincipleProgress.IN_PROGRESS if rated or touched else PrincipleProgress.NOT_STARTED


COUNT_KEYS = (*Rag.values(), "unrated", "touched", "unconfirmed", "unconfirmed_rated")


def rag_counts(session: Session, assessment_id: int) -> dict[int, dict[str, int]]:
    """Per principle: how many standards have each rating, are unrated and touched (one query).
    Keys are the Rag values, "unrated", "touched", "unconfirmed" (carried forward from last
    cycle and not yet confirmed) and "unconfirmed_rated" (those of them with a rating)."""
    conditions = [
        *(Rating.rag == rag.value for rag in Rag),
        Rating.rag.is_(None),
        Rating.updated_at.is_not(None),
        Rating.carried_forward.is_(True),
        and_(Rating.carried_forward.is_(True), Rating.rag.is_not(None)),
    ]
    rows = session.execute(
        select(
            Rating.principle_number,
            *(func.sum(case((condition, 1), else_=0)) for condition in conditions),
        )
        .where(Rating.assessment_id == assessment_id)
        .group_by(Rating.principle_number)
    ).all()
    return {
        int(number): dict(zip(COUNT_KEYS, (int(n) for n in sums), strict=True))
        for number, *sums in rows
    }


def task_list(session: Session, assessment: Assessment) -> TaskList:
    """The 8 principles with status and RAG counts, progress, and change since last cycle."""
    framework = framework_for(assessment)
    counts = rag_counts(session, assessment.id)
    waiting = requested_changes.principles_waiting(session, assessment)
    principles = []
    rated = 0
    for principle in framework.principles:
        c = counts.get(principle.number, dict.fromkeys(COUNT_KEYS, 0))
        total = len(principle.standards)
        # A carried-forward rating counts once its principle has been saved (confirmed).
        confirmed = sum(c[rag.value] for rag in Rag) - c["unconfirmed_rated"]
        rated += confirmed
        principles.append(
            PrincipleTask(
                number=principle.number,
                title=principle.title,
                status=principle_status(
                    confirmed,
                    total,
                    bool(c["touched"]),
                    c["unconfirmed"],
                    changes_requested=principle.number in waiting,
                ),
                red=c[Rag.RED],
                amber=c[Rag.AMBER],
                green=c[Rag.GREEN],
                unrated=total - confirmed,
            )
        )
    total = len(framework.standards)
    previous = previous_assessment(session, assessment.school_id, assessment.cycle)
    changes: dict[str, StandardChange] = {}
    if previous is not None:
        rows = session.execute(
            select(Rating.standard_code, Rating.assessment_id, Rating.rag).where(
                Rating.assessment_id.in_([assessment.id, previous.id])
            )
        ).all()
        now = {code: rag for code, aid, rag in rows if aid == assessment.id}
        before = {code: rag for code, aid, rag in rows if aid == previous.id}
        changes = {
            code: StandardChange(code, before.get(code), now.get(code))
            for code in framework.standard_codes
            if code in before
        }
    return TaskList(
        principles=principles,
        rated=rated,
        total=total,
        changes=changes,
        previous_cycle=previous.cycle.name if previous else None,
    )
