"""`hrsa report --city --cycle NAME --out FILE.pdf`: the citywide summary report, for admins.

The same services as the overview's download link; the whole city with the dashboard's default
filters (submitted assessments, the schools' own ratings) unless --in-progress or --moderated
say otherwise. An unknown cycle or one with nothing counted is a message and a non-zero exit.
"""

from __future__ import annotations

import click
from flask import current_app

from hrsa.cli_report_all import checked_out
from hrsa.core.errors import NotFound
from hrsa.extensions import db
from hrsa.models.base import utcnow
from hrsa.pdf.city_report import render_city_report
from hrsa.services.cycles import framework_versions, lookup
from hrsa.services.dashboard.figures import Filters
from hrsa.services.reports import bundle, city_report


def write_city_report(
    cycle_name: str | None, out: str, *, in_progress: bool, moderated: bool
) -> bytes:
    """The citywide report's PDF for the cycle (the caller writes it); ClickException if none."""
    if cycle_name is None:
        raise click.UsageError("Give the cycle with --cycle, e.g. --cycle 2026/27.")
    checked_out(out, ".pdf")
    try:
        cycle = bundle.cycle_by_name(db.session, cycle_name)
        report = city_report.city_report(
            db.session,
            framework_versions.framework_of(cycle.framework_version),
            cycle,
            city_report.previous_of(lookup.all_cycles(db.session), cycle),
            Filters(include_in_progress=in_progress, moderated=moderated),
            min_schools=current_app.config["HRSA_MIN_CELL_SCHOOLS"],
            now=utcnow(),
        )
    except NotFound as missing:
        raise click.ClickException(str(missing)) from missing
    return render_city_report(report)
