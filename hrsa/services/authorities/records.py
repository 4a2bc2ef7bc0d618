"""Authorities and their wards as data: creating, finding and changing them.

The service runs for one authority today (hrsa.services.authorities.branding names it on every
page); a school belongs to an authority and names one of its wards. Wards come from the schools
(added or imported), never from a constant, and an administrator may rename them or give their
ONS code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import and_, func, select, update
from sqlalchemy.orm import Session

from hrsa.core.errors import NotFound, ServiceError
from hrsa.core.vocabulary.audit import AuditAction
from hrsa.models import Authority, School, Ward
from hrsa.services import audit

LA_CODE = re.compile(r"^[0-9]{3}$")
WARD_CODE = re.compile(r"^[EWSN][0-9]{8}$")
DETAIL_FIELDS = (
    "name",
    "service_name",
    "partnership_name",
    "contact_email",
    "contact_phone",
    "contact_url",
)


@dataclass(frozen=True)
class AuthorityDetails:
    """What an administrator may change about an authority (not its DfE code)."""

    name: str
    service_name: str
    partnership_name: str
    contact_email: str | None = None
    contact_phone: str | None = None
    contact_url: str | None = None


def la_code_problem(code: str) -> str | None:
    """Why a DfE local-authority code is not one, or None: three digits, like 879."""
    if not LA_CODE.match(code):
        return "Local authority code must be 3 digits, like 879"
    return None


def _checked(details: AuthorityDetails) -> AuthorityDetails:
    """The details trimmed, or a ServiceError naming the first one missing."""
    values = {field: (getattr(details, field) or "").strip() or None for field in DETAIL_FIELDS}
    if not values["name"]:
        raise ServiceError("Enter the authority's name", field="name")
    if not values["service_name"]:
        raise ServiceError("Enter the name the service goes by", field="service_name")
    if not values["partnership_name"]:
        raise ServiceError("Enter the partnership's name", field="partnership_name")
    url = values["contact_url"]
    if url and not re.match(r"^https?://[^\s/]+\.[^\s]+$", url):
        raise ServiceError(
            "Enter the website's address, like https://www.example.gov.uk", field="contact_url"
        )
    return AuthorityDetails(**values)  # type: ignore[arg-type]


def create_authority(
    session: Session, *, code: str, details: AuthorityDetails, user_id: int | None = None
) -> Authority:
    """Add an authority after checking its code is three digits and not taken."""
    code = code.strip()
    problem = la_code_problem(code)
    if problem:
        raise ServiceError(problem, field="code")
    if find_authority(session, code) is not None:
        raise ServiceError(f"Local authority {code} already exists", field="code")
    checked = _checked(details)
    authority = Authority(code=code, **{f: getattr(checked, f) for f in DETAIL_FIELDS})
    session.add(authority)
    session.flush()
    audit.record(
        session,
        user_id=user_id,
        action=AuditAction.CREATE,
        entity="authority",
        entity_id=authority.id,
        detail=f"{authority.name} ({authority.code})",
    )
    return authority


def update_authority(
    session: Session, authority: Authority, details: AuthorityDetails, *, user_id: int | None
) -> Authority:
    """Change the authority's details, auditing each change (old -> new)."""
    checked = _checked(details)
    changes = {}
    for field in DETAIL_FIELDS:
        new = getattr(checked, field)
        if getattr(authority, field) != new:
            changes[field] = (getattr(authority, field), new)
            setattr(authority, field, new)
    audit.write(session, audit.changes("authority", authority.id, changes), user_id=user_id)
    session.flush()
    return authority


def find_authority(session: Session, code: str) -> Authority | None:
    """The authority with this DfE code, or None."""
    return session.scalar(select(Authority).where(Authority.code == code.strip()))


def service_authority(session: Session) -> Authority | None:
    """The authority the service runs for: the first one made (None before any is)."""
    return session.scalar(select(Authority).order_by(Authority.id).limit(1))


def authority_or_404(session: Session, authority_id: int) -> Authority:
    """The authority with this id, or NotFound."""
    authority = session.get(Authority, authority_id)
    if authority is None:
        raise NotFound("No such authority")
    return authority


# --- wards ----------------------------------------------------------------------------------


def wards(session: Session, authority_id: int | None) -> list[Ward]:
    """The authority's wards by name (every authority's, without one)."""
    query = select(Ward).order_by(Ward.name, Ward.id)
    if authority_id is not None:
        query = query.where(Ward.authority_id == authority_id)
    return list(session.scalars(query))


def ward_names(session: Session, authority_id: int | None) -> list[str]:
    """The names of the authority's wards, alphabetically (every authority's, without one)."""
    query = select(Ward.name).distinct().order_by(Ward.name)
    if authority_id is not None:
        query = query.where(Ward.authority_id == authority_id)
    return list(session.scalars(query))


def ensure_ward(session: Session, authority_id: int, name: str, code: str | None = None) -> Ward:
    """The authority's ward of this name, made if it is new; a code fills one still missing."""
    ward = session.scalar(select(Ward).where(Ward.authority_id == authority_id, Ward.name == name))
    if ward is None:
        ward = Ward(authority_id=authority_id, name=name, code=code or None)
        session.add(ward)
        session.flush()
    elif code and not ward.code:
        ward.code = code
    return ward


def ward_or_404(session: Session, ward_id: int) -> Ward:
    """The ward with this id, or NotFound."""
    ward = session.get(Ward, ward_id)
    if ward is None:
        raise NotFound("No such ward")
    return ward


def update_ward(
    session: Session, ward: Ward, *, name: str, code: str | None, user_id: int | None
) -> Ward:
    """Rename a ward or give its ONS code; its schools move with the name, audited."""
    name = " ".join(name.split())
    code = (code or "").strip().upper() or None
    if not name:
        raise ServiceError("Enter the ward's name", field="name")
    if len(name) > 100:
        raise ServiceError("Ward name must be 100 characters or fewer", field="name")
    if code and not WARD_CODE.match(code):
        raise ServiceError("ONS code must be a letter and 8 digits, like E05008941", field="code")
    clash = session.scalar(
        select(Ward).where(
            Ward.authority_id == ward.authority_id, Ward.name == name, Ward.id != ward.id
        )
    )
    if clash is not None:
        raise ServiceError(f"The authority already has a ward called {name}", field="name")
    changes: dict[str, tuple[str | None, str | None]] = {}
    if ward.name != name:
        changes["name"] = (ward.name, name)
        session.execute(
            update(School)
            .where(School.authority_id == ward.authority_id, School.ward == ward.name)
            .values(ward=name)
            .execution_options(synchronize_session="fetch")
        )
        ward.name = name
    if ward.code != code:
        changes["code"] = (ward.code, code)
        ward.code = code
    audit.write(session, audit.changes("ward", ward.id, changes), user_id=user_id)
    session.flush()
    return ward


@dataclass(frozen=True)
class WardRow:
    """A ward as the administrator's list shows it: with how many schools name it."""

    ward_id: int
    name: str
    code: str | None
    schools: int


def ward_rows(session: Session, authority_id: int) -> list[WardRow]:
    """The authority's wards by name, each with its number of schools (one query)."""
    rows = session.execute(
        select(Ward.id, Ward.name, Ward.code, func.count(School.id))
        .outerjoin(School, and_(School.authority_id == Ward.authority_id, School.ward == Ward.name))
        .where(Ward.authority_id == authority_id)
        .group_by(Ward.id, Ward.name, Ward.code)
        .order_by(Ward.name, Ward.id)
    )
    return [WardRow(row[0], row[1], row[2], int(row[3])) for row in rows]
