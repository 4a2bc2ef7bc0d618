"""Each imported version of the framework file, kept whole so past assessments never change."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hrsa.extensions import db
from hrsa.models.base import UTCDateTime, utcnow


class FrameworkVersion(db.Model):  # type: ignore[name-defined]
    __tablename__ = "framework_version"
    __table_args__ = (UniqueConstraint("framework_key", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    framework_key: Mapped[str] = mapped_column(String(100))
    version: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
