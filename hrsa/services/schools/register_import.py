"""Importing an authority's schools from the national register: what an extract would add,
change, close and leave alone (the preview), and doing it.

The register owns what names and places a school: name, phase, ward, type and age range. What
the school keeps up itself (address, telephone, website, headteacher, roll, Ofsted date) is
filled from the register while empty, and afterwards changed only when the register changes it:
each school keeps the register's values of its last import (School.register_values), so a
second import of the same extract changes nothing, even where the school has typed something
else since. What only the school gives (its nominated lead, its assessment) is never touched.
A school the register now lists as Closed is marked closed, never deleted. Every change is
audited, old -> new.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hrsa.core.errors import ServiceError
from hrsa.core.vocabulary.audit import AuditAction
from hrsa.core.vocabulary.schools import PHASES
from hrsa.models import Authority, School, Ward
from hrsa.services import audit
from hrsa.services.authorities import records as authorities
from hrsa.services.schools.register_extract import Extract, RegisterSchool

# Set from the register whenever it changes them (or, never imported before, when they differ).
REGISTER_OWNS = (
    "name",
    "phase",
    "ward",
    "establishment_type",
    "statutory_low_age",
    "statutory_high_age",
)
# Filled from the register while the school's is empty; then changed only when the register
# changes them.
SCHOOL_KEEPS_UP = (
    "address",
    "telephone",
    "website",
    "headteacher",
    "number_on_roll",
    "last_ofsted_on",
)
FIELD_LABELS = {
    "name": "Name",
    "phase": "Phase",
    "ward": "Ward",
    "establishment_type": "Type",
    "statutory_low_age": "Lowest age",
    "statutory_high_age": "Highest age",
    "address": "Address",
    "telephone": "Telephone",
    "website": "Website",
    "headteacher": "Headteacher",
    "number_on_roll": "Number on roll",
    "last_ofsted_on": "Last Ofsted inspection",
    "authority_id": "Authority",
    "is_closed": "Closed",
}
CHUNK = 500


@dataclass(frozen=True)
class Change:
    field: str
    old: Any
    new: Any

    @property
    def label(self) -> str:
        return FIELD_LABELS[self.field]

    @property
    def old_text(self) -> str:
        return self._shown(self.old)

    @property
    def new_text(self) -> str:
        return self._shown(self.new)

    def _shown(self, value: Any) -> str:
        """A value as the preview says it."""
        if value is None or value == "":
            return "blank"
        if isinstance(value, bool):
            return "Yes" if value else "No"
        if self.field == "phase":
            return PHASES.get(value, value)
        return _text(value)


@dataclass(frozen=True)
class SchoolChanges:
    """An existing school and what the import changes about it."""

    school_id: int
    urn: str
    name: str
    changes: tuple[Change, ...]


@dataclass
class ImportPlan:
    """What importing the extract would do, before anything is written."""

    authority_code: str
    authority_name: str
    new_authority: bool
    added: list[RegisterSchool] = field(default_factory=list)
    changed: list[SchoolChanges] = field(default_factory=list)
    closed: list[SchoolChanges] = field(default_factory=list)
    unchanged: list[SchoolChanges] = field(default_factory=list)
    closed_elsewhere: int = 0  # Closed on the register and never in the service: nothing to do
    other_authorities: int = 0
    not_schools: int = 0
    not_yet_open: int = 0

    @property
    def changes_anything(self) -> bool:
        return bool(self.new_authority or self.added or self.changed or self.closed)

    def summary(self, *, done: bool = False) -> str:
        """The plan in one sentence: what it would do, or (`done`) what it did."""
        add, change, close = (
            ("added", "changed", "marked closed")
            if done
            else ("to add", "to change", "to mark closed")
        )
        parts = [
            f"{len(self.added)} {add}",
            f"{len(self.changed)} {change}",
            f"{len(self.closed)} {close}",
            f"{len(self.unchanged)} unchanged",
        ]
        skipped = (
            f"; skipped {self.other_authorities} of other authorities, {self.not_schools} "
            f"not schools, {self.not_yet_open} not yet open and {self.closed_elsewhere} closed"
        )
        return ", ".join(parts) + skipped


@dataclass(frozen=True)
class _Planned:
    """One register school against its school in the service (None: to add)."""

    register: RegisterSchool
    school: School | None
    values: dict[str, Any]
    snapshot: dict[str, str]
    changes: tuple[Change, ...]


def plan_import(session: Session, extract: Extract) -> ImportPlan:
    """What importing the extract into its authority would add, change, close and leave."""
    return _plan(session, extract)[0]


def apply_import(session: Session, extract: Extract, *, user_id: int | None) -> ImportPlan:
    """Import the extract (the caller commits): the plan, done, each change audited."""
    plan, planned = _plan(session, extract)
    authority = authorities.find_authority(session, extract.authority_code)
    if authority is None:
        authority = authorities.create_authority(
            session,
            code=extract.authority_code,
            details=authorities.AuthorityDetails(
                name=plan.authority_name,
                service_name=f"Healthy relationships in {plan.authority_name}",
                partnership_name=f"{plan.authority_name} safeguarding partnership",
            ),
            user_id=user_id,
        )
    wards = _Wards(session, authority.id)
    events: list[audit.Event] = []
    added: list[School] = []
    for item in planned:
        ward = wards.name_for(item.register) if item.register.is_open else None
        if item.school is None:
            school = School(
                urn=item.register.urn,
                authority_id=authority.id,
                register_values=item.snapshot,
                **{**item.values, "ward": ward},
            )
            session.add(school)
            added.append(school)
            continue
        school = item.school
        for change in item.changes:
            new = authority.id if change.field == "authority_id" else change.new
            setattr(school, change.field, new)
        if school.register_values != item.snapshot:
            school.register_values = item.snapshot
        events += audit.changes(
            "school",
            school.id,
            {c.field: (c.old, c.new) for c in item.changes},
            school_id=school.id,
        )
    session.flush()
    events += [
        audit.Event(
            AuditAction.CREATE,
            "school",
            school.id,
            school_id=school.id,
            detail=f"{school.name} ({school.urn}), from the register",
        )
        for school in added
    ]
    audit.write(session, events, user_id=user_id)
    session.flush()
    return plan


def _plan(session: Session, extract: Extract) -> tuple[ImportPlan, list[_Planned]]:
    authority = authorities.find_authority(session, extract.authority_code)
    if authority is None and not extract.authority_name:
        raise ServiceError(
            f"No authority has code {extract.authority_code}: it is not set up in the service "
            "and the extract has no schools of it",
            field="authority",
        )
    plan = ImportPlan(
        authority_code=extract.authority_code,
        authority_name=authority.name if authority else extract.authority_name or "",
        new_authority=authority is None,
        other_authorities=extract.other_authorities,
        not_schools=extract.not_schools,
        not_yet_open=extract.not_yet_open,
    )
    wards = _Wards(session, authority.id) if authority else None
    existing = _schools_by_urn(session, [school.urn for school in extract.schools])
    planned: list[_Planned] = []
    for register in extract.schools:
        school = existing.get(register.urn)
        ward = wards.name_for(register, make=False) if wards else register.ward_name
        if not register.is_open:
            if school is None:
                plan.closed_elsewhere += 1
            elif not school.is_closed:
                change = Change("is_closed", False, True)
                plan.closed.append(SchoolChanges(school.id, school.urn, school.name, (change,)))
                planned.append(
                    _Planned(register, school, {}, school.register_values or {}, (change,))
                )
            else:
                plan.unchanged.append(SchoolChanges(school.id, school.urn, school.name, ()))
            continue
        values = _register_values(register, ward)
        snapshot = _snapshot(register)
        if school is None:
            plan.added.append(register)
            planned.append(_Planned(register, None, values, snapshot, ()))
            continue
        changes = _changes(school, values, snapshot, authority)
        row = SchoolChanges(school.id, school.urn, school.name, changes)
        (plan.changed if changes else plan.unchanged).append(row)
        if changes or school.register_values != snapshot:
            planned.append(_Planned(register, school, values, snapshot, changes))
    return plan, planned


def _register_values(register: RegisterSchool, ward: str) -> dict[str, Any]:
    """The school's columns as the register gives them."""
    values = {name: getattr(register, name) for name in REGISTER_OWNS if name != "ward"}
    values["ward"] = ward
    values.update({name: getattr(register, name) for name in SCHOOL_KEEPS_UP})
    return values


def _snapshot(register: RegisterSchool) -> dict[str, str]:
    """The register's values as text, to tell next time what the register changed."""
    values: dict[str, Any] = {
        name: getattr(register, name)
        for name in (*REGISTER_OWNS, *SCHOOL_KEEPS_UP)
        if name != "ward"
    }
    values["ward"] = f"{register.ward_code or ''}|{register.ward_name}"
    return {name: _text(value) for name, value in values.items() if value is not None}


def _text(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def _changes(
    school: School,
    values: dict[str, Any],
    snapshot: dict[str, str],
    authority: Authority | None,
) -> tuple[Change, ...]:
    """What the import changes about an existing school (see the module's docstring)."""
    before = school.register_values
    changes = []
    for name in (*REGISTER_OWNS, *SCHOOL_KEEPS_UP):
        new, old = values[name], getattr(school, name)
        if new is None or new == old:
            continue
        key = "ward" if name == "ward" else name
        if before is not None and key in before:
            register_changed = before.get(key) != snapshot.get(key)
        else:
            register_changed = name in REGISTER_OWNS or old in (None, "")
        if register_changed:
            changes.append(Change(name, old, new))
    if authority is not None and school.authority_id != authority.id:
        changes.append(Change("authority_id", school.authority_id, authority.id))
    if school.is_closed:
        changes.append(Change("is_closed", True, False))
    return tuple(changes)


def _schools_by_urn(session: Session, urns: list[str]) -> dict[str, School]:
    found: dict[str, School] = {}
    for start in range(0, len(urns), CHUNK):
        chunk = urns[start : start + CHUNK]
        found.update(
            (school.urn, school)
            for school in session.scalars(select(School).where(School.urn.in_(chunk)))
        )
    return found


class _Wards:
    """The authority's wards, read once: a register ward is found by its ONS code (so a ward an
    administrator renamed keeps its new name), else by name, else made."""

    def __init__(self, session: Session, authority_id: int) -> None:
        self.session = session
        self.authority_id = authority_id
        self.by_code: dict[str, Ward] = {}
        self.by_name: dict[str, Ward] = {}
        self._remember(authorities.wards(session, authority_id))

    def _remember(self, wards: Iterable[Ward]) -> None:
        for ward in wards:
            self.by_name[ward.name] = ward
            if ward.code:
                self.by_code[ward.code] = ward

    def name_for(self, register: RegisterSchool, *, make: bool = True) -> str:
        """The ward's name in the service, making the ward when it is new (with `make`)."""
        ward = (self.by_code.get(register.ward_code) if register.ward_code else None) or (
            self.by_name.get(register.ward_name)
        )
        if not make:
            return ward.name if ward else register.ward_name
        if ward is None:
            ward = authorities.ensure_ward(
                self.session, self.authority_id, register.ward_name, register.ward_code
            )
            self._remember([ward])
        elif register.ward_code and not ward.code:
            ward.code = register.ward_code
            self._remember([ward])
        return ward.name
