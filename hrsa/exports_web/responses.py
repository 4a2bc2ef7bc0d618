"""One way to send an export: a streamed attachment with the right type and file name."""

from __future__ import annotations

from collections.abc import Iterator

from flask import Response, stream_with_context

from hrsa.exports import ExportFormat


def download(chunks: Iterator[bytes], filename: str, fmt: ExportFormat) -> Response:
    """Stream the file's chunks as a download called `filename` (the database session stays
    open until the last chunk is sent)."""
    response = Response(stream_with_context(chunks), content_type=fmt.media_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
