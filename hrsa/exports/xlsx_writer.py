"""XLSX through openpyxl's write-only mode: rows go to disk as they come, never all in memory.

One sheet: a bold header row with the panes frozen below it, the columns' widths, and each
styled cell (RAG values, heatmap cells) filled with its colour from hrsa.core.vocabulary. An XLSX
file is a zip that can only be finished once every row is in, so `xlsx_chunks` builds it in a
temporary file and then streams that file.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from hrsa.core.vocabulary.base import Look
from hrsa.exports.cells import Column, neutralise, styled

CHUNK_BYTES = 64 * 1024
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


class _Styles:
    """One fill and font per look, made once (openpyxl shares equal styles anyway)."""

    def __init__(self) -> None:
        self._looks: dict[Look, tuple[PatternFill, Font]] = {}

    def apply(self, cell: WriteOnlyCell, look: Look) -> None:
        if look not in self._looks:
            colour = _argb(look.fill)
            fill = PatternFill(fill_type="solid", start_color=colour, end_color=colour)
            self._looks[look] = (fill, Font(color=_argb(look.text_colour)))
        cell.fill, cell.font = self._looks[look]


def _argb(hex_colour: str) -> str:
    """'d4351c' -> 'FFD4351C': opaque, as Excel writes colours."""
    return "FF" + hex_colour.upper()


def sheet_title(title: str) -> str:
    """A title Excel accepts: at most 31 characters, none of []:*?/\\."""
    return _SHEET_TITLE_FORBIDDEN.sub("-", title)[:31] or "Sheet1"


def _cell(sheet: WriteOnlyWorksheet, styles: _Styles, column: Column, value: Any) -> Any:
    data, look = styled(column, value)
    if look is None and not isinstance(data, date):
        return data
    cell = WriteOnlyCell(sheet, value=data)
    if isinstance(data, datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(data, date):
        cell.number_format = DATE_FORMAT
    if look is not None:
        styles.apply(cell, look)
    return cell


def write_xlsx(
    stream: IO[bytes],
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    *,
    title: str = "Sheet1",
) -> None:
    """Write the workbook to a seekable binary stream (a file)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title(title))
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=neutralise(column.header))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    styles = _Styles()
    for row in rows:
        sheet.append(
            [
                _cell(sheet, styles, column, value)
                for column, value in zip(columns, row, strict=True)
            ]
        )
    workbook.save(stream)


def xlsx_chunks(
    columns: Sequence[Column], rows: Iterable[Sequence[Any]], *, title: str = "Sheet1"
) -> Iterator[bytes]:
    """The XLSX file in chunks, built in a temporary file first (a zip is finished at the end)."""
    with tempfile.TemporaryFile() as spool:
        write_xlsx(spool, columns, rows, title=title)
        spool.seek(0)
        while chunk := spool.read(CHUNK_BYTES):
            yield chunk
