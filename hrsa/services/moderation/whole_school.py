"""Moderating a whole school on one page: every standard's rating, narrative and evidence beside
agree or challenge, saved together.

All or nothing: each standard the moderator moderated or changed goes through the one rule
(`decisions.record`, with its optimistic locking); if any standard has an error, or someone else
moderated one meanwhile, the caller rolls back and nothing is saved. Standards left untouched are
not recorded, and an unchanged outcome is not saved again unless the school has replied since
(saving it then marks the reply as read).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from hrsa.core.framework import Standard
from hrsa.models import Assessment, EvidenceItem, Moderation, Rating, User
from hrsa.models.dialogue import ModerationReply, ReopenRequest
from hrsa.services import access
from hrsa.services.assessment import starting
from hrsa.services.evidence import items as evidence
from hrsa.services.moderation import decisions, dialogue
from hrsa.services.moderation.decisions import Feedback, ModerationInput, Target


@dataclass(frozen=True)
class StandardSheet:
    """One standard as the moderator sees it."""

    standard: Standard
    rating: Rating
    moderation: Moderation | None
    feedback: Feedback | None
    evidence: list[EvidenceItem]
    replies: list[ModerationReply]

    @property
    def reply_waiting(self) -> bool:
        """The school replied to the challenge as it stands now."""
        current = self.moderation
        return current is not None and any(
            r.moderation_id == current.id and r.moderation_version == current.version
            for r in self.replies
        )


@dataclass(frozen=True)
class Sheet:
    """A submitted assessment's every standard, and what the school has asked."""

    assessment: Assessment
    standards: list[StandardSheet]
    open_request: ReopenRequest | None
    refusal: str | None  # why it cannot be moderated now (None when it can)

    @property
    def moderated(self) -> int:
        return sum(1 for s in self.standards if s.moderation is not None)


def sheet(session: Session, user: User, assessment_id: int) -> Sheet:
    """The moderation sheet of an assessment this person may see (else NotFound); a fixed
    number of queries whatever the number of standards."""
    assessment = access.assessment_for(session, user, assessment_id)
    framework = starting.framework_for(assessment)
    rows = session.execute(
        select(Rating, Moderation)
        .outerjoin(Moderation, Moderation.rating_id == Rating.id)
        .where(Rating.assessment_id == assessment.id)
    ).all()
    by_code = {rating.standard_code: (rating, moderation) for rating, moderation in rows}
    items = evidence.live_items_for_ratings(session, [rating.id for rating, _ in rows])
    feedback = decisions.feedback(session, assessment.id)
    replies = dialogue.replies(session, assessment.id)
    standards = [
        StandardSheet(
            standard=standard,
            rating=by_code[standard.code][0],
            moderation=by_code[standard.code][1],
            feedback=feedback.get(standard.code),
            evidence=items[by_code[standard.code][0].id],
            replies=replies.get(standard.code, []),
        )
        for standard in framework.standards
        if standard.code in by_code
    ]
    refusal = (
        None if assessment.is_submitted else decisions.NOT_SUBMITTED
    ) or decisions.closed_cycle_problem(assessment)
    return Sheet(assessment, standards, dialogue.open_request(session, assessment.id), refusal)


@dataclass
class SheetResult:
    """Errors by standard code and field, the standards someone else moderated meanwhile (with
    their newer outcome), and how many standards were saved."""

    errors: dict[str, dict[str, str]] = field(default_factory=dict)
    conflicts: dict[str, Moderation | None] = field(default_factory=dict)
    saved: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and not self.conflicts


def _untouched(data: ModerationInput) -> bool:
    return data.outcome is None and not data.moderated_rag and not data.comment.strip()


def _unchanged(row: StandardSheet, data: ModerationInput) -> bool:
    current = row.moderation
    if current is None or row.reply_waiting or data.version != current.version:
        return False
    rag = data.moderated_rag if data.outcome == "challenge" else row.rating.rag
    return (data.outcome, rag, data.comment.strip()) == (
        current.outcome,
        current.moderated_rag,
        current.comment,
    )


def record_all(
    session: Session, found: Sheet, moderator: User, inputs: dict[str, ModerationInput]
) -> SheetResult:
    """Record every moderated or changed standard; the caller commits only when `ok`."""
    result = SheetResult()
    for row in found.standards:
        data = inputs.get(row.standard.code)
        if data is None or _untouched(data) or _unchanged(row, data):
            continue
        target = Target(found.assessment, row.rating, row.moderation)
        outcome = decisions.record(session, target, moderator, data)
        if outcome.errors:
            result.errors[row.standard.code] = outcome.errors
        elif outcome.conflict is not None or not outcome.ok:
            result.conflicts[row.standard.code] = outcome.conflict
        else:
            result.saved += 1
    return result
