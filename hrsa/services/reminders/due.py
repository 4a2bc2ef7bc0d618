"""What each person should be reminded of on a given day, as plain values.

The rules (issue 19, item 9):
- a cycle closing: 14 days and 3 days before it closes, each school lead whose school has not
  submitted is told once for each;
- plan actions: each week, a school's leads get one digest of the actions not done that are due
  within 7 days or overdue, in cycles still open;
- resources: each advisory group member is told once of every approved resource whose review-by
  date is within 30 days, and of every proposal that has waited more than 14 days.
Nobody disabled or who has turned reminders off is reminded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from hrsa.core.vocabulary.assessment import ActionStatus, AssessmentStatus
from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.resources import ReviewState
from hrsa.models import Assessment, Cycle, PlanAction, Rating, Resource, School, User

CLOSING_NOTICE_DAYS = (14, 3)
PLAN_DAYS_AHEAD = 7
REVIEW_DAYS_AHEAD = 30
PROPOSAL_WAITING_DAYS = 14


@dataclass(frozen=True)
class Item:
    """One thing a reminder names: its once-only key and a line for the email."""

    key: str
    line: str
    target_id: int  # the cycle, assessment or resource the link points to


@dataclass
class Due:
    """Everything of one kind a person should hear about today (before removing what was sent)."""

    kind: str
    recipient: User
    items: list[Item] = field(default_factory=list)


def _reminded(session: Session, role: Role, school_ids: set[int] | None = None) -> list[User]:
    query = select(User).where(
        User.role == role.value, User.is_enabled.is_(True), User.wants_reminders.is_(True)
    )
    if school_ids is not None:
        if not school_ids:
            return []
        query = query.where(User.school_id.in_(school_ids))
    return list(session.scalars(query.order_by(User.id)))


def _open_cycles(session: Session, today: date) -> list[Cycle]:
    return list(
        session.scalars(
            select(Cycle).where(
                Cycle.closed_at.is_(None), Cycle.opens_on <= today, Cycle.closes_on >= today
            )
        )
    )


def closing_notice(cycle: Cycle, today: date) -> int | None:
    """Which notice (14 or 3 days) is due for the cycle today, if any: the nearest one reached."""
    days_left = (cycle.closes_on - today).days
    reached = [days for days in CLOSING_NOTICE_DAYS if days_left <= days]
    return min(reached) if reached else None


def cycle_closing(session: Session, today: date) -> list[Due]:
    """Leads of schools that have not submitted, for each open cycle within a notice period."""
    due: list[Due] = []
    for cycle in _open_cycles(session, today):
        notice = closing_notice(cycle, today)
        if notice is None:
            continue
        submitted = select(Assessment.school_id).where(
            Assessment.cycle_id == cycle.id,
            Assessment.status == AssessmentStatus.SUBMITTED.value,
        )
        waiting = set(session.scalars(select(School.id).where(School.id.not_in(submitted))))
        days_left = (cycle.closes_on - today).days
        line = f"{cycle.name} closes on {cycle.closes_on:%-d %B %Y}, in {days_left} days"
        item = Item(key=f"cycle-{cycle.id}-{notice}d", line=line, target_id=cycle.id)
        for lead in _reminded(session, Role.SCHOOL_LEAD, waiting):
            due.append(Due("cycle_closing", lead, [item]))
    return due


def plan_actions(session: Session, today: date) -> list[Due]:
    """One digest a week per school lead: actions not done, due within 7 days or overdue."""
    year, week, _ = today.isocalendar()
    rows = session.execute(
        select(Assessment.school_id, Assessment.id, PlanAction)
        .join(Rating, Rating.id == PlanAction.rating_id)
        .join(Assessment, Assessment.id == Rating.assessment_id)
        .join(Cycle, and_(Cycle.id == Assessment.cycle_id, Cycle.closed_at.is_(None)))
        .where(
            PlanAction.status != ActionStatus.DONE.value,
            PlanAction.due_on <= today + timedelta(days=PLAN_DAYS_AHEAD),
        )
        .order_by(PlanAction.due_on, PlanAction.id)
    ).all()
    by_school: dict[int, list[Item]] = {}
    for school_id, assessment_id, action in rows:
        when = "overdue since" if action.due_on < today else "due on"
        line = f"{action.what} ({action.who}): {when} {action.due_on:%-d %B %Y}"
        by_school.setdefault(school_id, []).append(
            Item(key=f"plan-{school_id}-{year}-W{week:02d}", line=line, target_id=assessment_id)
        )
    return [
        Due("plan_actions", lead, by_school[lead.school_id])
        for lead in _reminded(session, Role.SCHOOL_LEAD, set(by_school))
        if lead.school_id is not None
    ]


def resource_reviews(session: Session, today: date) -> list[Due]:
    """Approved resources whose review-by date is within 30 days, for the advisory group."""
    resources = session.scalars(
        select(Resource)
        .where(
            Resource.state == ReviewState.APPROVED.value,
            Resource.review_by >= today,
            Resource.review_by <= today + timedelta(days=REVIEW_DAYS_AHEAD),
        )
        .order_by(Resource.review_by, Resource.id)
    ).all()
    items = [
        Item(
            key=f"review-{resource.id}-{resource.review_by.isoformat()}",
            line=f"{resource.title}: review by {resource.review_by:%-d %B %Y}",
            target_id=resource.id,
        )
        for resource in resources
    ]
    return _to_advisory_group(session, "resource_reviews", items)


def waiting_proposals(session: Session, today: date) -> list[Due]:
    """Proposals that have waited more than 14 days for a review, for the advisory group."""
    since = datetime.combine(today - timedelta(days=PROPOSAL_WAITING_DAYS), time.min, tzinfo=UTC)
    proposals = session.scalars(
        select(Resource)
        .where(Resource.state == ReviewState.PROPOSED.value, Resource.waiting_since < since)
        .order_by(Resource.waiting_since, Resource.id)
    ).all()
    items = [
        Item(
            key=f"proposal-{proposal.id}-{proposal.waiting_since:%Y%m%d}",
            line=f"{proposal.title}: waiting since {proposal.waiting_since:%-d %B %Y}",
            target_id=proposal.id,
        )
        for proposal in proposals
    ]
    return _to_advisory_group(session, "waiting_proposals", items)


def _to_advisory_group(session: Session, kind: str, items: list[Item]) -> list[Due]:
    if not items:
        return []
    return [Due(kind, member, list(items)) for member in _reminded(session, Role.ADVISORY)]


def everything_due(session: Session, today: date) -> list[Due]:
    """Every reminder of every kind due today, before removing those already sent."""
    return [
        *cycle_closing(session, today),
        *plan_actions(session, today),
        *resource_reviews(session, today),
        *waiting_proposals(session, today),
    ]
