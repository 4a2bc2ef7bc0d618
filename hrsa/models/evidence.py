"""Documentary evidence for a rating: an uploaded file (held by the storage backend) or a link."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hrsa.extensions import db
from hrsa.models.assessment import Rating
from hrsa.models.base import UTCDateTime, utcnow

KIND_FILE = "file"
KIND_LINK = "link"


class EvidenceItem(db.Model):  # type: ignore[name-defined]
    __tablename__ = "evidence_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    rating_id: Mapped[int] = mapped_column(ForeignKey("rating.id"), index=True)
    # Denormalised so per-school quotas and access checks need no joins.
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(String(300))
    url: Mapped[str | None] = mapped_column(String(2000))
    storage_key: Mapped[str | None] = mapped_column(String(100))
    content_type: Mapped[str | None] = mapped_column(String(150))
    size_bytes: Mapped[int | None] = mapped_column(BigInteger)
    sha256: Mapped[str | None] = mapped_column(String(64))
    carried_forward: Mapped[bool] = mapped_column(Boolean, default=False)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    deleted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    rating: Mapped[Rating] = relationship()

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None
