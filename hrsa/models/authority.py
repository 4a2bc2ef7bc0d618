"""A local authority that adopts the service, and its wards (0020).

The city is data, not code: the authority's name, its DfE local-authority code, the name the
service goes by there, the partnership that runs it and how to reach them; its wards (with their
ONS codes) come from the schools imported and an administrator may change them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hrsa.extensions import db
from hrsa.models.base import UTCDateTime, utcnow


class Authority(db.Model):  # type: ignore[name-defined]
    __tablename__ = "authority"

    id: Mapped[int] = mapped_column(primary_key=True)
    # DfE's local-authority code ("LA (code)" in Get Information about Schools), like 879.
    code: Mapped[str] = mapped_column(String(10), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    service_name: Mapped[str] = mapped_column(String(200))
    partnership_name: Mapped[str] = mapped_column(String(200))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    contact_phone: Mapped[str | None] = mapped_column(String(30))
    contact_url: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<Authority {self.code} {self.name}>"


class Ward(db.Model):  # type: ignore[name-defined]
    """An electoral ward of an authority: the city's areas for reporting. Schools name their
    ward by its name (school.ward); the ONS code (E05...) is what the register gives."""

    __tablename__ = "ward"
    __table_args__ = (UniqueConstraint("authority_id", "name", name="uq_ward_authority_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    authority_id: Mapped[int] = mapped_column(
        ForeignKey("authority.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str | None] = mapped_column(String(9))
    name: Mapped[str] = mapped_column(String(100))

    def __repr__(self) -> str:
        return f"<Ward {self.code} {self.name}>"
