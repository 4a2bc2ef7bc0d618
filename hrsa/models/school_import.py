"""An extract read and checked, waiting for the administrator to confirm its import (0020).

The preview page and the confirmation are two requests, possibly on two servers: what the
extract holds for the authority waits here, not on one server's disk.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from hrsa.extensions import db
from hrsa.models.base import UTCDateTime, utcnow


class SchoolImport(db.Model):  # type: ignore[name-defined]
    __tablename__ = "school_import"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(255))
    extract: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
