"""Schools: creating them and editing their profile (the tool's header)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hrsa.models import School
from hrsa.models.school import PHASES
from hrsa.services import ServiceError, audit

URN_PATTERN = re.compile(r"^\d{6}$")
PROFILE_FIELDS = (
    "name",
    "urn",
    "phase",
    "ward",
    "neighbourhood",
    "address",
    "telephone",
    "website",
    "last_ofsted_on",
    "number_on_roll",
    "headteacher",
    "nominated_lead",
)


def urn_problem(session: Session, urn: str, school_id: int | None = None) -> str | None:
    """Why a URN cannot be used, or None: six digits, unique across schools."""
    if not URN_PATTERN.match(urn):
        return "URN must be 6 digits, like 113521"
    other = session.scalar(select(School).where(School.urn == urn))
    if other is not None and other.id != school_id:
        return f"URN {urn} is already used by {other.name}"
    return None


def create_school(
    session: Session,
    *,
    urn: str,
    name: str,
    phase: str,
    ward: str,
    user_id: int | None = None,
    **profile: Any,
) -> School:
    """Add a school after checking its URN and phase."""
    urn = urn.strip()
    problem = urn_problem(session, urn)
    if problem:
        raise ServiceError(problem)
    if phase not in PHASES:
        raise ServiceError(f"Phase must be one of: {', '.join(PHASES)}")
    if not name.strip() or not ward.strip():
        raise ServiceError("Enter the school's name and ward")
    school = School(urn=urn, name=name.strip(), phase=phase, ward=ward.strip(), **profile)
    session.add(school)
    session.flush()
    audit.record(
        session,
        user_id=user_id,
        action="create",
        entity="school",
        entity_id=school.id,
        school_id=school.id,
        detail=f"{school.name} ({school.urn})",
    )
    return school


def update_profile(
    session: Session, school: School, values: dict[str, Any], *, user_id: int | None
) -> School:
    """Change the profile fields given, auditing each change (old -> new)."""
    if "urn" in values:
        problem = urn_problem(session, values["urn"], school.id)
        if problem:
            raise ServiceError(problem)
    last_ofsted = values.get("last_ofsted_on")
    if isinstance(last_ofsted, date) and last_ofsted > date.today():
        raise ServiceError("Date of last Ofsted inspection must be today or in the past")
    changes = {}
    for field in PROFILE_FIELDS:
        if field in values and getattr(school, field) != values[field]:
            changes[field] = (getattr(school, field), values[field])
            setattr(school, field, values[field])
    audit.record_changes(
        session,
        user_id=user_id,
        entity="school",
        entity_id=school.id,
        changes=changes,
        school_id=school.id,
    )
    session.flush()
    return school
