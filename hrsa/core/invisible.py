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
