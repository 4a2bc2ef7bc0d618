"""One way to send an export: a streamed attachment with the right type and file name."""

from __future__ import annotations

from collections.abc import Iterator

from flask import Response, stream_with_context
from flask_login import current_user

from hrsa.exports import ExportFormat
from hrsa.extensions import db
from hrsa.models import Cycle
from hrsa.services import audit
from hrsa.web.lookups import cycle_or_404


def download(chunks: Iterator[bytes], filename: str, fmt: ExportFormat | str) -> Response:
    """Stream the file's chunks as a download called `filename` (the database session stays
    open until the last chunk is sent); `fmt` is an export format or a media type."""
    media_type = fmt.media_type if isinstance(fmt, ExportFormat) else fmt
    response = Response(stream_with_context(chunks), content_type=media_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def cycle_and_format(cycle_id: int, fmt: str) -> tuple[Cycle, ExportFormat]:
    """The cycle an export is of (404 when there is none) and the file format asked for."""
    return cycle_or_404(cycle_id), ExportFormat(fmt)


def audited_download(
    chunks: Iterator[bytes], filename: str, fmt: ExportFormat | str, *, entity: str
) -> Response:
    """Record who downloaded `filename` (what `entity` it holds), commit and stream it."""
    audit.record(
        db.session, user_id=current_user.id, action="export", entity=entity, detail=filename
    )
    db.session.commit()
    return download(chunks, filename, fmt)
