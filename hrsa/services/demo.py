"""Demo data: a believable city of invented schools across Plymouth's real wards.

Idempotent: running it again adds only what is missing. Random choices come from one seeded
generator, so the same --seed always builds the same city.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hrsa.models import Cycle, Role, School, User
from hrsa.models.school import WARDS
from hrsa.services import accounts, cycles, demo_assessments, frameworks, schools

DEMO_PASSWORD = "healthy-relationships-demo"  # noqa: S105 - printed for demo sign-ins
DEFAULT_FRAMEWORK = Path(__file__).resolve().parents[2] / "standards" / "eight_principles.json"

NAME_STEMS = [
    "Harbourside",
    "Tamar View",
    "Drake's Island",
    "Hoe Park",
    "Mayflower",
    "Sound View",
    "Moorland Edge",
    "Cattewater",
    "Saltram",
    "Plym Valley",
    "Barbican",
    "Royal William",
    "Citadel",
    "Ernesettle Green",
    "Millbay",
    "Lipson Vale",
    "Sutton Harbour",
    "Ford Park",
    "Central Park",
    "Jennycliff",
    "Smeaton",
    "Mount Wise",
    "Radford Lake",
    "Tothill",
    "Widey",
    "Leigham",
    "Derriford",
    "Looe Street",
    "Hooe Lake",
    "Torr",
]
PHASE_SUFFIX = {
    "primary": "Primary School",
    "secondary": "Academy",
    "all_through": "Community College",
    "special": "Special School",
    "alternative_provision": "Learning Centre",
}
PHASE_WEIGHTS = [
    ("primary", 60),
    ("secondary", 20),
    ("all_through", 4),
    ("special", 10),
    ("alternative_provision", 6),
]
ROLL = {
    "primary": (180, 630),
    "secondary": (650, 1700),
    "all_through": (900, 1900),
    "special": (60, 220),
    "alternative_provision": (20, 90),
}
FIRST = [
    "Sarah",
    "James",
    "Priya",
    "Tom",
    "Aisha",
    "Gareth",
    "Helen",
    "Marcus",
    "Nia",
    "Owen",
    "Rachel",
    "Sam",
    "Bethan",
    "Daniel",
    "Fatima",
    "Ian",
    "Jo",
    "Kieran",
    "Lucy",
    "Mo",
]
LAST = [
    "Trelawny",
    "Pengelly",
    "Hawkins",
    "Carew",
    "Roberts",
    "Okafor",
    "Singh",
    "Brown",
    "Chapman",
    "Davies",
    "Evans",
    "Foster",
    "Greenwood",
    "Hughes",
    "Khan",
    "Lewis",
]


@dataclass
class SeedResult:
    schools_created: int = 0
    users: list[tuple[str, str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        lines = [f"Demo data ready: {self.schools_created} new schools."]
        lines += self.notes
        lines.append("")
        lines.append(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
        lines += [f"  {role:<14} {email:<34} {note}" for role, email, note in self.users]
        return "\n".join(lines)


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _school_name(index: int, phase: str) -> str:
    stem = NAME_STEMS[index % len(NAME_STEMS)]
    lap = index // len(NAME_STEMS)
    return f"{stem}{' ' + str(lap + 1) if lap else ''} {PHASE_SUFFIX[phase]}"


def _ensure_schools(
    session: Session, rng: random.Random, count: int, result: SeedResult
) -> list[School]:
    phases = [p for p, w in PHASE_WEIGHTS for _ in range(w)]
    existing = {s.urn: s for s in session.scalars(select(School).where(School.urn.like("9%")))}
    made: list[School] = []
    for index in range(count):
        urn = f"{900001 + index}"
        # Draw every value even for existing schools so later schools stay the same per seed.
        phase = "secondary" if index < 2 else rng.choice(phases)
        ward, neighbourhood = WARDS[index % len(WARDS)]
        low, high = ROLL[phase]
        roll = rng.randint(low, high)
        ofsted = date(2026, 9, 1) - timedelta(days=rng.randint(60, 1500))
        head, lead = _person(rng), _person(rng)
        if urn in existing:
            made.append(existing[urn])
            continue
        name = _school_name(index, phase)
        slug = name.lower().replace("'", "").replace(" ", "")
        made.append(
            schools.create_school(
                session,
                urn=urn,
                name=name,
                phase=phase,
                ward=ward,
                neighbourhood=neighbourhood,
                address=f"{rng.randint(1, 120)} {NAME_STEMS[index % len(NAME_STEMS)]} Road",
                telephone=f"01752 {rng.randint(200000, 999999)}",
                website=f"https://www.{slug[:40]}.example.org.uk",
                last_ofsted_on=ofsted,
                number_on_roll=roll,
                headteacher=head,
                nominated_lead=lead,
            )
        )
        result.schools_created += 1
    return made


def _ensure_user(
    session: Session,
    result: SeedResult,
    email: str,
    name: str,
    role: Role,
    school: School | None,
) -> User:
    user = accounts.find_by_email(session, email)
    if user is None:
        user = accounts.create_user(
            session,
            email=email,
            name=name,
            role=role,
            school_id=school.id if school else None,
            password=DEMO_PASSWORD,
        )
    result.users.append((role.value, email, school.name if school else "all schools"))
    return user


def _ensure_cycles(session: Session) -> list[Cycle]:
    wanted = [
        ("2025/26", date(2025, 9, 1), date(2026, 7, 31)),
        ("2026/27", date(2026, 9, 1), date(2027, 7, 31)),
    ]
    made = []
    for name, opens, closes in wanted:
        cycle = session.scalar(select(Cycle).where(Cycle.name == name))
        made.append(
            cycle or cycles.open_cycle(session, name=name, opens_on=opens, closes_on=closes)
        )
    return made


def seed(session: Session, *, school_count: int = 24, seed: int = 2018) -> SeedResult:
    """Create (or top up) the demo city and return what to tell the person running it."""
    rng = random.Random(seed)
    result = SeedResult()
    if frameworks.latest_version(session) is None:
        frameworks.import_framework(session, DEFAULT_FRAMEWORK)
    city = _ensure_schools(session, rng, school_count, result)
    demo_cycles = _ensure_cycles(session)
    lead_school = city[0]
    staff_school = city[1] if len(city) > 1 else city[0]
    _ensure_user(
        session, result, "lead@school.example", "Sarah Trelawny", Role.SCHOOL_LEAD, lead_school
    )
    _ensure_user(
        session, result, "staff@school.example", "Tom Pengelly", Role.SCHOOL_STAFF, lead_school
    )
    _ensure_user(
        session, result, "lead2@school.example", "Priya Singh", Role.SCHOOL_LEAD, staff_school
    )
    _ensure_user(
        session, result, "commissioner@city.example", "Helen Carew", Role.COMMISSIONER, None
    )
    _ensure_user(session, result, "advisory@city.example", "Marcus Okafor", Role.ADVISORY, None)
    _ensure_user(session, result, "admin@city.example", "Gareth Hawkins", Role.ADMIN, None)
    result.notes += demo_assessments.seed(session, rng, city, demo_cycles)
    total = session.scalar(select(func.count()).select_from(School)) or 0
    result.notes.append(
        f"{total} schools in all; cycles: {', '.join(c.name for c in demo_cycles)}."
    )
    return result
