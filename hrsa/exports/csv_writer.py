"""CSV as a stream of UTF-8 chunks (with a byte-order mark, so Excel reads accents rightly)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

from hrsa.exports.cells import Column, neutralise, styled

ROWS_PER_CHUNK = 1000


def _text(value: Any) -> Any:
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    return "" if value is None else value


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
    for count, row in enumerate(rows, start=1):
        writer.writerow(
            [_text(styled(column, value)[0]) for column, value in zip(columns, row, strict=True)]
        )
        if count % rows_per_chunk == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")
