"""View: the citywide summary report as a PDF, for the overview's filters, made by a job.

The overview's button POSTs here with its filters in the query string; this view checks them
and starts the job (hrsa.services.jobs), whose page shows the progress and then the PDF. The
figures come from the same services as the dashboard pages (hrsa.services.reports.city_report).
An unknown cycle is "Page not found"; a cycle in which the filters count no assessment is a job
that says so, never an empty PDF.
"""

from __future__ import annotations

from dataclasses import asdict

from flask import redirect, request, url_for
from werkzeug.wrappers import Response

from hrsa.core.vocabulary.jobs import JobKind
from hrsa.web.dashboard import bp
from hrsa.web.dashboard.forms import FilterForm
from hrsa.web.dashboard.presenters.filters import read_filters
from hrsa.web.errors import render_error
from hrsa.web.jobs.starting import start_job
from hrsa.web.security import CITY_ROLES, role_required


@bp.route("/report.pdf", methods=["GET", "POST"])
@role_required(*CITY_ROLES)
def city_report() -> Response | tuple[str, int]:
    """POST: start the report's job for the filters in the query string (403 for schools);
    GET (an old link): the overview with those filters, whose button starts it."""
    form, chosen, valid = read_filters(FilterForm)
    if chosen is None or form.cycle.errors:
        return render_error(404, "There is no such cycle.")
    if not valid:
        return render_error(
            400, "Correct the filters on the city overview, then download the report again."
        )
    if request.method != "POST":
        return redirect(url_for("dashboard.overview", **form.query_args()))
    parameters = {"cycle_id": chosen.cycle.id, "filters": asdict(form.filters())}
    return start_job(JobKind.CITY_REPORT, parameters)
