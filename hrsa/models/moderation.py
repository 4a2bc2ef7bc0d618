"""The advisory group's moderation of submitted ratings: one current outcome per rating.

The row holds the latest outcome (agree or challenge) with its comment and, for a challenge, the
rating the moderator thinks fits (`moderated_rag`, so heatmaps can show moderated values). Every
change is also written to the audit trail, which keeps the history.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hrsa.extensions import db
from hrsa.models.assessment import Rating
from hrsa.models.base import UTCDateTime, utcnow
from hrsa.models.user import User


class Moderation(db.Model):  # type: ignore[name-defined]
    __tablename__ = "moderation"
    __table_args__ = (
        CheckConstraint("outcome IN ('agree', 'challenge')", name="outcome_known"),
        CheckConstraint(
            "moderated_rag IS NULL OR moderated_rag IN ('red', 'amber', 'green')",
            name="moderated_rag_known",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    rating_id: Mapped[int] = mapped_column(ForeignKey("rating.id"), unique=True)
    outcome: Mapped[str] = mapped_column(String(20), index=True)
    # The rating the moderator would give; equal to the school's own on "agree".
    moderated_rag: Mapped[str | None] = mapped_column(String(10))
    comment: Mapped[str] = mapped_column(Text, default="")
    moderator_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    rating: Mapped[Rating] = relationship()
    moderator: Mapped[User | None] = relationship()
