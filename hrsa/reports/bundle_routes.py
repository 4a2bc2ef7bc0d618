"""View: every school's report for a cycle as one ZIP, for city roles, streamed as it is built.

The archive is sent a school at a time (hrsa.services.report_bundle), so the browser's
download shows bytes arriving from the first school on, and the server holds one report at once.
"""

from __future__ import annotations

from flask import Response, current_app, stream_with_context
from flask_login import current_user

from hrsa.errors import render_error
from hrsa.extensions import db
from hrsa.models import Cycle
from hrsa.models.base import utcnow
from hrsa.reports import bp
from hrsa.security import CITY_ROLES, role_required
from hrsa.services import NotFound, audit, report_bundle
from hrsa.vocabulary import AuditAction


@bp.route("/cycles/<int:cycle_id>/reports.zip")
@role_required(*CITY_ROLES)
def cycle_reports(cycle_id: int) -> Response | tuple[str, int]:
    """Every school's report in the cycle as a ZIP (403 for school users)."""
    cycle = db.session.get(Cycle, cycle_id)
    try:
        if cycle is None:
            raise NotFound("There is no such cycle.")
        ids = report_bundle.assessment_ids(db.session, cycle)
    except NotFound as missing:
        return render_error(404, str(missing))
    filename = f"reports-{cycle.name.replace('/', '-')}.zip"
    audit.record(
        db.session,
        user_id=current_user.id,
        action=AuditAction.EXPORT,
        entity="report",
        detail=filename,
    )
    db.session.commit()
    chunks = report_bundle.zip_chunks(
        db.session, ids, now=utcnow(), min_schools=current_app.config["HRSA_MIN_CELL_SCHOOLS"]
    )
    response = Response(stream_with_context(chunks), content_type="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
