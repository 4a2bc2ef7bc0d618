"""Text a person typed, made safe for ReportLab's paragraph markup.

`<b>` or `&` typed by a user must appear literally, control characters must not upset the PDF,
and a character the font has no glyph for, or whose text ReportLab cannot record (emoji), is
shown by its name in brackets ("[grinning face]") rather than as an empty box.

ReportLab lays every line out left to right (its own bidi support needs a package that is not
available), so right-to-left words (Hebrew, Arabic) are put in visual order here before the
paragraph is wrapped: a short run of them (a name, a phrase) reads right to left as typed; in a
longer run, which may wrap, each word is spelt right to left but the words follow one another
left to right. Arabic letters are not joined (no shaping engine): they show in their isolated
forms, readable but not as a native reader would write them.
"""

from __future__ import annotations

import re
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
    return escape(visual_order(plain(text))).replace("\n", "<br/>")


def paragraphs(text: str) -> list[str]:
    """The text's paragraphs (split at blank lines) as markup, so long text flows across pages."""
    blocks = [block.strip() for block in visual_order(plain(text)).split("\n\n")]
    return [escape(block).replace("\n", "<br/>") for block in blocks if block]


# Right-to-left letters: Hebrew, Arabic, Syriac, Thaana, N'Ko and the like, and the Hebrew and
# Arabic presentation forms. A run is such letters with the spaces, digits and punctuation
# between them (never a line break).
_RTL = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc"
_RTL_RUN = re.compile(rf"[{_RTL}](?:[{_RTL} \d.,:;!?'\"()\[\]«»\-–—]*[{_RTL}])?")
_RTL_TOKEN = re.compile(r"\d+(?:[.,:]\d+)*|\S+|\s+")
_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")
_MIRRORED = str.maketrans("()[]«»", ")(][»«")
_CLOSING = {")": "(", "]": "[", "»": "«"}
# A run this short fits on a line of any table cell, so it is turned round whole.
SHORT_RUN = 30


def visual_order(text: str) -> str:
    """The text with each run of right-to-left letters in the order they are seen, left to right
    (numbers inside keep their digits' order; brackets are mirrored)."""
    if not _RTL_RUN.search(text):
        return text
    out: list[str] = []
    position = 0
    for match in _RTL_RUN.finditer(text):
        if match.start() < position:  # its first letter went with the bracket before it
            continue
        end = match.end()
        run = text[match.start() : end]
        # A bracket opened inside the run closes it: "(עולם)" is turned round whole.
        closer = text[end : end + 1]
        if closer in _CLOSING and run.count(_CLOSING[closer]) > run.count(closer):
            end += 1
        out += [text[position : match.start()], _turned(text[match.start() : end])]
        position = end
    return "".join([*out, text[position:]])


def _turned(run: str) -> str:
    if len(run) <= SHORT_RUN:
        return "".join(_reversed_token(token) for token in reversed(_parts(run)))
    # Longer runs may wrap: each word turned round, the words left in reading order, so that
    # no line starts with the end of the passage.
    return "".join(_reversed_token(token) for token in _RTL_TOKEN.findall(run))


def _parts(run: str) -> list[str]:
    """The run as numbers (kept whole) and single characters."""
    parts: list[str] = []
    position = 0
    for number in _NUMBER.finditer(run):
        parts += list(run[position : number.start()])
        parts.append(number.group(0))
        position = number.end()
    return parts + list(run[position:])


def _reversed_token(token: str) -> str:
    if _NUMBER.fullmatch(token) or len(token) == 1:
        return token.translate(_MIRRORED)
    # A word: its numbers keep their order, everything else is turned round and mirrored.
    return "".join(part.translate(_MIRRORED) for part in reversed(_parts(token)))


def shorten(value: str, limit: int) -> str:
    """The text cut at a word boundary to about `limit` characters, with an ellipsis."""
    if len(value) <= limit:
        return value
    return value[:limit].rsplit(" ", 1)[0].rstrip(" ,;:.") + "…"
