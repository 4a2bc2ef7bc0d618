"""A school: the tool's header fields (name, URN, phase, ward, contacts, roll)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from hrsa.core.vocabulary.schools import PHASES
from hrsa.extensions import db
from hrsa.models.base import UTCDateTime, utcnow


class School(db.Model):  # type: ignore[name-defined]
    __tablename__ = "school"
    # The schools heatmap walks schools in name order (0005).
    __table_args__ = (Index("ix_school_name_id", "name", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    urn: Mapped[str] = mapped_column(String(6), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    phase: Mapped[str] = mapped_column(String(30), index=True)
    # The authority's ward by name (its Ward row holds the ONS code): the city's figures group
    # by it.
    ward: Mapped[str] = mapped_column(String(100), index=True)
    authority_id: Mapped[int | None] = mapped_column(
        ForeignKey("authority.id", ondelete="RESTRICT"), index=True
    )
    # Closed on the national register: kept, with its history, never deleted.
    is_closed: Mapped[bool] = mapped_column(Boolean, default=False)
    statutory_low_age: Mapped[int | None] = mapped_column(Integer)
    statutory_high_age: Mapped[int | None] = mapped_column(Integer)
    establishment_type: Mapped[str | None] = mapped_column(String(100))
    # The register's values at the last import, so the next import changes only what the
    # register changed, not what the school typed since (hrsa.services.schools.register).
    register_values: Mapped[dict[str, str] | None] = mapped_column(JSON)
    neighbourhood: Mapped[str | None] = mapped_column(String(100))
    address: Mapped[str | None] = mapped_column(String(500))
    telephone: Mapped[str | None] = mapped_column(String(30))
    website: Mapped[str | None] = mapped_column(String(300))
    last_ofsted_on: Mapped[date | None] = mapped_column(Date)
    number_on_roll: Mapped[int | None] = mapped_column(Integer)
    headteacher: Mapped[str | None] = mapped_column(String(200))
    nominated_lead: Mapped[str | None] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __mapper_args__ = {"version_id_col": version}

    @property
    def phase_label(self) -> str:
        return PHASES.get(self.phase, self.phase)

    def __repr__(self) -> str:
        return f"<School {self.urn} {self.name}>"
