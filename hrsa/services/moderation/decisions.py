"""The advisory group's moderation of submitted ratings: agree, or challenge with the rating the
moderator would give and why.

One current outcome per rating (hrsa.models.moderation), changed with optimistic locking: a
moderator names the version they saw, and if someone else moderated the rating meanwhile nothing
is saved and they are shown the newer outcome. Every change goes to the audit trail, which the
standard's history page shows. The school sees the feedback on its principle page and task list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hrsa.core.errors import NotFound, ServiceError
from hrsa.core.formatting import format_date, plural
from hrsa.core.vocabulary.base import Look
from hrsa.core.vocabulary.moderation import ModerationOutcome
from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.ratings import Rag, rag_look
from hrsa.models import Assessment, Rating, User
from hrsa.models.base import utcnow
from hrsa.models.dialogue import ModerationReply
from hrsa.models.moderation import Moderation
from hrsa.services import access, audit

MAX_COMMENT = 2000


def closed_cycle_problem(assessment: Assessment) -> str | None:
    """Why a closed cycle's moderation can no longer change (None while the cycle is open)."""
    cycle = assessment.cycle
    if not cycle.is_closed:
        return None
    return (
        f"The {cycle.name} cycle was closed on {format_date(cycle.closed_at)}, so its moderation "
        "can no longer be changed"
    )


NOT_SUBMITTED = (
    "Only submitted assessments can be moderated: this one has not been submitted, "
    "or has been reopened."
)


class NotAllowed(ServiceError):
    """This person may not moderate (only the advisory group and admins can)."""


def can_moderate(user: User) -> bool:
    """Advisory group members and admins moderate; commissioners and schools only read."""
    return user.has_role(Role.ADVISORY, Role.ADMIN)


@dataclass(frozen=True)
class ModerationInput:
    """What the moderator sent: raw form values, checked by `record`. `version` is the version
    of the moderation they saw (0: there was none)."""

    outcome: str | None
    moderated_rag: str | None
    comment: str
    version: int | None


@dataclass
class ModerationResult:
    """Errors by field name, or the newer moderation someone else saved, or the saved one."""

    errors: dict[str, str] = field(default_factory=dict)
    conflict: Moderation | None = None
    moderation: Moderation | None = None

    @property
    def ok(self) -> bool:
        return not self.errors and self.conflict is None


@dataclass(frozen=True)
class Target:
    """A standard's rating to moderate, with its assessment and current moderation."""

    assessment: Assessment
    rating: Rating
    moderation: Moderation | None


def target(session: Session, user: User, assessment_id: int, code: str) -> Target:
    """The rating of standard `code` in an assessment this person may see (else NotFound)."""
    assessment = access.assessment_for(session, user, assessment_id)
    rating = session.scalar(
        select(Rating).where(Rating.assessment_id == assessment.id, Rating.standard_code == code)
    )
    if rating is None:
        raise NotFound("Standard not found")
    current = session.scalar(select(Moderation).where(Moderation.rating_id == rating.id))
    return Target(assessment, rating, current)


def check(rating: Rating, data: ModerationInput) -> dict[str, str]:
    """The moderation rules: an outcome; a challenge names a different rating and says why."""
    errors: dict[str, str] = {}
    if data.outcome not in ModerationOutcome.values():
        errors["outcome"] = "Choose whether you agree with the school's rating or challenge it"
    elif data.outcome == ModerationOutcome.CHALLENGE:
        if data.moderated_rag not in Rag.values():
            errors["moderated_rag"] = "Choose the rating you would give"
        elif data.moderated_rag == rating.rag:
            errors["moderated_rag"] = (
                f"Choose a rating other than the school's own ({rag_look(rating.rag).label}), "
                "or agree with it"
            )
        if not data.comment.strip():
            errors["comment"] = "Enter why you are challenging the rating"
    if len(data.comment.strip()) > MAX_COMMENT:
        errors["comment"] = f"Comment must be {MAX_COMMENT:,} characters or fewer"
    return errors


def record(
    session: Session, found: Target, moderator: User, data: ModerationInput
) -> ModerationResult:
    """Record (or change) the moderation of one submitted rating, audited; only flushes."""
    if not can_moderate(moderator):
        raise NotAllowed("Only the advisory group and administrators can moderate ratings")
    if not found.assessment.is_submitted:
        raise ServiceError(NOT_SUBMITTED)
    closed = closed_cycle_problem(found.assessment)
    if closed:
        raise ServiceError(closed)
    rating, current = found.rating, found.moderation
    errors = check(rating, data)
    if errors:
        return ModerationResult(errors=errors)
    outcome = ModerationOutcome(str(data.outcome))
    values = {
        "outcome": outcome.value,
        "moderated_rag": rating.rag if outcome is ModerationOutcome.AGREE else data.moderated_rag,
        "comment": data.comment.strip(),
    }
    seen = data.version or 0
    if (current.version if current else 0) != seen:
        return ModerationResult(conflict=current)
    before = {
        "moderation_outcome": current.outcome if current else None,
        "moderated_rag": current.moderated_rag if current else None,
        "moderation_comment": current.comment if current else None,
    }
    saved = _save(session, rating, current, values, moderator.id)
    if saved is None:
        session.expire_all()
        newer = session.scalar(select(Moderation).where(Moderation.rating_id == rating.id))
        return ModerationResult(conflict=newer)
    after = (values["outcome"], values["moderated_rag"], values["comment"])
    changed = {name: (old, new) for (name, old), new in zip(before.items(), after, strict=True)}
    where = {
        "school_id": found.assessment.school_id,
        "assessment_id": found.assessment.id,
        "standard_code": rating.standard_code,
    }
    audit.write(
        session, audit.changes("moderation", saved.id, changed, **where), user_id=moderator.id
    )
    return ModerationResult(moderation=saved)


def _save(
    session: Session,
    rating: Rating,
    current: Moderation | None,
    values: dict[str, str | None],
    moderator_id: int,
) -> Moderation | None:
    """Insert or update the row unless someone else got there first (then None)."""
    if current is None:
        moderation = Moderation(rating_id=rating.id, moderator_id=moderator_id, version=1, **values)
        try:
            with session.begin_nested():
                session.add(moderation)
        except IntegrityError:  # another moderator's first outcome for this rating won
            return None
        return moderation
    changed = session.execute(
        update(Moderation)
        .where(Moderation.id == current.id, Moderation.version == current.version)
        .values(
            **values,
            moderator_id=moderator_id,
            updated_at=utcnow(),
            version=current.version + 1,
        )
        .execution_options(synchronize_session=False)
    )
    if changed.rowcount != 1:  # type: ignore[attr-defined]
        return None
    session.refresh(current)
    return current


@dataclass(frozen=True)
class Feedback:
    """The advisory group's current view of one standard, as the school reads it."""

    code: str
    principle_number: int
    outcome: ModerationOutcome
    moderated_rag: str | None
    comment: str
    moderator: str
    at: datetime

    @property
    def outcome_look(self) -> Look:
        return self.outcome.look

    @property
    def moderated_look(self) -> Look:
        return rag_look(self.moderated_rag)

    @property
    def is_challenge(self) -> bool:
        return self.outcome is ModerationOutcome.CHALLENGE


@dataclass(frozen=True)
class FeedbackPanel:
    """Moderation feedback on an assessment's standards, and whether this person may moderate."""

    assessment_id: int
    by_code: dict[str, Feedback]
    can_moderate: bool
    # The school's replies by standard, and whether this person may reply to a challenge.
    replies: dict[str, list[ModerationReply]] = field(default_factory=dict)
    can_reply: bool = False

    @property
    def summary(self) -> str:
        """'Moderation feedback on 2 standards'."""
        return f"Moderation feedback on {plural(len(self.by_code), 'standard')}"

    @property
    def items(self) -> list[Feedback]:
        return list(self.by_code.values())


def feedback(session: Session, assessment_id: int) -> dict[str, Feedback]:
    """Each moderated standard's feedback in framework order (one query)."""
    rows = session.execute(
        select(Moderation, Rating.standard_code, Rating.principle_number, User.name)
        .join(Rating, Moderation.rating_id == Rating.id)
        .outerjoin(User, Moderation.moderator_id == User.id)
        .where(Rating.assessment_id == assessment_id)
        .order_by(Rating.principle_number, Rating.id)
    )
    return {
        code: Feedback(
            code=code,
            principle_number=number,
            outcome=ModerationOutcome(moderation.outcome),
            moderated_rag=moderation.moderated_rag,
            comment=moderation.comment,
            moderator=name or "A former advisory group member",
            at=moderation.updated_at or moderation.created_at,
        )
        for moderation, code, number, name in rows
    }


def feedback_panel(session: Session, user: User, assessment: Assessment) -> FeedbackPanel:
    """What the task list and principle pages show about moderation."""
    open_now = assessment.is_submitted and closed_cycle_problem(assessment) is None
    by_code = feedback(session, assessment.id)
    # Imported here: dialogue uses this module's closed-cycle rule.
    from hrsa.services.moderation import dialogue

    replies = dialogue.replies(session, assessment.id) if by_code else {}
    return FeedbackPanel(
        assessment_id=assessment.id,
        by_code=by_code,
        can_moderate=can_moderate(user) and open_now,
        replies=replies,
        can_reply=open_now
        and user.role_enum.is_school_role
        and user.school_id == assessment.school_id,
    )
