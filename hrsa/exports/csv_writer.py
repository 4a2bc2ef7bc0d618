"""CSV as a stream of UTF-8 chunks (with a byte-order mark, so Excel reads accents rightly)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

from hrsa.core.vocabulary.ratings import rag_look
from hrsa.exports.cells import Column, Styled, neutralise, plain, safe_text

ROWS_PER_CHUNK = 1000


def _value(value: Any) -> Any:
    """A cell of a plain column as CSV text: moments as '2026-11-22 14:07', nothing as ''."""
    if type(value) is str:
        return safe_text(value)
    if isinstance(value, Styled):
        value = value.value
    data = plain(value)
    if data is None:
        return ""
    if isinstance(data, datetime):
        return f"{data:%Y-%m-%d %H:%M}"
    return data


def _rag(value: Any) -> Any:
    """A cell of a RAG column as its label ('Amber', 'Not yet rated')."""
    return _value(value) if isinstance(value, Styled) else rag_look(value).label


def csv_chunks(
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    *,
    rows_per_chunk: int = ROWS_PER_CHUNK,
) -> Iterator[bytes]:
    """The CSV file in chunks of about `rows_per_chunk` rows; the header row comes first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow([neutralise(column.header) for column in columns])
    # One converter per column, chosen once: the loop below runs for every cell.
    converters = [_rag if column.rag else _value for column in columns]
    for count, row in enumerate(rows, start=1):
        writer.writerow([convert(value) for convert, value in zip(converters, row, strict=True)])
        if count % rows_per_chunk == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")
