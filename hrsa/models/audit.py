"""The audit trail: who changed what, when, from which value to which."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hrsa.core.vocabulary.assessment import ActionStatus, AssessmentStatus
from hrsa.core.vocabulary.audit import AuditAction
from hrsa.core.vocabulary.base import value_label
from hrsa.core.vocabulary.moderation import ModerationOutcome
from hrsa.core.vocabulary.ratings import Rag
from hrsa.core.vocabulary.resources import ReviewState
from hrsa.extensions import db
from hrsa.models.base import UTCDateTime, utcnow
from hrsa.models.user import User


class AuditEvent(db.Model):  # type: ignore[name-defined]
    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    action: Mapped[str] = mapped_column(String(50))
    entity: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    school_id: Mapped[int | None] = mapped_column(ForeignKey("school.id"), index=True)
    assessment_id: Mapped[int | None] = mapped_column(ForeignKey("assessment.id"), index=True)
    standard_code: Mapped[str | None] = mapped_column(String(10))
    field: Mapped[str | None] = mapped_column(String(50))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    detail: Mapped[str | None] = mapped_column(Text)

    user: Mapped[User | None] = relationship()

    @property
    def old_display(self) -> str:
        return self._display(self.old_value)

    @property
    def new_display(self) -> str:
        return self._display(self.new_value or self.detail)

    @property
    def description(self) -> str:
        """What happened, in words for the history page."""
        if self.action == AuditAction.UPDATE and self.field:
            return (
                FIELD_LABELS.get(self.field, self.field.replace("_", " ").capitalize()) + " changed"
            )
        return value_label(AuditAction, self.action)

    def _display(self, value: str | None) -> str:
        """A stored value as people read it (its vocabulary's label), '' for nothing."""
        vocabulary = _VOCABULARIES.get((self.entity, self.field or ""))
        if vocabulary is None or value is None:
            return value or ""
        return value_label(vocabulary, value)


FIELD_LABELS = {
    "rag": "Rating",
    "narrative": "Evidence narrative",
    "next_steps": "Next steps",
    "status": "Status",
    "what": "Action",
    "who": "Who",
    "due_on": "Due date",
    "moderation_outcome": "Moderation",
    "moderated_rag": "Moderated rating",
    "moderation_comment": "Moderation comment",
}

# Which vocabulary a changed field's values come from, by (entity, field).
_VOCABULARIES: dict[tuple[str, str], type[StrEnum]] = {
    ("rating", "rag"): Rag,
    ("assessment", "status"): AssessmentStatus,
    ("plan_action", "status"): ActionStatus,
    ("moderation", "moderation_outcome"): ModerationOutcome,
    ("moderation", "moderated_rag"): Rag,
    ("resource", "state"): ReviewState,
}
