"""Every email the service sends, kept so a local install without SMTP can show them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hrsa.extensions import db
from hrsa.models.base import UTCDateTime, utcnow


class OutboxMessage(db.Model):  # type: ignore[name-defined]
    __tablename__ = "outbox_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254), index=True)
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    delivered_by_smtp: Mapped[bool] = mapped_column(default=False)
