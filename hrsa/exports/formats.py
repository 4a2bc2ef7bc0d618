"""The two export formats, behind one pair of functions (files are named by
hrsa.core.formatting.download_name)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from enum import StrEnum
from typing import IO, Any

from hrsa.exports.cells import Column
from hrsa.exports.csv_writer import csv_chunks
from hrsa.exports.xlsx_writer import write_xlsx, xlsx_chunks


class ExportFormat(StrEnum):
    """A download format; the value is the file name's extension."""

    CSV = "csv"
    XLSX = "xlsx"

    @property
    def media_type(self) -> str:
        if self is ExportFormat.CSV:
            return "text/csv; charset=utf-8"
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    @property
    def label(self) -> str:
        return "CSV" if self is ExportFormat.CSV else "Excel (XLSX)"

    @classmethod
    def for_path(cls, path: str) -> ExportFormat | None:
        """The format a file name asks for by its extension, or None."""
        suffix = path.rsplit(".", 1)[-1].lower() if "." in path else ""
        return next((fmt for fmt in cls if fmt.value == suffix), None)


def chunks(
    fmt: ExportFormat,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    *,
    sheet_title: str = "Sheet1",
) -> Iterator[bytes]:
    """The file's bytes in chunks, for a streamed download."""
    if fmt is ExportFormat.CSV:
        return csv_chunks(columns, rows)
    return xlsx_chunks(columns, rows, title=sheet_title)


def write(
    stream: IO[bytes],
    fmt: ExportFormat,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    *,
    sheet_title: str = "Sheet1",
) -> None:
    """Write the file to a binary stream (XLSX needs it seekable: a file, not a pipe)."""
    if fmt is ExportFormat.XLSX:
        write_xlsx(stream, columns, rows, title=sheet_title)
        return
    for chunk in csv_chunks(columns, rows):
        stream.write(chunk)
