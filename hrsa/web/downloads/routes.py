"""Views: the downloads page, and the ratings and delivery-plan exports in CSV or XLSX.

A whole cycle's export can be large, so each is made by a background job: the page's buttons
POST here, which starts the job and shows its page (progress, then the file)."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from hrsa.core.vocabulary.jobs import JobKind
from hrsa.exports import ExportFormat
from hrsa.extensions import db
from hrsa.services.downloads import ratings as export_service
from hrsa.web.downloads import bp
from hrsa.web.jobs.starting import start_job
from hrsa.web.responses import cycle_and_format
from hrsa.web.security import CITY_ROLES, role_required


@bp.route("/exports")
@role_required(*CITY_ROLES)
def index() -> str:
    return render_template(
        "downloads/index.html",
        title="Downloads",
        cycles=export_service.cycle_choices(db.session),
        formats=list(ExportFormat),
    )


def _export(kind: JobKind, cycle_id: int, fmt: str) -> Response | tuple[str, int]:
    """POST: start the export's job; GET (an old link): the downloads page."""
    cycle, export_format = cycle_and_format(cycle_id, fmt)
    if request.method != "POST":
        return redirect(url_for("downloads.index"))
    return start_job(kind, {"cycle_id": cycle.id, "format": export_format.value})


@bp.route("/exports/ratings/<int:cycle_id>.<any(csv, xlsx):fmt>", methods=["GET", "POST"])
@role_required(*CITY_ROLES)
def ratings(cycle_id: int, fmt: str) -> Response | tuple[str, int]:
    """Every stored rating of the cycle, one row per school and standard."""
    return _export(JobKind.RATINGS_EXPORT, cycle_id, fmt)


@bp.route("/exports/plans/<int:cycle_id>.<any(csv, xlsx):fmt>", methods=["GET", "POST"])
@role_required(*CITY_ROLES)
def plans(cycle_id: int, fmt: str) -> Response | tuple[str, int]:
    """Every school's delivery plan for the cycle, one row per action."""
    return _export(JobKind.PLANS_EXPORT, cycle_id, fmt)
