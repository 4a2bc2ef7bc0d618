"""The stacked rating bar both reports draw (the school report's summary chart and the citywide
report's chart of each principle): one part per rating, weakest first, then the unrated, each
coloured as the pages colour it and lettered so the bar reads in greyscale too."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from hrsa.core.figures import RagCounts
from hrsa.core.vocabulary.base import Look
from hrsa.core.vocabulary.ratings import UNRATED, Rag
from hrsa.pdf import fonts, text

# The order values are stacked and listed in, as on the dashboard: weakest first, then unrated.
SCALE: tuple[tuple[Rag | None, Look], ...] = (*((rag, rag.look) for rag in Rag), (None, UNRATED))
LETTER_SIZE = 7


@dataclass(frozen=True)
class BarStyle:
    """How big a report draws its bars and what each part says."""

    height: float
    stroke_width: float  # the white line between parts
    baseline: float  # of the letters, above the foot of the bar
    # True: "A 12" where it fits, else "A", for every part (the citywide chart); False: the
    # letter of a rated part at least 9 points wide (the school report's narrower bars).
    numbered: bool


def hex_colour(value: str) -> colors.Color:
    """A vocabulary colour (hex, no #) as ReportLab's."""
    return colors.HexColor(f"#{value}")


def paint_rag_bar(
    drawing: Drawing, counts: RagCounts, x: float, y: float, width: float, style: BarStyle
) -> None:
    """The parts of one bar `width` points wide from (x, y); nothing when nothing is counted."""
    if not counts.total:
        return
    for rag, look in SCALE:
        number = counts.count(rag)
        if not number:
            continue
        part = width * number / counts.total
        drawing.add(
            Rect(
                x,
                y,
                part,
                style.height,
                fillColor=hex_colour(look.fill),
                strokeColor=colors.white,
                strokeWidth=style.stroke_width,
            )
        )
        shown = _part_words(rag, look, number, part, style.numbered)
        if shown:
            drawing.add(
                String(
                    x + part / 2,
                    y + style.baseline,
                    shown,
                    fontName=fonts.BOLD,
                    fontSize=LETTER_SIZE,
                    fillColor=hex_colour(look.text_colour),
                    textAnchor="middle",
                )
            )
        x += part


def _part_words(rag: Rag | None, look: Look, number: int, part: float, numbered: bool) -> str:
    if not numbered:
        return look.letter if rag is not None and part >= 9 else ""
    words = f"{look.letter} {number:,}"
    if stringWidth(words, fonts.BOLD, LETTER_SIZE) + 2 * mm <= part:
        return words
    if stringWidth(look.letter, fonts.BOLD, LETTER_SIZE) + 1 * mm <= part:
        return look.letter
    return ""


def fit(value: str, width: float, size: float) -> str:
    """A chart label shortened with an ellipsis to fit `width` points."""
    value = text.visual_order(text.plain(value))
    while value and stringWidth(value, fonts.REGULAR, size) > width:
        value = value[:-2] + "…"
    return value
