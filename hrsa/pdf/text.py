"""Text a person typed, made safe for ReportLab's paragraph markup.

`<b>` or `&` typed by a user must appear literally, control characters must not upset the PDF,
and a character the font has no glyph for, or whose text ReportLab cannot record (emoji), is
shown by its name in brackets ("[grinning face]") rather than as an empty box.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from xml.sax.saxutils import escape

from hrsa.pdf import fonts

# Characters that change how text joins or runs (zero-width joiners, variation selectors,
# direction marks) are dropped when the font cannot draw them: they have nothing to show.
_INVISIBLE_CATEGORIES = {"Cf", "Mn", "Me"}
# ReportLab writes a broken text layer (ToUnicode) for characters beyond the Basic Multilingual
# Plane, so emoji there would not copy, search or read aloud: they are shown by name instead.
_LAST_BMP = 0xFFFF


@cache
def _shown_as_typed() -> frozenset[str]:
    """The characters `plain` keeps as they are: those the font draws in the Basic Multilingual
    Plane, but control characters; and the line break."""
    return frozenset(
        chr(point)
        for point in fonts.register()
        if point <= _LAST_BMP and unicodedata.category(chr(point)) != "Cc"
    ) | {"\n"}


def plain(text: str) -> str:
    """The text with controls removed and characters the font lacks replaced by their names."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    if _shown_as_typed().issuperset(text):  # nearly always: nothing to drop or name
        return text
    covered = fonts.register()
    out: list[str] = []
    for char in text:
        if char in "\n\t":
            out.append(" " if char == "\t" else char)
        elif unicodedata.category(char) == "Cc":
            continue
        elif ord(char) in covered and ord(char) <= _LAST_BMP:
            out.append(char)
        elif unicodedata.category(char) in _INVISIBLE_CATEGORIES:
            continue
        else:
            out.append(f"[{unicodedata.name(char, 'symbol').lower()}]")
    return "".join(out)


def markup(text: str) -> str:
    """Paragraph markup that shows the text exactly as typed, line breaks kept."""
    return escape(plain(text)).replace("\n", "<br/>")


def paragraphs(text: str) -> list[str]:
    """The text's paragraphs (split at blank lines) as markup, so long text flows across pages."""
    blocks = [block.strip() for block in plain(text).split("\n\n")]
    return [escape(block).replace("\n", "<br/>") for block in blocks if block]
