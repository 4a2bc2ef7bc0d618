"""Spreadsheets from plain rows: streaming CSV and XLSX writers shared by every export.

No Flask and no database: callers pass column definitions and an iterable of row tuples (best a
generator), and get bytes back, either as an iterator of chunks (for a streamed HTTP response)
or written to a binary stream (for the CLI and the benchmark). Memory stays flat whatever the
number of rows. Every text cell goes through `neutralise`, so no cell opens as a formula.

    from hrsa.exports import Column, ExportFormat, Styled, chunks, write

    columns = (Column("School", width=40), Column("Rating", rag=True))
    for chunk in chunks(ExportFormat.XLSX, columns, rows, sheet_title="Ratings"):
        ...
"""

from hrsa.exports.cells import FORMULA_TRIGGERS, Column, Styled, neutralise
from hrsa.exports.formats import ExportFormat, chunks, write

__all__ = [
    "FORMULA_TRIGGERS",
    "Column",
    "ExportFormat",
    "Styled",
    "chunks",
    "neutralise",
    "write",
]
