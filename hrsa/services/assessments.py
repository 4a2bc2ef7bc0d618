"""The school's self-assessment: starting one (optionally carrying the last cycle forward)
and the task list. Saving ratings, and the framework's rating rules, are in services/ratings.py;
principle_status here is the rule "a principle is Completed when all its standards are rated".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from hrsa.core.errors import ServiceError
from hrsa.core.framework import Framework
from hrsa.core.vocabulary import ActionStatus, AssessmentStatus, AuditAction, PrincipleProgress, Rag
from hrsa.models import Assessment, Cycle, EvidenceItem, PlanAction, Rating, School
from hrsa.services import audit, rating_counts, requested_changes
from hrsa.services.cycles import framework_versions


class BadInput(ServiceError):
    """Form values no honest form could send (unknown code, impossible RAG): the view gives 400."""


def framework_for(assessment: Assessment) -> Framework:
    """The framework version this assessment was made against (never the file's current one)."""
    return framework_versions.framework_of(assessment.framework_version)


# --- starting -----------------------------------------------------------------------------


def find(session: Session, school_id: int, cycle_id: int) -> Assessment | None:
    return session.scalar(
        select(Assessment).where(Assessment.school_id == school_id, Assessment.cycle_id == cycle_id)
    )


def previous_assessment(session: Session, school_id: int, cycle: Cycle) -> Assessment | None:
    """The school's assessment in the most recent earlier cycle, if any."""
    return session.scalar(
        select(Assessment)
        .join(Cycle, Assessment.cycle_id == Cycle.id)
        .where(Assessment.school_id == school_id, Cycle.opens_on < cycle.opens_on)
        .order_by(Cycle.opens_on.desc())
        .limit(1)
    )


def start(
    session: Session,
    *,
    school: School,
    cycle: Cycle,
    user_id: int | None,
    carry_forward: bool = False,
) -> Assessment:
    """Create the school's assessment for a cycle: one unrated row per standard, or a copy of
    the previous cycle's ratings, text, evidence and open actions, marked for re-confirmation."""
    if cycle.is_closed:
        raise ServiceError(f"The {cycle.name} cycle has been closed, so it cannot be started")
    if find(session, school.id, cycle.id) is not None:
        raise ServiceError(f"{school.name} already has an assessment for {cycle.name}")
    framework = framework_versions.framework_of(cycle.framework_version)
    previous = previous_assessment(session, school.id, cycle) if carry_forward else None
    assessment = Assessment(
        school_id=school.id,
        cycle_id=cycle.id,
        framework_version_id=cycle.framework_version_id,
        status=AssessmentStatus.IN_PROGRESS,
        carried_forward_from_id=previous.id if previous else None,
    )
    session.add(assessment)
    session.flush()
    ratings = {
        standard.code: Rating(
            assessment_id=assessment.id,
            principle_number=standard.principle_number,
            standard_code=standard.code,
            narrative="",
            next_steps="",
        )
        for standard in framework.standards
    }
    session.add_all(ratings.values())
    session.flush()
    if previous is not None:
        _carry_forward(session, previous, ratings)
    rating_counts.recount(session, [assessment.id])
    audit.record(
        session,
        user_id=user_id,
        action=AuditAction.START,
        entity="assessment",
        entity_id=assessment.id,
        school_id=school.id,
        assessment_id=assessment.id,
        detail=f"{cycle.name}; carried forward from {previous.cycle.name}"
        if previous
        else cycle.name,
    )
    return assessment


def _carry_forward(session: Session, previous: Assessment, ratings: dict[str, Rating]) -> None:
    """Copy ratings, text, live evidence and unfinished actions for standards that still exist."""
    old_ratings = session.scalars(select(Rating).where(Rating.assessment_id == previous.id)).all()
    by_old_id: dict[int, Rating] = {}
    for old in old_ratings:
        new = ratings.get(old.standard_code)
        if new is None:  # the standard was dropped from the newer framework
            continue
        new.rag, new.narrative, new.next_steps = old.rag, old.narrative, old.next_steps
        new.carried_forward = old.rag is not None or bool(old.narrative)
        by_old_id[old.id] = new
    items = session.scalars(
        select(EvidenceItem).where(
            EvidenceItem.rating_id.in_(by_old_id), EvidenceItem.deleted_at.is_(None)
        )
    ).all()
    for item in items:
        session.add(
            EvidenceItem(
                rating_id=by_old_id[item.rating_id].id,
                school_id=item.school_id,
                kind=item.kind,
                title=item.title,
                url=item.url,
                storage_key=item.storage_key,
                content_type=item.content_type,
                size_bytes=item.size_bytes,
                sha256=item.sha256,
                carried_forward=True,
                uploaded_by_id=item.uploaded_by_id,
            )
        )
    actions = session.scalars(
        select(PlanAction).where(
            PlanAction.rating_id.in_(by_old_id), PlanAction.status != ActionStatus.DONE
        )
    ).all()
    for action in actions:
        session.add(
            PlanAction(
                rating_id=by_old_id[action.rating_id].id,
                what=action.what,
                who=action.who,
                due_on=action.due_on,
                status=action.status,
                carried_forward=True,
            )
        )
    session.flush()


# --- the task list ------------------------------------------------------------------------


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
    def direction(self) -> str | None:
        """'improved', 'same' or 'declined' against the previous cycle (None if either unrated)."""
        if self.previous is None or self.current is None:
            return None
        delta = Rag(self.current).score - Rag(self.previous).score
        return "improved" if delta > 0 else "declined" if delta < 0 else "same"


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
