"""`hrsa report`: one school's PDF report written on the server, for admins.

The same services as the download link build the report. A school, cycle or assessment that
is not there is a one-sentence message and a non-zero exit, never an empty file; the file
appears only when it is complete (written beside it, then renamed).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from hrsa.cli_report_all import checked_out, write_every_report
from hrsa.cli_report_city import write_city_report
from hrsa.core.errors import NotFound
from hrsa.extensions import db
from hrsa.models.base import utcnow
from hrsa.pdf import render_school_report
from hrsa.services.reports import school_report


def _write_whole(target: Path, data: bytes) -> None:
    handle, partial = tempfile.mkstemp(dir=target.parent, prefix=".hrsa-report-")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(partial, target)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


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
        return write_every_report(cycle_name, out)  # hrsa/cli_report_all.py
    if city:
        pdf = write_city_report(cycle_name, out, in_progress=in_progress, moderated=moderated)
        _write_whole(Path(out), pdf)
        return click.echo(f"Wrote the {cycle_name} citywide summary report to {out}.")
    if urn is None:
        raise click.UsageError("Give --school-urn, or --all with --cycle.")
    target = checked_out(out, ".pdf")
    try:
        assessment = school_report.assessment_by_urn(db.session, urn, cycle_name)
    except NotFound as missing:
        raise click.ClickException(str(missing)) from missing
    min_schools = current_app.config["HRSA_MIN_CELL_SCHOOLS"]
    report = school_report.school_report(
        db.session, assessment, now=utcnow(), min_schools=min_schools
    )
    _write_whole(target, render_school_report(report))
    draft = " (a draft: not yet submitted)" if report.is_draft else ""
    click.echo(f"Wrote the {report.cycle} report of {report.school.name}{draft} to {target}.")
