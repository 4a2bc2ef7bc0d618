"""Helpers for tests of the resource bank: propose resources and take them through review."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from hrsa.core.framework import DEFAULT_FRAMEWORK_PATH, load_framework
from hrsa.core.vocabulary.resources import Criterion, ReviewState
from hrsa.extensions import db
from hrsa.models import Resource, User
from hrsa.services import notifications
from hrsa.services.resources import proposals, review

FRAMEWORK = load_framework(DEFAULT_FRAMEWORK_PATH)
CODES = FRAMEWORK.standard_codes
TODAY = date.today()
NEXT_YEAR = TODAY + timedelta(days=365)
NO_MAIL = notifications.MailSettings(
    server="", port=587, username="", password="", use_tls=True, sender=""
)


def details(**changes: object) -> proposals.ResourceInput:
    """A believable resource's details, with any field changed."""
    values: dict[str, object] = {
        "title": "Consent: what it is and why it matters",
        "summary": "A one-hour lesson on negotiation, agreement and boundaries, for Year 9.",
        "provider": "Brook",
        "resource_type": "lesson_plan",
        "cost": "free",
        "url": "https://www.example.org/consent-lesson",
        "review_by": NEXT_YEAR,
        "standards": ("3.1",),
        "audiences": ("ks3",),
        "topics": ("consent",),
    }
    values.update(changes)
    return proposals.ResourceInput(**values)  # type: ignore[arg-type]


def propose(user: User, **changes: object) -> Resource:
    resource = proposals.propose(
        db.session, details(**changes), user=user, standard_codes=CODES, today=TODAY
    )
    db.session.commit()
    return resource


def all_criteria(outcome: str = "met") -> tuple[review.CriterionInput, ...]:
    return tuple(review.CriterionInput(c.value, outcome, f"{c.label}: fine") for c in Criterion)


def decide(
    resource: Resource,
    reviewer: User,
    decision: ReviewState = ReviewState.APPROVED,
    *,
    reason: str = "",
    review_by: date | None = NEXT_YEAR,
    criteria: Sequence[review.CriterionInput] | None = None,
) -> None:
    review.decide(
        db.session,
        resource,
        review.DecisionInput(
            decision=decision.value,
            reason=reason,
            review_by=review_by,
            criteria=tuple(criteria if criteria is not None else all_criteria()),
            expected_version=resource.version,
        ),
        reviewer=reviewer,
        today=TODAY,
        mail_settings=NO_MAIL,
        resource_link=f"http://localhost/resources/{resource.id}",
    )
    db.session.commit()


def approved(proposer: User, reviewer: User, **changes: object) -> Resource:
    resource = propose(proposer, **changes)
    decide(resource, reviewer)
    return resource
