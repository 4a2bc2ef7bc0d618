"""One way to send a download (an export, a report, an archive): an attachment with the right
type and file name, recorded in the audit log by audited_download; and one way to send an
uploaded file from the store (stored_file)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Mapping
from urllib.parse import quote

from flask import Response, current_app, redirect, send_file, stream_with_context
from flask_login import current_user
from werkzeug.datastructures import Headers
from werkzeug.wrappers import Response as BaseResponse

from hrsa.core.vocabulary.audit import AuditAction
from hrsa.exports import ExportFormat
from hrsa.extensions import db
from hrsa.models import Cycle
from hrsa.services import audit
from hrsa.storage.base import LinksToFiles
from hrsa.storage.configured import storage_from_config
from hrsa.web.lookups import cycle_or_404

# How long a link straight to the object store works (HRSA_S3_PRESIGNED_DOWNLOADS): long enough
# for the browser to follow the redirect, too short to be worth passing on.
PRESIGNED_SECONDS = 300


def download(
    content: bytes | Iterator[bytes],
    filename: str,
    fmt: ExportFormat | str,
    *,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """Send the file as a download called `filename`: whole bytes at once, or chunks streamed
    (the database session stays open until the last chunk is sent); `fmt` is an export format
    or a media type; `headers` are added after Content-Disposition."""
    media_type = fmt.media_type if isinstance(fmt, ExportFormat) else fmt
    body = content if isinstance(content, bytes) else stream_with_context(content)
    response = Response(body, content_type=media_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers.update(headers or {})
    return response


def cycle_and_format(cycle_id: int, fmt: str) -> tuple[Cycle, ExportFormat]:
    """The cycle an export is of (404 when there is none) and the file format asked for."""
    return cycle_or_404(cycle_id), ExportFormat(fmt)


def audited_download(
    content: bytes | Iterator[bytes],
    filename: str,
    fmt: ExportFormat | str,
    *,
    entity: str,
    entity_id: int | None = None,
    school_id: int | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """Record who downloaded `filename` (what `entity` it holds, which one if given, whose
    school if it is one school's), commit and send it (see download)."""
    audit.record(
        db.session,
        user_id=current_user.id,
        action=AuditAction.EXPORT,
        entity=entity,
        entity_id=entity_id,
        school_id=school_id,
        detail=filename,
    )
    db.session.commit()
    return download(content, filename, fmt, headers=headers)


def stored_file(key: str, filename: str, media_type: str | None) -> BaseResponse:
    """An uploaded file as an attachment, never shown inline: streamed from the store in chunks
    or, with HRSA_S3_PRESIGNED_DOWNLOADS, a redirect to a link straight to the object store
    that works for PRESIGNED_SECONDS. FileMissing, before anything is sent, if there is none."""
    store = storage_from_config(current_app.config)
    media_type = media_type or "application/octet-stream"
    response: BaseResponse
    if current_app.config.get("HRSA_S3_PRESIGNED_DOWNLOADS") and isinstance(store, LinksToFiles):
        link = store.download_link(
            key,
            disposition=attachment(filename),
            media_type=media_type,
            seconds=PRESIGNED_SECONDS,
        )
        response = redirect(link)
    else:
        response = send_file(
            store.open(key), as_attachment=True, download_name=filename, mimetype=media_type
        )
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def attachment(filename: str) -> str:
    """The Content-Disposition of a download called `filename` (as send_file writes it: an
    ASCII name for old browsers and the UTF-8 one beside it)."""
    names = {"filename": filename}
    if not filename.isascii():
        simple = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode("ascii")
        names = {"filename": simple, "filename*": f"UTF-8''{quote(filename, safe='!#$&+-.^_`|~')}"}
    headers = Headers()
    headers.set("Content-Disposition", "attachment", **names)
    return headers["Content-Disposition"]
