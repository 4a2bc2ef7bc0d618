"""View: the citywide summary report as a PDF, for the overview's filters.

The figures come from the same services as the dashboard pages (hrsa.services.reports.city_report)
and are drawn by hrsa.pdf.city_report. An unknown cycle is "Page not found"; a cycle in which the
filters count no assessment is a page saying so, never an empty PDF.
"""

from __future__ import annotations

from flask import Response, render_template, url_for

from hrsa.extensions import db
from hrsa.models.base import utcnow
from hrsa.pdf.city_report import render_city_report
from hrsa.services.reports import city_report as city_report_service
from hrsa.web.dashboard import bp
from hrsa.web.dashboard.forms import FilterForm
from hrsa.web.dashboard.presenters.filters import read_filters
from hrsa.web.dashboard.presenters.heatmap_pages import min_schools
from hrsa.web.errors import render_error
from hrsa.web.responses import audited_download
from hrsa.web.security import CITY_ROLES, role_required

PDF = "application/pdf"


@bp.route("/report.pdf")
@role_required(*CITY_ROLES)
def city_report() -> Response | tuple[str, int]:
    """The citywide summary report for the filters in the query string (403 for schools)."""
    form, chosen, valid = read_filters(FilterForm)
    if chosen is None or form.cycle.errors:
        return render_error(404, "There is no such cycle.")
    if not valid:
        return render_error(
            400, "Correct the filters on the city overview, then download the report again."
        )
    try:
        report = city_report_service.city_report(
            db.session,
            chosen.framework,
            chosen.cycle,
            chosen.previous,
            form.filters(),
            min_schools=min_schools(),
            now=utcnow(),
        )
    except city_report_service.NothingToReport as nothing:
        return render_template(
            "dashboard/no_report.html",
            title=f"There is no {chosen.cycle.name} citywide report yet",
            text=str(nothing),
            back=url_for("dashboard.overview", **form.query_args()),
        ), 404
    pdf = render_city_report(report)
    filename = city_report_service.report_filename(report)
    return audited_download(iter([pdf]), filename, PDF, entity="city_report")
