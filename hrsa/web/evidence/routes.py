"""Views for evidence files: download and the JavaScript upload endpoint."""

from __future__ import annotations

import logging
from typing import Any

from flask import abort, current_app, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from hrsa.core.formatting import file_size
from hrsa.core.vocabulary.audit import AuditAction
from hrsa.extensions import db
from hrsa.models import EvidenceItem
from hrsa.models.evidence import KIND_FILE
from hrsa.services import access, audit
from hrsa.services.evidence import items, uploads
from hrsa.storage.base import FileMissing
from hrsa.storage.configured import storage_from_config
from hrsa.web.evidence import bp
from hrsa.web.lookups import assessment_or_404, evidence_or_404
from hrsa.web.responses import stored_file

log = logging.getLogger(__name__)


@bp.route("/evidence/<int:evidence_id>/download")
@login_required
def download(evidence_id: int) -> Response:
    """The file, always as a download (never shown inline), to people who can see the school."""
    item = evidence_or_404(evidence_id)
    if item.is_deleted or item.kind != KIND_FILE or not item.storage_key:
        abort(404)
    try:
        response = stored_file(
            item.storage_key, uploads.clean_display_name(item.title), item.content_type
        )
    except FileMissing:
        log.error("Evidence %s has no stored file %s", item.id, item.storage_key)
        abort(404)
    # Who read which school's evidence is part of the audit trail (the audit log viewer).
    audit.record(
        db.session,
        user_id=current_user.id,
        action=AuditAction.DOWNLOAD_EVIDENCE,
        entity="evidence",
        entity_id=item.id,
        school_id=item.school_id,
        detail=item.title,
    )
    db.session.commit()
    return response


@bp.route("/assessments/<int:assessment_id>/standards/<code>/evidence", methods=["POST"])
@login_required
def upload(assessment_id: int, code: str) -> tuple[dict[str, Any], int]:
    """Upload files for one standard straight away (used by upload.js); one result per file."""
    assessment = assessment_or_404(assessment_id)
    if not access.can_edit(current_user, assessment):
        abort(403)
    rating = items.rating_for_standard(db.session, assessment.id, code)
    files = [f for f in request.files.getlist("files") if f.filename]
    if not files:
        return {"results": [], "message": "Choose a file to upload"}, 400
    store = storage_from_config(current_app.config)
    limits = uploads.limits_from(current_app.config)
    results: list[dict[str, Any]] = []
    for upload_file in files:
        # Each file is its own transaction: a refused file does not undo the ones before it.
        try:
            item = items.add_file(
                db.session,
                store,
                rating=rating,
                stream=upload_file.stream,
                filename=upload_file.filename or "",
                user_id=current_user.id,
                limits=limits,
            )
            result = _accepted(item)
            db.session.commit()
        except uploads.UploadRejected as rejected:
            db.session.rollback()
            results.append(
                {"filename": rejected.filename, "accepted": False, "message": str(rejected)}
            )
        else:
            results.append(result)
    return {"results": results}, 200


def _accepted(item: EvidenceItem) -> dict[str, Any]:
    return {
        "filename": item.title,
        "accepted": True,
        "id": item.id,
        "title": item.title,
        "size": item.size_bytes,
        "size_label": file_size(item.size_bytes),
        "download_url": url_for("evidence.download", evidence_id=item.id),
    }
