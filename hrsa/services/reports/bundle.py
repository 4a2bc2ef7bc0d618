"""Every school's report for a cycle as one ZIP, streamed so memory stays flat.

Each school's report is gathered, drawn and written into the archive one at a time, and the
archive's bytes are handed on as soon as each entry is written: the download link and the
`hrsa report --all` command hold one school's report in memory, never the whole city's.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from hrsa.config import DEFAULT_MIN_CELL_SCHOOLS
from hrsa.core.errors import NotFound
from hrsa.models import Assessment, Cycle, School
from hrsa.pdf import render_school_report
from hrsa.services.reports import school_report
from hrsa.services.surveys.figures import DEFAULT_MIN_RESPONSES


class _Drain:
    """A write-only stream whose bytes are taken away as they arrive (zipfile writes into it)."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []
        self._written = 0

    def write(self, data: bytes, /) -> int:
        self._parts.append(bytes(data))
        self._written += len(data)
        return len(data)

    def tell(self) -> int:
        return self._written

    def flush(self) -> None:
        return None

    def close(self) -> None:
        return None

    def take(self) -> bytes:
        """The bytes written since the last take."""
        data, self._parts = b"".join(self._parts), []
        return data


def assessment_ids(session: Session, cycle: Cycle) -> list[int]:
    """The cycle's assessments, one per school, by school name; NotFound if there are none."""
    ids = list(
        session.scalars(
            select(Assessment.id)
            .join(School, Assessment.school_id == School.id)
            .where(Assessment.cycle_id == cycle.id)
            .order_by(School.name, School.urn)
        )
    )
    if not ids:
        raise NotFound(f"No school has an assessment in the {cycle.name} cycle.")
    return ids


def entry_name(report: school_report.SchoolReport) -> str:
    """'113355-tamar-view-primary-2026-27-report.pdf': the school's URN, then its name and cycle."""
    return f"{report.school.urn}-{school_report.report_filename(report)}"


def zip_chunks(
    session: Session,
    ids: Sequence[int],
    *,
    now: datetime,
    min_schools: int = DEFAULT_MIN_CELL_SCHOOLS,
    min_responses: int = DEFAULT_MIN_RESPONSES,
    on_each: Callable[[str], None] | None = None,
) -> Iterator[bytes]:
    """The ZIP of these assessments' reports, in pieces: one report built and sent at a time
    (on_each hears each school's name once its report is in the archive)."""
    stream = _Drain()
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for assessment_id in ids:
            assessment = session.get(Assessment, assessment_id)
            if assessment is None:  # removed since the list was read
                continue
            report = school_report.school_report(
                session,
                assessment,
                now=now,
                min_schools=min_schools,
                min_responses=min_responses,
            )
            archive.writestr(entry_name(report), render_school_report(report))
            if on_each is not None:
                on_each(report.school.name)
            yield stream.take()
    yield stream.take()
