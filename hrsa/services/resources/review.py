"""The advisory group's quality assurance of resources: the queue, decisions, lapsing.

Recommendation 4 of the Healthy Relationships Final Report: "all activity undertaken should be
quality assured", against criteria including the voice of the child, demonstrating impact and
delivery style, to which young people added five themes
(hrsa.core.vocabulary.resources.Criterion). A reviewer rates each criterion met, partly met or
not met and decides: approved until a review-by date,
changes requested, or rejected. Approval lapses at the review-by date ("a live document"), which
puts the resource back in the queue and out of schools' sight. Every decision is kept, audited
and sent to the proposer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session, joinedload, selectinload
from sqlalchemy.orm.exc import StaleDataError

from hrsa.core.errors import Conflict, ServiceError
from hrsa.core.formatting import format_date
from hrsa.core.vocabulary.audit import AuditAction
from hrsa.core.vocabulary.resources import Criterion, CriterionOutcome, ReviewState
from hrsa.models import Resource, ResourceCriterionRating, ResourceReview, User
from hrsa.models.base import utcnow
from hrsa.services import audit, notifications
from hrsa.services.resources.proposals import ResourceInputError, audit_resource, is_reviewer

MAX_REASON = 2000
MAX_COMMENT = 1000


@dataclass(frozen=True)
class CriterionInput:
    criterion: str
    outcome: str
    comment: str = ""


@dataclass(frozen=True)
class DecisionInput:
    """A reviewer's answers: every criterion rated, a decision, and the version they read."""

    decision: str
    reason: str
    review_by: date | None
    criteria: tuple[CriterionInput, ...]
    expected_version: int


def _already_decided(resource: Resource) -> str:
    state = ReviewState(resource.state)
    return (
        f"Someone else has already reviewed this resource: it is now "
        f"“{state.label.lower()}”. Your review was not saved."
    )


def check_decision(data: DecisionInput, *, today: date) -> None:
    """ResourceInputError naming each answer that is missing or wrong."""
    errors: dict[str, str] = {}
    given = {item.criterion: item for item in data.criteria}
    for criterion in Criterion:
        item = given.get(criterion.value)
        if item is None or item.outcome not in CriterionOutcome.values():
            errors[f"criterion-{criterion.value}"] = f"Choose whether “{criterion.label}” is met"
        elif len(item.comment) > MAX_COMMENT:
            errors[f"comment-{criterion.value}"] = (
                f"Comment must be {MAX_COMMENT:,} characters or fewer"
            )
    if set(given) - set(Criterion.values()):
        errors["decision"] = "Rate only the quality-assurance criteria listed"
    decisions = tuple(state.value for state in ReviewState.decisions())
    if data.decision not in decisions:
        errors["decision"] = "Choose your decision"
    elif data.decision == ReviewState.APPROVED.value:
        if data.review_by is None:
            errors["review_by"] = "Enter the date by which the resource should be reviewed again"
        elif data.review_by <= today:
            errors["review_by"] = "The review-by date must be in the future"
    elif not data.reason.strip():
        errors["reason"] = (
            "Explain what needs to change"
            if data.decision == ReviewState.CHANGES_REQUESTED.value
            else "Explain why the resource is rejected"
        )
    if len(data.reason) > MAX_REASON:
        errors["reason"] = f"Reason must be {MAX_REASON:,} characters or fewer"
    if errors:
        raise ResourceInputError(errors)


OWN_PROPOSAL = "You proposed this resource, so another member of the advisory group must review it"


def proposed_by(resource: Resource, user: User) -> bool:
    """Whether the user proposed the resource: nobody quality-assures their own proposal."""
    return resource.proposed_by_id is not None and resource.proposed_by_id == user.id


def decide(
    session: Session,
    resource: Resource,
    data: DecisionInput,
    *,
    reviewer: User,
    today: date,
    mail_settings: notifications.MailSettings,
    resource_link: str,
) -> ResourceReview:
    """Record a review and its decision, audit it and tell the proposer.

    Conflict if the resource is no longer waiting for review or changed since the reviewer
    opened it: two reviewers deciding at once, the second is refused, never silently applied."""
    if not is_reviewer(reviewer):
        raise ServiceError("Only the advisory group reviews resources")
    if proposed_by(resource, reviewer):
        raise ServiceError(OWN_PROPOSAL)
    if not ReviewState(resource.state).awaits_review:
        raise Conflict(_already_decided(resource))
    if resource.version != data.expected_version:
        raise Conflict(
            "Someone else changed this resource after you opened it. Check it again before "
            "you decide. Your review was not saved."
        )
    check_decision(data, today=today)
    review = ResourceReview(
        resource_id=resource.id,
        reviewer_id=reviewer.id,
        decision=data.decision,
        reason=data.reason.strip(),
        review_by=data.review_by if data.decision == ReviewState.APPROVED.value else None,
    )
    order = {value: position for position, value in enumerate(Criterion.values())}
    review.criteria = [
        ResourceCriterionRating(
            criterion=item.criterion,
            position=order[item.criterion],
            outcome=item.outcome,
            comment=item.comment.strip(),
        )
        for item in data.criteria
    ]
    old_state = resource.state
    resource.state = data.decision
    if review.review_by is not None:
        resource.review_by = review.review_by
    resource.updated_at = utcnow()
    session.add(review)
    try:
        session.flush()
    except StaleDataError:
        raise Conflict(_already_decided(resource)) from None
    audit_resource(
        session,
        resource,
        user_id=reviewer.id,
        action="review_resource",
        field="state",
        old=old_state,
        new=resource.state,
        detail=review.reason or None,
    )
    _notify(session, mail_settings, resource, review, reviewer, resource_link)
    return review


_SUBJECTS = {
    ReviewState.APPROVED: "approved for the resource bank",
    ReviewState.CHANGES_REQUESTED: "changes requested",
    ReviewState.REJECTED: "not accepted for the resource bank",
}


def _notify(
    session: Session,
    settings: notifications.MailSettings,
    resource: Resource,
    review: ResourceReview,
    reviewer: User,
    link: str,
) -> None:
    """Email the proposer the decision and the reason, with a link to the resource built from
    HRSA_BASE_URL (kept in the outbox when there is no mail server); nobody whose account is
    disabled is emailed."""
    proposer = resource.proposed_by
    if proposer is None or proposer.id == reviewer.id or not proposer.is_enabled:
        return
    decision = ReviewState(review.decision)
    lines = [f"Dear {proposer.name},", ""]
    if decision is ReviewState.APPROVED:
        lines.append(
            f"The advisory group has quality assured “{resource.title}”. Schools can now find it "
            f"in the resource bank. It will be reviewed again by {format_date(resource.review_by)}."
        )
    elif decision is ReviewState.CHANGES_REQUESTED:
        lines += [
            f"The advisory group has asked for changes to “{resource.title}” before it can be "
            "added to the resource bank:",
            "",
            review.reason,
            "",
            "Open the resource, make the changes and save it to send it back for review.",
        ]
    else:
        lines += [
            f"The advisory group has decided not to add “{resource.title}” to the resource bank:",
            "",
            review.reason,
        ]
    lines += ["", "To see the resource and the advisory group's review, go to:", link]
    notifications.deliver(
        session,
        settings,
        proposer.email,
        f"{resource.title}: {_SUBJECTS[decision]}",
        "\n".join(lines),
    )


def lapse_due(session: Session, *, today: date) -> int:
    """Approved resources past their review-by date become lapsed and wait for re-review."""
    due = session.scalars(
        select(Resource.id).where(
            Resource.state == ReviewState.APPROVED.value, Resource.review_by < today
        )
    ).all()
    if not due:
        return 0
    now = utcnow()
    session.execute(
        update(Resource)
        .where(Resource.id.in_(due))
        .values(
            state=ReviewState.LAPSED.value,
            waiting_since=now,
            updated_at=now,
            version=Resource.version + 1,
        )
        .execution_options(synchronize_session=False)
    )
    audit.write(
        session,
        [
            audit.Event(
                AuditAction.LAPSE_RESOURCE,
                "resource",
                resource_id,
                field="state",
                old=ReviewState.APPROVED.value,
                new=ReviewState.LAPSED.value,
                detail="Review-by date passed",
            )
            for resource_id in due
        ],
        user_id=None,
        at=now,
    )
    session.expire_all()
    return len(due)


# ---------------------------------------------------------------------------------------------
# Reading: the queue and a resource's reviews


@dataclass(frozen=True)
class QueueRow:
    id: int
    title: str
    provider: str
    state: ReviewState
    proposer: str
    waiting_since: datetime
    days_waiting: int
    resubmitted: bool
    own: bool = False  # the person looking proposed it, so someone else reviews it


def queue(session: Session, *, today: date, user: User | None = None) -> list[QueueRow]:
    """Proposed and lapsed resources, longest waiting first, with the days each has waited."""
    resources = session.scalars(
        select(Resource)
        .where(Resource.state.in_([s.value for s in ReviewState if s.awaits_review]))
        .order_by(Resource.waiting_since, Resource.id)
        .options(joinedload(Resource.proposed_by))
    ).all()
    reviewed = set(
        session.scalars(
            select(ResourceReview.resource_id)
            .where(ResourceReview.resource_id.in_([r.id for r in resources]))
            .distinct()
        )
    )
    return [
        QueueRow(
            id=resource.id,
            title=resource.title,
            provider=resource.provider,
            state=ReviewState(resource.state),
            proposer=resource.proposed_by.name if resource.proposed_by else "Unknown",
            waiting_since=resource.waiting_since,
            days_waiting=max(0, (today - resource.waiting_since.date()).days),
            resubmitted=resource.state == ReviewState.PROPOSED.value and resource.id in reviewed,
            own=proposed_by(resource, user) if user is not None else False,
        )
        for resource in resources
    ]


@dataclass(frozen=True)
class CriterionView:
    label: str
    outcome: CriterionOutcome
    comment: str


@dataclass(frozen=True)
class ReviewView:
    decision: ReviewState
    reviewer: str
    at: datetime
    reason: str
    review_by: date | None
    criteria: tuple[CriterionView, ...]

    @property
    def met(self) -> int:
        return sum(1 for item in self.criteria if item.outcome is CriterionOutcome.MET)


def reviews_of(session: Session, resource_id: int) -> list[ReviewView]:
    """Every review of the resource, newest first, with its criterion ratings (two queries)."""
    reviews = session.scalars(
        select(ResourceReview)
        .where(ResourceReview.resource_id == resource_id)
        .order_by(ResourceReview.created_at.desc(), ResourceReview.id.desc())
        .options(joinedload(ResourceReview.reviewer), selectinload(ResourceReview.criteria))
    ).all()
    return [_review_view(review) for review in reviews]


def _review_view(review: ResourceReview) -> ReviewView:
    return ReviewView(
        decision=ReviewState(review.decision),
        reviewer=review.reviewer.name if review.reviewer else "A former reviewer",
        at=review.created_at,
        reason=review.reason,
        review_by=review.review_by,
        criteria=tuple(
            CriterionView(
                Criterion(row.criterion).label, CriterionOutcome(row.outcome), row.comment
            )
            for row in review.criteria
        ),
    )


def latest_approval(reviews: Sequence[ReviewView]) -> ReviewView | None:
    """The review that quality assured the resource most recently (the summary schools see)."""
    return next((r for r in reviews if r.decision is ReviewState.APPROVED), None)
