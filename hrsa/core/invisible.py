"""Invisible characters people never mean to type: one rule for every text that comes in.

Bidirectional controls (U+202A-U+202E, U+2066-U+2069, the marks U+200E/U+200F and U+061C) can
make a title read backwards in a list, an export, a PDF or an email ("Trojan Source"), and other
format characters (zero-width spaces, soft hyphens, U+FEFF) make two names that look the same
differ. They are all Unicode category Cf. The zero-width joiner and non-joiner are kept: they
shape emoji and Persian or Indic words, and change nothing about reading order.
"""

from __future__ import annotations

import unicodedata

KEPT_FORMAT = {"\u200c", "\u200d"}  # zero-width non-joiner and joiner


def is_invisible(character: str) -> bool:
    """NUL, and format characters other than the joiners (see the module's docstring)."""
    if character == "\x00":
        return True
    return unicodedata.category(character) == "Cf" and character not in KEPT_FORMAT


def without_invisible(value: str) -> str:
    """The text with every invisible character removed (anything else left as typed)."""
    if value.isascii():
        return value.replace("\x00", "")
    return "".join(character for character in value if not is_invisible(character))


def _kept(character: str) -> bool:
    """Neither invisible nor another control character (nor a lone surrogate)."""
    return not is_invisible(character) and unicodedata.category(character) not in {"Cc", "Cs"}


def one_line(value: str) -> str:
    """One line of text: invisible and control characters gone, each run of spaces, tabs or
    line breaks one space, nothing around it. For titles, names and file names."""
    spaced = "".join(" " if character.isspace() else character for character in value)
    return " ".join("".join(c for c in spaced if _kept(c)).split())


def paragraphs(value: str) -> str:
    """Text whose line breaks are kept (as \\n); invisible and other control characters gone,
    nothing around it. For summaries and narratives."""
    lines = value.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(c for c in lines if c == "\n" or _kept(c)).strip()
