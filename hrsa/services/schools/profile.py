"""Schools: creating them, editing their profile (the tool's header), and the city's list of
schools with where each stands in a cycle: Not started, In progress (with how many standards
are rated) or Submitted."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, and_, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from hrsa.core.errors import Conflict, ServiceError
from hrsa.core.pagination import PER_PAGE, Page, paginate, window
from hrsa.core.vocabulary.assessment import AssessmentStatus
from hrsa.core.vocabulary.audit import AuditAction
from hrsa.core.vocabulary.schools import PHASES
from hrsa.models import Assessment, Cycle, Rating, School
from hrsa.services import audit
from hrsa.services.authorities import records as authorities
from hrsa.services.cycles import framework_versions

# [0-9], not \d: other scripts' digits (a fullwidth ９) would look like a real URN.
URN_PATTERN = re.compile(r"^[0-9]{6}$")
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

# What places a school in the city's figures: the administrator's to change, never the school's.
IDENTITY_FIELDS = ("name", "urn", "phase", "ward", "neighbourhood")


def school_editable_fields(school: School) -> tuple[str, ...]:
    """What the school's own lead may change: what the Self-Assessment Tool asks the school to
    give (address, contacts, roll, headteacher, nominated lead), and the date of its last
    Ofsted inspection only while the profile has none."""
    fields = [f for f in PROFILE_FIELDS if f not in IDENTITY_FIELDS]
    if school.last_ofsted_on is not None:
        fields.remove("last_ofsted_on")
    return tuple(fields)


# The Self-Assessment Tool's header: what a school's profile must say before its assessment is
# submitted (the assessment completion date is the submission itself), with each field's name.
REQUIRED_PROFILE_FIELDS: dict[str, str] = {
    "name": "School name",
    "ward": "Ward",
    "address": "Address",
    "telephone": "Telephone",
    "website": "Website",
    "last_ofsted_on": "Date of last Ofsted inspection",
    "number_on_roll": "Number on roll",
    "nominated_lead": "Nominated lead",
    "headteacher": "Headteacher",
}


def urn_problem(session: Session, urn: str, school_id: int | None = None) -> str | None:
    """Why a URN cannot be used, or None: six digits, unique across schools."""
    if not URN_PATTERN.match(urn):
        return "URN must be 6 digits, like 113521"
    other = session.scalar(select(School).where(School.urn == urn))
    if other is not None and other.id != school_id:
        return f"URN {urn} is already used by {other.name}"
    return None


MAX_SEARCH = 100


def clean_search(text: str | None) -> str | None:
    """What was typed into a search box, trimmed and capped, or None when it is blank."""
    return " ".join((text or "").split())[:MAX_SEARCH] or None


def matches_search(search: str) -> ColumnElement[bool]:
    """Schools whose name contains the text (any case) or whose URN contains it: "%" and "_"
    are plain characters, not wildcards."""
    return or_(
        School.name.icontains(search, autoescape=True),
        School.urn.contains(search, autoescape=True),
    )


def school_by_urn(session: Session, urn: str) -> School:
    """The school with this URN, or a ServiceError saying there is none."""
    school = session.scalar(select(School).where(School.urn == urn.strip()))
    if school is None:
        raise ServiceError(f"No school has URN {urn}", field="urn")
    return school


def create_school(
    session: Session,
    *,
    urn: str,
    name: str,
    phase: str,
    ward: str,
    authority_id: int | None = None,
    user_id: int | None = None,
    **profile: Any,
) -> School:
    """Add a school after checking its URN and phase, to the authority given (the service's
    authority by default); a ward new to the authority becomes one of its wards."""
    urn = urn.strip()
    problem = urn_problem(session, urn)
    if problem:
        raise ServiceError(problem, field="urn")
    if phase not in PHASES:
        raise ServiceError(f"Phase must be one of: {', '.join(PHASES)}", field="phase")
    if not name.strip():
        raise ServiceError("Enter the school's name", field="name")
    if not ward.strip():
        raise ServiceError("Enter the school's ward", field="ward")
    if authority_id is None:
        authority = authorities.service_authority(session)
        authority_id = authority.id if authority else None
    school = School(
        urn=urn,
        name=name.strip(),
        phase=phase,
        ward=ward.strip(),
        authority_id=authority_id,
        **profile,
    )
    session.add(school)
    session.flush()
    if authority_id is not None:
        authorities.ensure_ward(session, authority_id, school.ward)
    audit.record(
        session,
        user_id=user_id,
        action=AuditAction.CREATE,
        entity="school",
        entity_id=school.id,
        school_id=school.id,
        detail=f"{school.name} ({school.urn})",
    )
    return school


SCHOOL_CHANGED_MEANWHILE = (
    "Someone else saved changes to this school while you were changing it, so nothing was "
    "saved. Your answers are below: check them against the school's current details and save "
    "again."
)


def update_profile(
    session: Session,
    school: School,
    values: dict[str, Any],
    *,
    user_id: int | None,
    expected_version: int | None = None,
    allowed: tuple[str, ...] = PROFILE_FIELDS,
) -> School:
    """Change the profile fields given, auditing each change (old -> new); fields not in
    `allowed` are ignored (a school's lead: school_editable_fields). With `expected_version`
    (the version the person started editing from), refuse with Conflict when someone else
    saved the school since."""
    values = {field: value for field, value in values.items() if field in allowed}
    if expected_version is not None and school.version != expected_version:
        raise Conflict(SCHOOL_CHANGED_MEANWHILE)
    if "urn" in values:
        problem = urn_problem(session, values["urn"], school.id)
        if problem:
            raise ServiceError(problem, field="urn")
    last_ofsted = values.get("last_ofsted_on")
    if isinstance(last_ofsted, date) and last_ofsted > date.today():
        raise ServiceError(
            "Date of last Ofsted inspection must be today or in the past", field="last_ofsted_on"
        )
    changes = {}
    for field in PROFILE_FIELDS:
        if field in values and getattr(school, field) != values[field]:
            changes[field] = (getattr(school, field), values[field])
            setattr(school, field, values[field])
    if "ward" in changes and school.authority_id is not None and school.ward:
        authorities.ensure_ward(session, school.authority_id, school.ward)
    audit.write(
        session, audit.changes("school", school.id, changes, school_id=school.id), user_id=user_id
    )
    try:
        session.flush()
    except StaleDataError:
        raise Conflict(SCHOOL_CHANGED_MEANWHILE) from None
    return school


def missing_profile_fields(school: School) -> list[tuple[str, str]]:
    """(field, name) of each of the tool header's fields the school's profile leaves empty, in
    the header's order: all must be filled before the school's assessment is submitted."""
    missing = []
    for field, label in REQUIRED_PROFILE_FIELDS.items():
        value = getattr(school, field)
        if value is None or (isinstance(value, str) and not value.strip()):
            missing.append((field, label))
    return missing


# --- the city's list of schools -------------------------------------------------------------


@dataclass(frozen=True)
class SchoolStatus:
    """One row of the city's list: a school and its assessment for the cycle, if any."""

    school_id: int
    name: str
    urn: str
    phase: str
    ward: str
    assessment_id: int | None
    status: AssessmentStatus
    rated: int
    total: int
    submitted_at: datetime | None


def school_statuses(
    session: Session,
    cycle: Cycle | None,
    *,
    page: int = 1,
    phase: str | None = None,
    ward: str | None = None,
    search: str | None = None,
    per_page: int = PER_PAGE,
) -> Page[SchoolStatus]:
    """One page of schools by name with their status in the cycle: two queries whatever the
    number of schools (a count, and the page with rated standards counted by GROUP BY).
    `search` keeps the schools whose name or URN contains it."""
    total = session.scalar(_filtered(select(func.count(School.id)), phase, ward, search)) or 0
    shown = window(page, total, per_page)
    query = _filtered(_status_query(cycle.id if cycle else None), phase, ward, search)
    rows = session.execute(
        query.order_by(School.name, School.id).limit(shown.limit).offset(shown.offset)
    ).all()
    standards = _standard_count(cycle)
    return Page(
        items=[_school_status(row, standards) for row in rows],
        number=shown.number,
        pages=shown.pages,
        total=total,
    )


def _filtered(
    query: Select, phase: str | None, ward: str | None, search: str | None = None
) -> Select:
    """The query narrowed to one phase, one ward and a name or URN search, when given."""
    if search:
        query = query.where(matches_search(search))
    if phase:
        query = query.where(School.phase == phase)
    if ward:
        query = query.where(School.ward == ward)
    return query


def _status_query(cycle_id: int | None) -> Select:
    """Every school with its assessment for the cycle (if any) and how many standards it rated."""
    columns = (
        School.id,
        School.name,
        School.urn,
        School.phase,
        School.ward,
        Assessment.id,
        Assessment.status,
        Assessment.submitted_at,
    )
    return (
        select(*columns, func.count(Rating.rag))
        .outerjoin(
            Assessment, and_(Assessment.school_id == School.id, Assessment.cycle_id == cycle_id)
        )
        .outerjoin(Rating, Rating.assessment_id == Assessment.id)
        .group_by(*columns)
    )


def _standard_count(cycle: Cycle | None) -> int:
    """How many standards the cycle's framework has (0 without a cycle)."""
    if cycle is None:
        return 0
    return len(framework_versions.framework_of(cycle.framework_version).standards)


def _school_status(row: Row, standards: int) -> SchoolStatus:
    """One row of _status_query as the list shows it."""
    school_id, name, urn, phase, ward, assessment_id, stored, submitted_at, rated = row
    return SchoolStatus(
        school_id=school_id,
        name=name,
        urn=urn,
        phase=phase,
        ward=ward,
        assessment_id=assessment_id,
        status=_status(stored),
        rated=int(rated or 0),
        total=standards,
        submitted_at=submitted_at,
    )


def _status(stored: str | None) -> AssessmentStatus:
    """No assessment row means Not started; any stored status but Submitted is In progress."""
    if stored is None:
        return AssessmentStatus.NOT_STARTED
    if stored == AssessmentStatus.SUBMITTED:
        return AssessmentStatus.SUBMITTED
    return AssessmentStatus.IN_PROGRESS


def wards_in_use(session: Session) -> list[str]:
    """Every ward that has a school, alphabetically (for the list's filter)."""
    return list(session.scalars(select(School.ward).distinct().order_by(School.ward)))


def schools_page(session: Session, page: int, search: str | None = None) -> Page[School]:
    """Schools by name; with `search`, those whose name or URN contains it (any case)."""
    query = select(School).order_by(School.name, School.id)
    if search:
        query = query.where(matches_search(search))
    return paginate(session, query, page)


def find_school(session: Session, text: str | None) -> School:
    """The one school whose URN is `text`, or whose name is it or contains it (any case); a
    ServiceError saying why not: none, or several (naming a few, so the URN can be given)."""
    search = clean_search(text)
    if not search:
        raise ServiceError("Enter the school's URN or name", field="school")
    if URN_PATTERN.match(search):
        found = session.scalar(select(School).where(School.urn == search))
        if found is None:
            raise ServiceError(f"No school has URN {search}", field="school")
        return found
    named = list(
        session.scalars(select(School).where(func.lower(School.name) == search.lower()).limit(2))
    )
    if len(named) == 1:
        return named[0]
    matches = list(
        session.scalars(
            select(School).where(matches_search(search)).order_by(School.name, School.id).limit(4)
        )
    )
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise ServiceError(f"No school's name or URN contains ‘{search}’", field="school")
    examples = ", ".join(f"{s.name} ({s.urn})" for s in matches[:3])
    more = " and others" if len(matches) > 3 else ""
    raise ServiceError(
        f"More than one school matches ‘{search}’: {examples}{more}. Enter the school's URN",
        field="school",
    )
