"""Views: the downloads page, and the ratings and delivery-plan exports in CSV or XLSX."""

from __future__ import annotations

from datetime import date

from flask import render_template
from werkzeug.wrappers import Response

from hrsa.core.formatting import download_name, uk_today
from hrsa.exports import ExportFormat
from hrsa.extensions import db
from hrsa.services.downloads import plans as plans_service
from hrsa.services.downloads import ratings as export_service
from hrsa.web.downloads import bp
from hrsa.web.responses import audited_download, cycle_and_format
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


@bp.route("/exports/ratings/<int:cycle_id>.<any(csv, xlsx):fmt>")
@role_required(*CITY_ROLES)
def ratings(cycle_id: int, fmt: str) -> Response:
    cycle, export_format = cycle_and_format(cycle_id, fmt)
    filename = download_name(
        "hrsa", "ratings", cycle.name, on=date.today(), ext=export_format.value
    )
    chunks = export_service.ratings_chunks(db.session, export_format, cycle.id)
    return audited_download(chunks, filename, export_format, entity="ratings")


@bp.route("/exports/plans/<int:cycle_id>.<any(csv, xlsx):fmt>")
@role_required(*CITY_ROLES)
def plans(cycle_id: int, fmt: str) -> Response:
    """Every school's delivery plan for the cycle, one row per action."""
    cycle, export_format = cycle_and_format(cycle_id, fmt)
    filename = download_name(
        "hrsa", "delivery-plans", cycle.name, on=date.today(), ext=export_format.value
    )
    chunks = plans_service.plans_chunks(db.session, export_format, cycle.id, uk_today())
    return audited_download(chunks, filename, export_format, entity="plans")
