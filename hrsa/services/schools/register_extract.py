"""Reading an establishment extract of Get Information about Schools (GIAS), England's register
of schools: the `edubasealldataYYYYMMDD.csv` download, with DfE's own column names.

The file is read as a stream, one row at a time, so a whole-England extract (about 50,000 rows)
takes flat memory: only the rows of the authority being imported are kept. It is UTF-8 (with or
without a byte-order mark) or, in older extracts, ISO-8859-1; names are kept as written ("Môr").

Every row of the authority is checked before anything is imported: a missing column, a URN
that is not 6 digits, a phase hrsa cannot place or a URN given twice refuses the whole file, each
problem named by its row as a spreadsheet numbers it (the header is row 1) and its column.
Rows of other authorities are skipped and counted, unchecked.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime
from typing import IO, Any

from hrsa.core.errors import ServiceError
from hrsa.core.vocabulary.schools import PHASES
from hrsa.services.schools.register_phases import NOT_APPLICABLE, NOT_SCHOOL_TYPES, hrsa_phase

URN = "URN"
NAME = "EstablishmentName"
LA_CODE = "LA (code)"
LA_NAME = "LA (name)"
STATUS = "EstablishmentStatus (name)"
TYPE = "TypeOfEstablishment (name)"
PHASE = "PhaseOfEducation (name)"
WARD_CODE = "AdministrativeWard (code)"
WARD_NAME = "AdministrativeWard (name)"
REQUIRED_COLUMNS = (URN, NAME, LA_CODE, LA_NAME, STATUS, TYPE, PHASE, WARD_CODE, WARD_NAME)
# Any one of these in the first row says the file means to be an extract.
SIGNATURE = (URN, NAME, LA_CODE)
MAX_PROBLEMS = 20
URN_PATTERN = re.compile(r"^[0-9]{6}$")

OPEN_STATUSES = frozenset({"Open", "Open, but proposed to close"})
CLOSED = "Closed"
NOT_YET_OPEN = "Proposed to open"

# The longest each text may be, as the school's columns store it.
LIMITS = {
    "address": 500,
    "telephone": 30,
    "website": 300,
    "headteacher": 200,
    "establishment_type": 100,
    "ward_name": 100,
    "ward_code": 9,
}


@dataclass(frozen=True)
class Problem:
    """Why one cell refuses the file: its row (as a spreadsheet numbers it) and column."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column}: {self.message}"


class ExtractRefused(ServiceError):
    """The file cannot be imported; nothing was. `problems` names each row and column."""

    def __init__(self, problems: list[Problem] | None = None, *, message: str | None = None):
        self.problems = problems or []
        if message is None:
            first = self.problems[0]
            more = len(self.problems) - 1
            extra = f" (and {more} more problem{'s' if more != 1 else ''})" if more else ""
            message = f"Nothing was imported: {first}{extra}"
        super().__init__(message)


@dataclass(frozen=True)
class RegisterSchool:
    """One establishment of the authority as the register gives it, in hrsa's terms."""

    row: int
    urn: str
    name: str
    is_open: bool
    phase: str
    establishment_type: str
    ward_name: str
    ward_code: str | None = None
    statutory_low_age: int | None = None
    statutory_high_age: int | None = None
    address: str | None = None
    telephone: str | None = None
    website: str | None = None
    headteacher: str | None = None
    number_on_roll: int | None = None
    last_ofsted_on: date | None = None

    @property
    def phase_label(self) -> str:
        return PHASES.get(self.phase, self.phase)


@dataclass
class Extract:
    """What an extract holds for one authority, and what it skipped."""

    authority_code: str
    authority_name: str | None = None
    schools: list[RegisterSchool] = field(default_factory=list)
    other_authorities: int = 0
    not_schools: int = 0
    not_yet_open: int = 0
    encoding: str = "UTF-8"

    def to_json(self) -> dict[str, Any]:
        """The extract as JSON can hold it (dates as ISO text)."""
        data = asdict(self)
        for school in data["schools"]:
            if school["last_ofsted_on"] is not None:
                school["last_ofsted_on"] = school["last_ofsted_on"].isoformat()
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Extract:
        """The extract to_json() made."""
        schools = [
            replace(
                RegisterSchool(**{**school, "last_ofsted_on": None}),
                last_ofsted_on=date.fromisoformat(school["last_ofsted_on"])
                if school["last_ofsted_on"]
                else None,
            )
            for school in data["schools"]
        ]
        return cls(**{**data, "schools": schools})


def read_extract(stream: IO[bytes], authority_code: str) -> Extract:
    """The authority's rows of the extract, checked; ExtractRefused when the file is not an
    extract or any of the authority's rows is wrong. The stream must be seekable (a file read
    as UTF-8 that turns out not to be is read again as ISO-8859-1)."""
    start = stream.tell()
    try:
        return _read(stream, "utf-8-sig", authority_code)
    except UnicodeDecodeError:
        stream.seek(start)
        return _read(stream, "iso-8859-1", authority_code)


def _read(stream: IO[bytes], encoding: str, authority_code: str) -> Extract:
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    try:
        return _read_rows(csv.reader(text), authority_code, encoding)
    except csv.Error as error:
        raise ExtractRefused(
            message=f"The file is not a Get Information about Schools extract: {error}"
        ) from None
    finally:
        text.detach()


def _read_rows(rows: Iterator[list[str]], authority_code: str, encoding: str) -> Extract:
    header = [name.strip() for name in next(rows, [])]
    columns = _columns(header)
    extract = Extract(
        authority_code=authority_code,
        encoding="UTF-8" if encoding != "iso-8859-1" else "ISO-8859-1",
    )
    problems: list[Problem] = []
    first_row: dict[str, int] = {}
    code_at = columns[LA_CODE]
    for number, cells in enumerate(rows, start=2):
        if code_at >= len(cells) or cells[code_at].strip() != authority_code:
            if any(cell.strip() for cell in cells):
                extract.other_authorities += 1
            continue
        row = _Row(number, cells, columns)
        school = _school(row, extract, problems)
        if school is not None:
            if school.urn in first_row:
                problems.append(
                    Problem(number, URN, f"URN {school.urn} is also on row {first_row[school.urn]}")
                )
            else:
                first_row[school.urn] = number
                extract.schools.append(school)
        if extract.authority_name is None and row.text(LA_NAME):
            extract.authority_name = row.text(LA_NAME)
        if len(problems) >= MAX_PROBLEMS:
            break
    if problems:
        raise ExtractRefused(problems)
    return extract


def _columns(header: list[str]) -> dict[str, int]:
    """Where each column is; refuses a file that is not an extract or lacks a column."""
    if not any(name in header for name in SIGNATURE):
        raise ExtractRefused(
            message=(
                "The file is not a Get Information about Schools extract: its first row has no "
                "URN, EstablishmentName or LA (code) column"
            )
        )
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise ExtractRefused(
            [Problem(1, name, "the extract has no such column") for name in missing]
        )
    return {name: index for index, name in reversed(list(enumerate(header)))}


class _Row:
    """One row's cells by column name."""

    def __init__(self, number: int, cells: list[str], columns: dict[str, int]) -> None:
        self.number = number
        self.cells = cells
        self.columns = columns

    def text(self, column: str, limit: int | None = None) -> str | None:
        index = self.columns.get(column)
        if index is None or index >= len(self.cells):
            return None
        value = " ".join(self.cells[index].split())
        return (value[:limit] if limit else value) or None

    def number_in(self, column: str) -> int | None:
        value = (self.text(column) or "").replace(",", "")
        return int(value) if value.isascii() and value.isdigit() else None


def _school(row: _Row, extract: Extract, problems: list[Problem]) -> RegisterSchool | None:
    """The row as a school, or None (skipped, or its problems added to `problems`)."""
    status = row.text(STATUS) or ""
    kind = row.text(TYPE) or ""
    found = len(problems)
    urn = row.text(URN) or ""
    if not URN_PATTERN.match(urn):
        shown = f", not {urn}" if urn else ""
        problems.append(Problem(row.number, URN, f"URN must be 6 digits, like 113521{shown}"))
    if status == NOT_YET_OPEN:
        extract.not_yet_open += 1
        return None
    if status not in OPEN_STATUSES and status != CLOSED:
        problems.append(
            Problem(
                row.number,
                STATUS,
                "status must be Open, Open, but proposed to close, Closed or Proposed to open"
                + (f", not {status}" if status else ""),
            )
        )
    if kind in NOT_SCHOOL_TYPES:
        extract.not_schools += 1
        return None
    is_open = status in OPEN_STATUSES
    name = row.text(NAME) or ""
    if not name:
        problems.append(Problem(row.number, NAME, "the school has no name"))
    elif len(name) > 200:
        problems.append(Problem(row.number, NAME, "the name is longer than 200 characters"))
    low, high = row.number_in("StatutoryLowAge"), row.number_in("StatutoryHighAge")
    phase = hrsa_phase(kind, row.text(PHASE) or "", low, high)
    if phase is None and is_open:
        problems.append(
            Problem(row.number, PHASE, f"hrsa has no phase for {row.text(PHASE) or 'a blank'}")
        )
    ward_name = row.text(WARD_NAME, LIMITS["ward_name"])
    if ward_name is None and is_open:
        problems.append(Problem(row.number, WARD_NAME, "the school has no ward"))
    if len(problems) > found:
        return None
    return RegisterSchool(
        row=row.number,
        urn=urn,
        name=name,
        is_open=is_open,
        phase=phase or "",
        establishment_type=kind[: LIMITS["establishment_type"]],
        ward_name=ward_name or "",
        ward_code=row.text(WARD_CODE, LIMITS["ward_code"]),
        statutory_low_age=low,
        statutory_high_age=high,
        address=_address(row),
        telephone=row.text("TelephoneNum", LIMITS["telephone"]),
        website=_website(row.text("SchoolWebsite")),
        headteacher=_headteacher(row),
        number_on_roll=row.number_in("NumberOfPupils"),
        last_ofsted_on=_date(row.text("OfstedLastInsp")),
    )


def _address(row: _Row) -> str | None:
    parts = [row.text(column) for column in ("Street", "Locality", "Town", "Postcode")]
    return ", ".join(part for part in parts if part)[: LIMITS["address"]] or None


def _website(value: str | None) -> str | None:
    """The register's web address with https:// when it has no scheme (as the profile form
    adds it); None when it is not one."""
    if not value or " " in value:
        return None
    if not re.match(r"^https?://", value, re.IGNORECASE):
        value = f"https://{value}"
    return value[: LIMITS["website"]]


def _headteacher(row: _Row) -> str | None:
    title = row.text("HeadTitle (name)")
    if title in (NOT_APPLICABLE, "Not recorded"):
        title = None
    parts = [title, row.text("HeadFirstName"), row.text("HeadLastName")]
    if not parts[1] and not parts[2]:
        return None
    return " ".join(part for part in parts if part)[: LIMITS["headteacher"]]


def _date(value: str | None) -> date | None:
    """The register's dates are dd-mm-yyyy (older extracts dd/mm/yyyy)."""
    for pattern in ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(value or "", pattern).date()
        except ValueError:
            continue
    return None
