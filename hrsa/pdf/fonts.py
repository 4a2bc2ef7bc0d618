"""The report's TrueType font: DejaVu Sans from Debian's fonts-dejavu-core package.

ReportLab's built-in fonts cover Latin-1 only; DejaVu covers Latin Extended (Welsh, Polish),
Greek, Cyrillic, Hebrew, Arabic and many symbols. The font is installed by the set-up
(scripts/system-deps.sh), never committed to the repository.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(os.environ.get("HRSA_PDF_FONT_DIR", "/usr/share/fonts/truetype/dejavu"))
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
_FILES = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    "DejaVuSans-Oblique": "DejaVuSans-Oblique.ttf",
    "DejaVuSans-BoldOblique": "DejaVuSans-BoldOblique.ttf",
}


class FontMissing(RuntimeError):
    """The report font is not installed."""


@cache
def register() -> frozenset[int]:
    """Register DejaVu Sans with ReportLab (once); return the code points it has glyphs for."""
    for name, filename in _FILES.items():
        path = FONT_DIR / filename
        if not path.is_file():
            raise FontMissing(
                f"The report font {path} is missing: install Debian's fonts-dejavu-core "
                "(scripts/system-deps.sh does it)."
            )
        pdfmetrics.registerFont(TTFont(name, str(path)))
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, "DejaVuSans-Oblique")
    addMapping(REGULAR, 1, 1, "DejaVuSans-BoldOblique")
    font = pdfmetrics.getFont(REGULAR)
    return frozenset(font.face.charToGlyph)
