"""`hrsa report`: a school's PDF report, every school's reports as a ZIP (--all), or the citywide
summary report (--city), written on the server by the same services as the download links.

A school, cycle or assessment that is not there is a one-sentence message and a non-zero exit,
never an empty file; a file appears only when it is complete (hrsa.cli.files.written_whole). The
ZIP is streamed one school at a time, with a progress bar on a terminal (click hides it when
stdout is not a terminal).
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from hrsa.cli.files import checked_out, written_whole
from hrsa.core.errors import NotFound
from hrsa.core.formatting import plural
from hrsa.extensions import db
from hrsa.models.base import utcnow
from hrsa.pdf import render_school_report
from hrsa.pdf.city_report import render_city_report
from hrsa.services.cycles import framework_versions, lookup
from hrsa.services.dashboard.counting import Counting
from hrsa.services.dashboard.figures import Filters
from hrsa.services.reports import bundle, city_report, school_report


@click.command("report")
@click.option("--school-urn", "urn", default=None, help="The school's URN, e.g. 113355")
@click.option("--all", "every_school", is_flag=True, help="Every school's report as a ZIP")
@click.option("--city", is_flag=True, help="The citywide summary report (with --cycle)")
@click.option("--in-progress", is_flag=True, help="--city: count assessments in progress too")
@click.option("--moderated", is_flag=True, help="--city: moderated ratings where moderated")
@click.option("--cycle", "cycle_name", default=None, help="The cycle's name (default: latest)")
@click.option("--out", required=True, help="The file to write: .pdf (.zip with --all)")
@with_appcontext
def report_command(
    urn: str | None,
    every_school: bool,
    city: bool,
    in_progress: bool,
    moderated: bool,
    cycle_name: str | None,
    out: str,
) -> None:
    """Write one school's self-assessment report as a PDF (or, with --all, a cycle's as a ZIP;
    with --city, the citywide summary report as a PDF)."""
    if every_school:
        write_every_report(cycle_name, out)
    elif city:
        write_city_report(cycle_name, out, in_progress=in_progress, moderated=moderated)
    elif urn is None:
        raise click.UsageError("Give --school-urn, or --all with --cycle.")
    else:
        write_school_report(urn, cycle_name, out)


def _min_schools() -> int:
    return int(current_app.config["HRSA_MIN_CELL_SCHOOLS"])


def write_school_report(urn: str, cycle_name: str | None, out: str) -> None:
    """One school's report for the cycle (the latest by default) as a PDF."""
    target = checked_out(out, ".pdf")
    try:
        assessment = school_report.assessment_by_urn(db.session, urn, cycle_name)
    except NotFound as missing:
        raise click.ClickException(str(missing)) from missing
    report = school_report.school_report(
        db.session,
        assessment,
        now=utcnow(),
        min_schools=_min_schools(),
        min_responses=int(current_app.config["HRSA_SURVEY_MIN_RESPONSES"]),
    )
    with written_whole(target) as stream:
        stream.write(render_school_report(report))
    draft = " (a draft: not yet submitted)" if report.is_draft else ""
    click.echo(f"Wrote the {report.cycle} report of {report.school.name}{draft} to {target}.")


def _required_cycle(cycle_name: str | None) -> str:
    if cycle_name is None:
        raise click.UsageError("Give the cycle with --cycle, e.g. --cycle 2026/27.")
    return cycle_name


def write_every_report(cycle_name: str | None, out: str) -> None:
    """Every school's report in the cycle, in one ZIP file."""
    name = _required_cycle(cycle_name)
    target = checked_out(out, ".zip")
    try:
        cycle = lookup.cycle_by_name(db.session, name)
        ids = bundle.assessment_ids(db.session, cycle)
    except NotFound as missing:
        raise click.ClickException(str(missing)) from missing
    with (
        written_whole(target) as stream,
        click.progressbar(length=len(ids), label="Writing reports") as bar,
    ):
        chunks = bundle.zip_chunks(
            db.session,
            ids,
            now=utcnow(),
            min_schools=_min_schools(),
            on_each=lambda _name: bar.update(1),
        )
        for chunk in chunks:
            stream.write(chunk)
    click.echo(f"Wrote {plural(len(ids), 'report')} for the {cycle.name} cycle to {target}.")


def write_city_report(
    cycle_name: str | None, out: str, *, in_progress: bool, moderated: bool
) -> None:
    """The citywide summary report with the dashboard's default filters (submitted assessments,
    the schools' own ratings) unless --in-progress or --moderated say otherwise."""
    name = _required_cycle(cycle_name)
    target: Path = checked_out(out, ".pdf")
    try:
        cycle = lookup.cycle_by_name(db.session, name)
        report = city_report.city_report(
            db.session,
            framework_versions.framework_of(cycle.framework_version),
            cycle,
            lookup.previous_of(lookup.all_cycles(db.session), cycle),
            Filters(counting=Counting.chosen(in_progress), moderated=moderated),
            min_schools=_min_schools(),
            now=utcnow(),
        )
    except NotFound as missing:
        raise click.ClickException(str(missing)) from missing
    with written_whole(target) as stream:
        stream.write(render_city_report(report))
    click.echo(f"Wrote the {name} citywide summary report to {target}.")
