"""Views: the downloads page and the ratings export in CSV or XLSX."""

from __future__ import annotations

from datetime import date

from flask import abort, render_template
from flask_login import current_user
from werkzeug.wrappers import Response

from hrsa.exports import ExportFormat
from hrsa.exports_web import bp
from hrsa.exports_web.responses import download
from hrsa.extensions import db
from hrsa.models import Cycle
from hrsa.security import CITY_ROLES, role_required
from hrsa.services import audit
from hrsa.services import exports as export_service


@bp.route("/exports")
@role_required(*CITY_ROLES)
def index() -> str:
    return render_template(
        "exports/index.html",
        title="Download ratings",
        cycles=export_service.cycle_choices(db.session),
        formats=list(ExportFormat),
    )


@bp.route("/exports/ratings/<int:cycle_id>.<any(csv, xlsx):fmt>")
@role_required(*CITY_ROLES)
def ratings(cycle_id: int, fmt: str) -> Response:
    cycle = db.session.get(Cycle, cycle_id)
    if cycle is None:
        abort(404)
    export_format = ExportFormat(fmt)
    filename = export_service.ratings_filename(cycle.name, export_format, date.today())
    audit.record(
        db.session, user_id=current_user.id, action="export", entity="ratings", detail=filename
    )
    db.session.commit()
    return download(
        export_service.ratings_chunks(db.session, export_format, cycle.id), filename, export_format
    )
