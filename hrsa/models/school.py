"""A school: the tool's header fields (name, URN, phase, ward, contacts, roll)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from hrsa.core.vocabulary.schools import PHASES
from hrsa.extensions import db
from hrsa.models.base import UTCDateTime, utcnow

# Plymouth's 20 electoral wards (the city's areas for reporting), each with a neighbourhood
# inside or beside it for the demo data.
WARDS: list[tuple[str, str]] = [
    ("Budshead", "Whitleigh"),
    ("Compton", "Mannamead"),
    ("Devonport", "Morice Town"),
    ("Drake", "Mutley"),
    ("Efford and Lipson", "Lipson"),
    ("Eggbuckland", "Eggbuckland"),
    ("Ham", "Ham"),
    ("Honicknowle", "Honicknowle"),
    ("Moor View", "Crownhill"),
    ("Peverell", "Peverell"),
    ("Plympton Chaddlewood", "Chaddlewood"),
    ("Plympton Erle", "Colebrook & Newnham"),
    ("Plympton St Mary", "Plympton"),
    ("Plymstock Dunstone", "Elburton & Dunstone"),
    ("Plymstock Radford", "Hooe"),
    ("St Budeaux", "St Budeaux"),
    ("St Peter and the Waterfront", "Stonehouse"),
    ("Southway", "Southway"),
    ("Stoke", "Stoke"),
    ("Sutton and Mount Gould", "East End"),
]
WARD_NAMES: tuple[str, ...] = tuple(ward for ward, _ in WARDS)


class School(db.Model):  # type: ignore[name-defined]
    __tablename__ = "school"
    # The schools heatmap walks schools in name order (0005).
    __table_args__ = (Index("ix_school_name_id", "name", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    urn: Mapped[str] = mapped_column(String(6), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    phase: Mapped[str] = mapped_column(String(30), index=True)
    ward: Mapped[str] = mapped_column(String(100), index=True)
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
