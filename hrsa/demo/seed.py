"""Demo data: a believable city of about 100 schools across Plymouth's 20 real wards, the demo
accounts, two cycles of assessments and some moderation, so every page has something to show.

Idempotent: running it again adds only what is missing. Every random choice comes from
generators seeded by --seed (see hrsa.demo.city), so the same seed builds the same city.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hrsa.core.framework import DEFAULT_FRAMEWORK_PATH
from hrsa.core.vocabulary.people import Role
from hrsa.demo import assessments, dialogue, resources, surveys
from hrsa.demo import city as demo_city_plan
from hrsa.demo.city import SHOWCASE, SchoolPlan, plan_city
from hrsa.models import Authority, Cycle, School, User
from hrsa.services.accounts import identity
from hrsa.services.accounts import people as accounts_people
from hrsa.services.authorities import records as authorities
from hrsa.services.cycles import framework_versions, lifecycle, lookup
from hrsa.services.schools import profile

DEMO_PASSWORD = "healthy-relationships-demo"  # noqa: S105 - printed for demo sign-ins
CITY_SIZE = 100  # about as many schools as Plymouth has


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


def _ensure_authority(session: Session) -> Authority:
    """Plymouth as the service's authority, with its 20 wards."""
    authority = authorities.find_authority(session, demo_city_plan.AUTHORITY_CODE)
    if authority is None:
        authority = authorities.create_authority(
            session,
            code=demo_city_plan.AUTHORITY_CODE,
            details=authorities.AuthorityDetails(
                name=demo_city_plan.AUTHORITY_NAME,
                service_name=demo_city_plan.SERVICE_NAME,
                partnership_name=demo_city_plan.PARTNERSHIP_NAME,
            ),
        )
    for ward in demo_city_plan.WARD_NAMES:
        authorities.ensure_ward(session, authority.id, ward)
    return authority


def _ensure_schools(session: Session, plans: list[SchoolPlan], result: SeedResult) -> list[School]:
    """The planned schools, creating those that do not exist yet (the URN says which)."""
    authority = _ensure_authority(session)
    existing = {
        school.urn: school
        for school in session.scalars(select(School).where(School.urn.in_([p.urn for p in plans])))
    }
    made: list[School] = []
    for plan in plans:
        school = existing.get(plan.urn)
        if school is None:
            school = profile.create_school(
                session,
                urn=plan.urn,
                name=plan.name,
                phase=plan.phase,
                ward=plan.ward,
                authority_id=authority.id,
                neighbourhood=plan.neighbourhood,
                **plan.profile,
            )
            result.schools_created += 1
        made.append(school)
    return made


def _ensure_user(
    session: Session,
    result: SeedResult,
    email: str,
    name: str,
    role: Role,
    school: School | None,
) -> User:
    user = identity.find_by_email(session, email)
    if user is None:
        user = accounts_people.create_user(
            session,
            email=email,
            name=name,
            role=role,
            school_id=school.id if school else None,
            password=DEMO_PASSWORD,
        )
    result.users.append((role.value, email, school.name if school else "all schools"))
    return user


def _ensure_cycles(session: Session) -> tuple[Cycle, Cycle]:
    wanted = [
        ("2025/26", date(2025, 9, 1), date(2026, 7, 31)),
        ("2026/27", date(2026, 9, 1), date(2027, 7, 31)),
    ]
    made = []
    for name, opens, closes in wanted:
        cycle = lookup.cycle_named(session, name)
        made.append(
            cycle or lifecycle.open_cycle(session, name=name, opens_on=opens, closes_on=closes)
        )
    return made[0], made[1]


def _ensure_people(session: Session, city: list[School], result: SeedResult) -> dict[str, User]:
    """The demo accounts: two leads and a staff member at the pilot schools, and city roles."""
    lead_school = city[0]
    other_school = city[1] if len(city) > 1 else city[0]
    wanted = [
        ("lead@school.example", "Sarah Trelawny", Role.SCHOOL_LEAD, lead_school),
        ("staff@school.example", "Tom Pengelly", Role.SCHOOL_STAFF, lead_school),
        ("lead2@school.example", "Priya Singh", Role.SCHOOL_LEAD, other_school),
        ("commissioner@city.example", "Helen Carew", Role.COMMISSIONER, None),
        ("advisory@city.example", "Marcus Okafor", Role.ADVISORY, None),
        ("admin@city.example", "Gareth Hawkins", Role.ADMIN, None),
    ]
    return {
        email: _ensure_user(session, result, email, name, role, school)
        for email, name, role, school in wanted
    }


def seed(session: Session, *, school_count: int = CITY_SIZE, seed: int = 2018) -> SeedResult:
    """Create (or top up) the demo city and return what to tell the person running it."""
    result = SeedResult()
    if framework_versions.latest_version(session) is None:
        framework_versions.import_framework(session, DEFAULT_FRAMEWORK_PATH)
    plans = plan_city(max(school_count, SHOWCASE), seed)
    city = _ensure_schools(session, plans, result)
    previous_cycle, current_cycle = _ensure_cycles(session)
    people = _ensure_people(session, city, result)
    leads = {
        user.school_id: user
        for user in people.values()
        if user.role == Role.SCHOOL_LEAD.value and user.school_id is not None
    }
    demo_city = assessments.DemoCity(
        seed=seed,
        plans=plans,
        schools=city,
        previous_cycle=previous_cycle,
        current_cycle=current_cycle,
        leads=leads,
        moderator=people["advisory@city.example"],
    )
    result.notes += assessments.seed(session, demo_city)
    result.notes += dialogue.seed(session, current_cycle.id, demo_city.moderator)
    result.notes += resources.seed(session, people, city)
    result.notes += surveys.seed(session, city, current_cycle, seed=seed)
    total = session.scalar(select(func.count()).select_from(School)) or 0
    result.notes.append(
        f"{total} schools in all; cycles: {previous_cycle.name}, {current_cycle.name}."
    )
    return result
