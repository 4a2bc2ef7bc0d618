"""Inviting a school's leads and staff in one go, from a CSV of URN, name, email and role
(lead or staff).

Every row is checked first and the preview shows each row's problems; only a file with none is
invited (all of it, in one transaction), so a corrected file can simply be uploaded again.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from hrsa.core.errors import ServiceError
from hrsa.core.vocabulary.people import Role
from hrsa.models import School, User
from hrsa.services.accounts.identity import normalise_email
from hrsa.services.accounts.people import MAX_NAME, invite_person

COLUMNS = ("urn", "name", "email", "role")
ROLES = {"lead": Role.SCHOOL_LEAD, "staff": Role.SCHOOL_STAFF}
MAX_ROWS = 1000
# The checked file goes back in the confirmation form, whose text fields Werkzeug caps at
# 500,000 bytes (MAX_FORM_MEMORY_SIZE): 200 KB is far more than 1,000 rows need.
MAX_BYTES = 200 * 1024
MAX_EMAIL = 254
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
URN = re.compile(r"^[0-9]{6}$")


@dataclass(frozen=True)
class InviteRow:
    """One row of the file as the preview shows it, with what is wrong with it."""

    row: int
    urn: str
    name: str
    email: str
    role: str
    school_id: int | None = None
    school_name: str | None = None
    problems: tuple[str, ...] = ()

    @property
    def role_label(self) -> str:
        role = ROLES.get(self.role)
        return role.label if role else self.role


@dataclass(frozen=True)
class InviteBatch:
    """The file's rows, or why the file as a whole cannot be read."""

    rows: tuple[InviteRow, ...] = ()
    problem: str | None = None

    @property
    def rows_with_problems(self) -> int:
        return sum(1 for row in self.rows if row.problems)

    @property
    def ready(self) -> bool:
        """Whether every row can be invited."""
        return self.problem is None and bool(self.rows) and not self.rows_with_problems


def read_file(session: Session, data: bytes) -> tuple[str, InviteBatch]:
    """The uploaded file's text (UTF-8 with or without a byte-order mark, else ISO-8859-1)
    and its rows checked; a file over 200 KB is refused unread."""
    if len(data) > MAX_BYTES:
        return "", InviteBatch(problem="The file must be smaller than 200 KB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("iso-8859-1")
    return text, read_invites(session, text)


def read_invites(session: Session, text: str) -> InviteBatch:
    """Check every row of the CSV text (the header is row 1)."""
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        return InviteBatch(problem=f"The file could not be read as a CSV: {error}")
    header = [name.strip().lower() for name in (records[0] if records else [])]
    if not set(COLUMNS) <= set(header):
        return InviteBatch(
            problem="The file's first row must name the columns URN, name, email and role"
        )
    at = {name: header.index(name) for name in COLUMNS}
    body = [
        (n, cells) for n, cells in enumerate(records[1:], start=2) if any(c.strip() for c in cells)
    ]
    if not body:
        return InviteBatch(problem="The file has no one to invite below its first row")
    if len(body) > MAX_ROWS:
        return InviteBatch(problem=f"The file can invite up to {MAX_ROWS:,} people at a time")
    raw = [
        (n, {name: (cells[i] if i < len(cells) else "").strip() for name, i in at.items()})
        for n, cells in body
    ]
    schools = _schools(session, [values["urn"] for _, values in raw])
    taken = _taken(session, [values["email"] for _, values in raw])
    first_row: dict[str, int] = {}
    rows = []
    for number, values in raw:
        email = normalise_email(values["email"]) if values["email"] else ""
        school = schools.get(values["urn"])
        problems = _problems(values, email, school, taken, first_row.get(email))
        first_row.setdefault(email, number)
        rows.append(
            InviteRow(
                row=number,
                urn=values["urn"],
                name=" ".join(values["name"].split()),
                email=email,
                role=values["role"].lower(),
                school_id=school.id if school else None,
                school_name=school.name if school else None,
                problems=problems,
            )
        )
    return InviteBatch(rows=tuple(rows))


def _problems(
    values: dict[str, str],
    email: str,
    school: School | None,
    taken: set[str],
    earlier_row: int | None,
) -> tuple[str, ...]:
    """What is wrong with one row, in the columns' order."""
    problems = []
    urn = values["urn"]
    if not URN.match(urn):
        problems.append("URN must be 6 digits, like 113521")
    elif school is None:
        problems.append(f"No school has URN {urn}")
    elif school.is_closed:
        problems.append(f"{school.name} is closed")
    if not values["name"]:
        problems.append("Enter the person's full name")
    elif len(values["name"]) > MAX_NAME:
        problems.append(f"Full name must be {MAX_NAME} characters or fewer")
    if not email:
        problems.append("Enter the person's email address")
    elif len(email) > MAX_EMAIL or not EMAIL.match(email):
        problems.append("Enter an email address in the correct format, like name@example.org")
    elif email in taken:
        problems.append(f"There is already an account for {email}")
    elif earlier_row is not None:
        problems.append(f"{email} is also on row {earlier_row}")
    if values["role"].lower() not in ROLES:
        problems.append("Role must be lead or staff")
    return tuple(problems)


def _schools(session: Session, urns: list[str]) -> dict[str, School]:
    wanted = sorted({urn for urn in urns if URN.match(urn)})
    if not wanted:
        return {}
    return {s.urn: s for s in session.scalars(select(School).where(School.urn.in_(wanted)))}


def _taken(session: Session, emails: list[str]) -> set[str]:
    wanted = sorted({normalise_email(email) for email in emails if email})
    if not wanted:
        return set()
    return set(session.scalars(select(User.email).where(User.email.in_(wanted))))


def invite_all(
    session: Session, batch: InviteBatch, *, secret_key: str, invited_by_id: int
) -> list[tuple[User, str]]:
    """Invite every row (the caller sends the emails and commits); refused unless ready."""
    if not batch.ready:
        raise ServiceError("Correct the rows with problems, then upload the file again")
    return [
        invite_person(
            session,
            email=row.email,
            name=row.name,
            role=ROLES[row.role],
            school_id=row.school_id,
            secret_key=secret_key,
            invited_by_id=invited_by_id,
        )
        for row in batch.rows
    ]
