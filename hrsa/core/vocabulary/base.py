"""What every vocabulary shares: a value's Look (words, tag class and cell colours) and the
labelled enum each vocabulary is built on."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True)
class Look:
    """How one value is presented: its words, GOV.UK tag class, and cell colours (hex, no #)."""

    label: str
    tag_class: str
    fill: str
    text_colour: str
    letter: str = ""


class Labelled(StrEnum):
    """A vocabulary whose members each have a label; stored as the member's value."""

    @property
    def label(self) -> str:
        raise NotImplementedError

    @classmethod
    def values(cls) -> tuple[str, ...]:
        return tuple(member.value for member in cls)

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """(value, label) pairs in the vocabulary's order, for form fields and filters."""
        return [(member.value, member.label) for member in cls]


class Looked(Labelled):
    """A vocabulary whose members are each shown with a Look (a GOV.UK tag and cell colours)."""

    @property
    def look(self) -> Look:
        raise NotImplementedError

    @property
    def label(self) -> str:
        return self.look.label


def words(labels: Iterable[str], conjunction: str = "or") -> str:
    """Labels in a sentence: 'Red, Amber or Green' (no serial comma, GOV.UK style)."""
    items = list(labels)
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def value_label(enum: type[StrEnum], value: str | None) -> str:
    """A stored value of any vocabulary in words; unknown values are shown as they are."""
    if value is None:
        return ""
    try:
        member = enum(value)
    except ValueError:
        return value
    return str(getattr(member, "label", value))
