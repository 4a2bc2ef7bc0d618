"""What goes into one spreadsheet cell: column definitions, styled values, and the single guard
against formula injection that every text cell passes through.

A cell whose text starts with `=`, `+`, `-`, `@`, a tab or a carriage return would be run as a
formula by Excel, LibreOffice or Google Sheets when the file is opened (a school's name or a
moderator's comment is typed by people). Such text is written with a leading apostrophe, the
convention spreadsheet programs use for "this is text".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from hrsa.core.formatting import UK
from hrsa.core.vocabulary.base import Look
from hrsa.core.vocabulary.ratings import rag_look

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 (and so XLSX) cannot hold; CSV drops them too, so both files say the same.
_CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def neutralise(text: str) -> str:
    """Text that a spreadsheet would run as a formula, made plain text with a leading apostrophe."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


@dataclass(frozen=True)
class Column:
    """One column: its header, its width in characters (XLSX), and whether it holds RAG values.

    In a `rag` column each value is a stored rating ("red", "amber", "green") or None; it is
    written as its label ("Amber", "Not yet rated") and, in XLSX, filled with its colour.
    """

    header: str
    width: int = 12
    rag: bool = False


@dataclass(frozen=True)
class Styled:
    """A value with the look it is shown with: its fill and text colour in XLSX (CSV has the
    value only). For example Styled("G", Rag.GREEN.look) for a heatmap cell."""

    value: Any
    look: Look


Plain = str | int | float | date | datetime | None


def styled(column: Column, value: Any) -> tuple[Plain, Look | None]:
    """The plain value to write in a column's cell, and its look (None: unstyled)."""
    if isinstance(value, Styled):
        return plain(value.value), value.look
    if column.rag:
        look = rag_look(value)
        return look.label, look
    return plain(value), None


def plain(value: Any) -> Plain:
    """A value as a spreadsheet holds it: numbers and dates kept, moments in UK time without a
    zone (spreadsheets have none), Yes/No for booleans, and everything else as safe text."""
    kind = type(value)
    if kind is str:  # the common case first: this runs for every cell of a million rows
        return safe_text(value)
    if value is None or kind is int or kind is float:
        return value
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int | float):
        return value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UK).replace(tzinfo=None)
        return value.replace(microsecond=0)
    if isinstance(value, date):
        return value
    return safe_text(str(value))


def safe_text(text: str) -> str:
    """Text without the characters a spreadsheet cannot hold, neutralised against formulas."""
    if _CONTROL_CHARACTERS.search(text):
        text = _CONTROL_CHARACTERS.sub("", text)
    return neutralise(text)
