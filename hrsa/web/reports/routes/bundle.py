"""Views: every school's report for a cycle as one ZIP, for city roles, streamed as it is built.

The archive is sent a school at a time (hrsa.services.reports.bundle), so the server holds one
report at once. The overview links to a page that fetches the archive with a script
(static/src/report_bundle.js) and shows how many reports are ready as the file arrives (the
number to expect is in the X-Report-Count header); without JavaScript it offers the plain link.
"""

from __future__ import annotations

from flask import Response, current_app, render_template, url_for
from flask_login import current_user

from hrsa.core.errors import NotFound
from hrsa.core.formatting import download_name
from hrsa.extensions import db
from hrsa.models import Cycle
from hrsa.models.base import utcnow
from hrsa.services import access
from hrsa.services.reports import bundle
from hrsa.web.errors import render_error
from hrsa.web.reports import bp
from hrsa.web.responses import audited_download
from hrsa.web.security import CITY_ROLES, role_required

REPORT_COUNT_HEADER = "X-Report-Count"


def _cycle_and_ids(cycle_id: int) -> tuple[Cycle, list[int]]:
    """The cycle and its assessments' ids; NotFound when either is missing."""
    cycle = access.cycle_for(db.session, current_user, cycle_id)
    return cycle, bundle.assessment_ids(db.session, cycle)


def _filename(cycle: Cycle) -> str:
    """'reports-2026-27.zip'."""
    return download_name("reports", cycle.name, ext="zip")


@bp.route("/cycles/<int:cycle_id>/reports")
@role_required(*CITY_ROLES)
def prepare_cycle_reports(cycle_id: int) -> tuple[str, int]:
    """The page that downloads the ZIP showing its progress (403 for school users)."""
    try:
        cycle, ids = _cycle_and_ids(cycle_id)
    except NotFound as missing:  # this 404 page says what is missing
        return render_error(404, str(missing))
    return render_template(
        "reports/cycle_reports.html",
        title=f"Every school's {cycle.name} report",
        cycle=cycle,
        count=len(ids),
        filename=_filename(cycle),
        zip_href=url_for("reports.cycle_reports", cycle_id=cycle.id),
        back=url_for("dashboard.overview", cycle=cycle.id),
    ), 200


@bp.route("/cycles/<int:cycle_id>/reports.zip")
@role_required(*CITY_ROLES)
def cycle_reports(cycle_id: int) -> Response | tuple[str, int]:
    """Every school's report in the cycle as a ZIP (403 for school users)."""
    try:
        cycle, ids = _cycle_and_ids(cycle_id)
    except NotFound as missing:  # this 404 page says what is missing
        return render_error(404, str(missing))
    chunks = bundle.zip_chunks(  # built a report at a time as the archive is sent
        db.session, ids, now=utcnow(), min_schools=current_app.config["HRSA_MIN_CELL_SCHOOLS"]
    )
    return audited_download(
        chunks,
        _filename(cycle),
        "application/zip",
        entity="report",
        headers={REPORT_COUNT_HEADER: str(len(ids)), "Cache-Control": "no-store"},
    )
