"""Table pieces every report shares: a paragraph of user text, a table whose header row repeats
on every page it runs onto, and a rating cell coloured and lettered from hrsa.core.vocabulary (the
letter keeps it readable in greyscale)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, PageBreak, Table, TableStyle

from hrsa.core.vocabulary.ratings import rag_look
from hrsa.pdf import layout, text
from hrsa.pdf.layout import LIGHT, RULE, Styles


def p(value: str, style: ParagraphStyle) -> Flowable:
    """A paragraph showing `value` exactly as typed."""
    return layout.paragraph(text.markup(value), style)


def grid(rows: list[list[Any]], widths: list[float], extra: Iterable[tuple[Any, ...]]) -> Table:
    """A table with a shaded header row that repeats on every page it runs onto."""
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                *extra,
            ]
        )
    )
    return table


def rating_words(rag: str | None) -> str:
    """'A Amber' (the letter keeps the rating readable in greyscale); 'Not yet rated'."""
    look = rag_look(rag)
    return look.label if rag is None else f"{look.letter} {look.label}"


def rating_cell(rag: str | None, s: Styles) -> Flowable:
    """The rating in words, in the text colour that goes with its fill."""
    look = rag_look(rag)
    style = ParagraphStyle(
        f"rag-{look.letter}", parent=s.cell_bold, textColor=colors.HexColor(f"#{look.text_colour}")
    )
    return layout.paragraph(text.markup(rating_words(rag)), style)


def rating_fill(rag: str | None, column: int, row: int) -> tuple[Any, ...]:
    """The table-style command colouring one rating cell."""
    return ("BACKGROUND", (column, row), (column, row), colors.HexColor(f"#{rag_look(rag).fill}"))


def restyled(base: ParagraphStyle, **changes: Any) -> ParagraphStyle:
    """`base` with some of its settings changed (named after them, so each is made once)."""
    name = f"{base.name}-" + "-".join(f"{k}{v}" for k, v in sorted(changes.items()))
    return ParagraphStyle(name, parent=base, **changes)


def num(s: Styles, *, bold: bool = False, size: float | None = None) -> ParagraphStyle:
    """A cell style for numbers: right-aligned, so columns of figures line up."""
    sized = {"fontSize": size, "leading": round(size * 1.3, 1)} if size else {}
    return restyled(s.cell_bold if bold else s.cell, alignment=TA_RIGHT, **sized)


def section(key: str, title: str, s: Styles) -> list[Flowable]:
    """A new page opening with a bookmarked heading."""
    return [PageBreak(), layout.Bookmark(key, title), p(title, s.h1)]
