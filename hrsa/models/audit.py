"""The audit trail: who changed what, when, from which value to which."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

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
        return _display(self.field, self.old_value)

    @property
    def new_display(self) -> str:
        return _display(self.field, self.new_value or self.detail)

    @property
    def description(self) -> str:
        """What happened, in words for the history page."""
        if self.action == "update" and self.field:
            return (
                FIELD_LABELS.get(self.field, self.field.replace("_", " ").capitalize()) + " changed"
            )
        return ACTION_LABELS.get(self.action, self.action.replace("_", " ").capitalize())


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
ACTION_LABELS = {
    "start": "Assessment started",
    "confirm": "Carried-forward rating confirmed",
    "add_evidence": "Evidence added",
    "remove_evidence": "Evidence removed",
    "restore_evidence": "Evidence restored",
    "add_action": "Action added",
    "delete_action": "Action deleted",
    "submit": "Assessment submitted",
    "reopen": "Assessment reopened",
    "create": "Created",
}


VALUE_LABELS = {
    "rag": {"red": "Red", "amber": "Amber", "green": "Green"},
    "moderated_rag": {"red": "Red", "amber": "Amber", "green": "Green"},
    "moderation_outcome": {"agree": "Agreed", "challenge": "Challenged"},
    "status": {
        "not_started": "Not started",
        "in_progress": "In progress",
        "done": "Done",
        "submitted": "Submitted",
    },
}


def _display(field: str | None, value: str | None) -> str:
    """A stored value as people read it: 'Amber' for amber, '' for nothing."""
    if value is None:
        return ""
    return VALUE_LABELS.get(field or "", {}).get(value, value)
