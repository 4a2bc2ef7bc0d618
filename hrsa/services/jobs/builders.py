"""What each kind of job makes: its file written to `out` (a temporary file), one piece at a
time, so a job for the whole city holds one school's report or one fetch of rows in memory."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any, Protocol

from sqlalchemy.orm import Session

from hrsa.core.errors import NotFound
from hrsa.core.formatting import download_name
from hrsa.core.vocabulary.jobs import JobKind
from hrsa.exports import ExportFormat
from hrsa.models import Cycle, School
from hrsa.pdf.city_report import render_city_report
from hrsa.services.cycles import framework_versions, lookup
from hrsa.services.dashboard.figures import Filters
from hrsa.services.downloads import plans, ratings
from hrsa.services.operations import data_protection
from hrsa.services.reports import bundle
from hrsa.services.reports import city_report as city
from hrsa.services.surveys.figures import DEFAULT_MIN_RESPONSES
from hrsa.storage.base import Storage

ZIP = "application/zip"
PDF = "application/pdf"


class Progress(Protocol):
    """Where a job tells its record how far it has got."""

    def expect(self, total: int) -> None:
        """How many steps the job will take."""
        ...

    def advance(self) -> None:
        """One more step done."""
        ...


@dataclass(frozen=True)
class Context:
    """What a job may need beyond its parameters: the time, the store and the settings."""

    session: Session
    store: Storage
    now: datetime
    today: date
    min_schools: int
    min_responses: int = DEFAULT_MIN_RESPONSES


@dataclass(frozen=True)
class Made:
    """The file a job made: the name people download it as, and its media type."""

    file_name: str
    media_type: str


Builder = Callable[[Context, Mapping[str, Any], IO[bytes], Progress], Made]


def _cycle(session: Session, parameters: Mapping[str, Any]) -> Cycle:
    cycle = session.get(Cycle, int(parameters["cycle_id"]))
    if cycle is None:
        raise NotFound("The cycle has been removed since the download was asked for.")
    return cycle


def reports_zip(
    ctx: Context, parameters: Mapping[str, Any], out: IO[bytes], progress: Progress
) -> Made:
    """Every school's report in the cycle as one ZIP, a report at a time."""
    cycle = _cycle(ctx.session, parameters)
    ids = bundle.assessment_ids(ctx.session, cycle)
    progress.expect(len(ids))
    on_each = lambda _name: progress.advance()  # noqa: E731
    for chunk in bundle.zip_chunks(
        ctx.session,
        ids,
        now=ctx.now,
        min_schools=ctx.min_schools,
        min_responses=ctx.min_responses,
        on_each=on_each,
    ):
        out.write(chunk)
    return Made(download_name("reports", cycle.name, ext="zip"), ZIP)


def city_report(
    ctx: Context, parameters: Mapping[str, Any], out: IO[bytes], progress: Progress
) -> Made:
    """The citywide summary report for a cycle and the overview's filters, as a PDF."""
    cycle = _cycle(ctx.session, parameters)
    previous = lookup.previous_of(lookup.all_cycles(ctx.session), cycle)
    report = city.city_report(
        ctx.session,
        framework_versions.framework_of(cycle.framework_version),
        cycle,
        previous,
        Filters.from_parameters(parameters.get("filters", {})),
        min_schools=ctx.min_schools,
        now=ctx.now,
    )
    out.write(render_city_report(report))
    return Made(city.report_filename(report), PDF)


def _export(name: str, chunks: Callable[[Context, ExportFormat, int], Iterator[bytes]]) -> Builder:
    """A whole-cycle export (`name` in its file name), streamed into the file a fetch at a time."""

    def build(
        ctx: Context, parameters: Mapping[str, Any], out: IO[bytes], progress: Progress
    ) -> Made:
        cycle = _cycle(ctx.session, parameters)
        fmt = ExportFormat(parameters["format"])
        for chunk in chunks(ctx, fmt, cycle.id):
            out.write(chunk)
        filename = download_name("hrsa", name, cycle.name, on=ctx.today, ext=fmt.value)
        return Made(filename, fmt.media_type)

    return build


def school_export(
    ctx: Context, parameters: Mapping[str, Any], out: IO[bytes], progress: Progress
) -> Made:
    """Everything held about a school (JSON) and its evidence files, as one ZIP."""
    school = ctx.session.get(School, int(parameters["school_id"]))
    if school is None:
        raise NotFound("The school has been removed since the download was asked for.")
    data_protection.write_school_export(ctx.session, ctx.store, school, out)
    return Made(download_name(school.name, "data-protection-export", ext="zip", on=ctx.today), ZIP)


BUILDERS: dict[JobKind, Builder] = {
    JobKind.REPORTS_ZIP: reports_zip,
    JobKind.CITY_REPORT: city_report,
    JobKind.RATINGS_EXPORT: _export(
        "ratings", lambda ctx, fmt, cycle_id: ratings.ratings_chunks(ctx.session, fmt, cycle_id)
    ),
    JobKind.PLANS_EXPORT: _export(
        "delivery plans",
        lambda ctx, fmt, cycle_id: plans.plans_chunks(ctx.session, fmt, cycle_id, ctx.today),
    ),
    JobKind.SCHOOL_EXPORT: school_export,
}
