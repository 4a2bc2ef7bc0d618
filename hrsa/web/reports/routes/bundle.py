"""Views: every school's report for a cycle as one ZIP, for city roles, made by a background job.

The overview links to a page saying how many reports the ZIP will hold; its button starts the
job (hrsa.services.jobs) and sends the person to the job's page, which shows the progress and
then the download. Nothing long happens in the request, whatever the size of the city.
"""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from hrsa.core.errors import NotFound
from hrsa.core.vocabulary.jobs import JobKind
from hrsa.extensions import db
from hrsa.models import Cycle
from hrsa.services import access
from hrsa.services.reports import bundle
from hrsa.web.errors import render_error
from hrsa.web.jobs.starting import start_job
from hrsa.web.reports import bp
from hrsa.web.security import CITY_ROLES, role_required


def _cycle_and_ids(cycle_id: int) -> tuple[Cycle, list[int]]:
    """The cycle and its assessments' ids; NotFound when either is missing."""
    cycle = access.cycle_for(db.session, current_user, cycle_id)
    return cycle, bundle.assessment_ids(db.session, cycle)


@bp.route("/cycles/<int:cycle_id>/reports")
@role_required(*CITY_ROLES)
def prepare_cycle_reports(cycle_id: int) -> tuple[str, int]:
    """The page that starts the ZIP, saying how many reports it holds (403 for school users)."""
    try:
        cycle, ids = _cycle_and_ids(cycle_id)
    except NotFound as missing:  # this 404 page says what is missing
        return render_error(404, str(missing))
    return render_template(
        "reports/cycle_reports.html",
        title=f"Every school's {cycle.name} report",
        cycle=cycle,
        count=len(ids),
        start_href=url_for("reports.cycle_reports", cycle_id=cycle.id),
        back=url_for("dashboard.overview", cycle=cycle.id),
    ), 200


@bp.route("/cycles/<int:cycle_id>/reports.zip", methods=["GET", "POST"])
@role_required(*CITY_ROLES)
def cycle_reports(cycle_id: int) -> Response | tuple[str, int]:
    """POST: start the job making the ZIP; GET (an old link): the page that starts it."""
    try:
        cycle, _ids = _cycle_and_ids(cycle_id)
    except NotFound as missing:  # this 404 page says what is missing
        return render_error(404, str(missing))
    if request.method == "GET":
        return redirect(url_for("reports.prepare_cycle_reports", cycle_id=cycle.id))
    return start_job(JobKind.REPORTS_ZIP, {"cycle_id": cycle.id})
