"""One way to send a download (an export, a report, an archive): an attachment with the right
type and file name, recorded in the audit log by audited_download."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from flask import Response, stream_with_context
from flask_login import current_user

from hrsa.core.vocabulary.audit import AuditAction
from hrsa.exports import ExportFormat
from hrsa.extensions import db
from hrsa.models import Cycle
from hrsa.services import audit
from hrsa.web.lookups import cycle_or_404


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
    headers: Mapping[str, str] | None = None,
) -> Response:
    """Record who downloaded `filename` (what `entity` it holds, which one if given), commit
    and send it (see download)."""
    audit.record(
        db.session,
        user_id=current_user.id,
        action=AuditAction.EXPORT,
        entity=entity,
        entity_id=entity_id,
        detail=filename,
    )
    db.session.commit()
    return download(content, filename, fmt, headers=headers)
