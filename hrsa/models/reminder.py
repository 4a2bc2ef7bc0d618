"""Reminders already sent, so each is sent once (0017)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hrsa.extensions import db
from hrsa.models.base import UTCDateTime, utcnow


class ReminderSent(db.Model):  # type: ignore[name-defined]
    """One thing a person has been reminded of: a cycle closing in 14 days, a week's plan
    actions, a resource's review-by date. The key names the thing and the occasion."""

    __tablename__ = "reminder_sent"
    __table_args__ = (UniqueConstraint("recipient_id", "key", name="uq_reminder_sent_once"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(30))
    key: Mapped[str] = mapped_column(String(100))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
