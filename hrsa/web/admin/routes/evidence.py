"""Views for restoring evidence a school removed: administrators can undo it for 30 days."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.models.evidence import KIND_FILE
from hrsa.services.evidence import items as evidence_service
from hrsa.web.admin import bp
from hrsa.web.errors import refused
from hrsa.web.lookups import evidence_or_404
from hrsa.web.security import role_required


@bp.route("/deleted-evidence")
@role_required(Role.ADMIN)
def list_deleted_evidence() -> str:
    """Evidence removed in the last 30 days, which an administrator can still restore."""
    items = evidence_service.recently_deleted(db.session)
    names = evidence_service.people_names(db.session, [item.deleted_by_id for item in items])
    rows = [
        {
            "id": item.id,
            "title": item.title,
            "is_link": item.kind != KIND_FILE,
            "school": item.rating.assessment.school.name,
            "cycle": item.rating.assessment.cycle.name,
            "standard_code": item.rating.standard_code,
            "deleted_at": item.deleted_at,
            "deleted_by": names.get(item.deleted_by_id or 0, "Unknown"),
        }
        for item in items
    ]
    return render_template(
        "admin/deleted_evidence.html",
        title="Recently deleted evidence",
        rows=rows,
        restore_days=evidence_service.RESTORE_DAYS,
    )


@bp.route("/deleted-evidence/<int:evidence_id>/restore", methods=["POST"])
@role_required(Role.ADMIN)
def restore_evidence(evidence_id: int) -> Response:
    item = evidence_or_404(evidence_id)
    with refused() as refusal:
        evidence_service.restore(db.session, item, user_id=current_user.id)
        title = item.title
        db.session.commit()
        flash(f"{title} has been restored", "success")
    if refusal:
        flash(str(refusal), "error")
    return redirect(url_for("admin.list_deleted_evidence"))
