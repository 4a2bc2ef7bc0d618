"""The service's domain vocabulary, defined once: each value with its label and presentation.

Every page, audit history, heatmap, PDF and spreadsheet takes its words and colours from here,
so "Amber" is spelt, coloured and lettered the same everywhere. The stored value is the enum's
string value (the database has CHECK constraints on the same sets). The meaning of each rating
shown to users comes from the framework file's `rag` section (see hrsa.framework), not from here.

No Flask and no SQLAlchemy: the PDF renderer and the XLSX writer import this too.
"""

from __future__ import annotations

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


class Rag(StrEnum):
    """The framework's rating scale, weakest first."""

    RED = "red"
    AMBER = "amber"
    GREEN = "green"

    @property
    def look(self) -> Look:
        return _RAG_LOOKS[self]

    @property
    def label(self) -> str:
        return self.look.label

    @property
    def letter(self) -> str:
        return self.look.letter

    @property
    def score(self) -> int:
        """Red 0, Amber 1, Green 2: the scale the citywide means and changes are measured on."""
        return _RAG_SCORES[self]

    @property
    def is_gap(self) -> bool:
        """Red and Amber are gaps: they get delivery-plan actions and recommended resources."""
        return self is not Rag.GREEN

    @classmethod
    def gaps(cls) -> tuple[Rag, ...]:
        return tuple(rag for rag in cls if rag.is_gap)

    @classmethod
    def values(cls) -> tuple[str, ...]:
        return tuple(rag.value for rag in cls)


MAX_RAG_SCORE = 2

# A standard with no rating yet: presented like a value, stored as NULL.
UNRATED = Look(
    label="Not yet rated",
    tag_class="govuk-tag--grey",
    fill="f3f2f1",
    text_colour="0b0c0c",
    letter="–",
)

_RAG_LOOKS = {
    # Cell fills are GOV.UK palette colours; each text colour passes WCAG AA contrast on its fill.
    Rag.RED: Look("Red", "govuk-tag--red", "d4351c", "ffffff", "R"),
    Rag.AMBER: Look("Amber", "govuk-tag--orange", "f47738", "0b0c0c", "A"),
    Rag.GREEN: Look("Green", "govuk-tag--green", "00703c", "ffffff", "G"),
}
_RAG_SCORES = {Rag.RED: 0, Rag.AMBER: 1, Rag.GREEN: 2}


def rag_look(value: str | None) -> Look:
    """The presentation of a stored rating, or of no rating yet (None)."""
    return UNRATED if value is None else Rag(value).look


class AssessmentStatus(StrEnum):
    """Where a school's assessment for a cycle stands. NOT_STARTED is never stored: it is the
    absence of an assessment row."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"

    @property
    def look(self) -> Look:
        return _ASSESSMENT_LOOKS[self]

    @property
    def label(self) -> str:
        return self.look.label

    @classmethod
    def stored_values(cls) -> tuple[str, ...]:
        return (cls.IN_PROGRESS.value, cls.SUBMITTED.value)


_ASSESSMENT_LOOKS = {
    AssessmentStatus.NOT_STARTED: Look("Not started", "govuk-tag--grey", "f3f2f1", "0b0c0c"),
    AssessmentStatus.IN_PROGRESS: Look("In progress", "govuk-tag--light-blue", "d2e2f1", "0b0c0c"),
    AssessmentStatus.SUBMITTED: Look("Submitted", "govuk-tag--green", "cce2d8", "0b0c0c"),
}


class PrincipleProgress(StrEnum):
    """A principle on the task list: how many of its standards are rated."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"

    @property
    def look(self) -> Look:
        return _PROGRESS_LOOKS[self]

    @property
    def label(self) -> str:
        return self.look.label


_PROGRESS_LOOKS = {
    PrincipleProgress.NOT_STARTED: Look("Not started", "govuk-tag--grey", "f3f2f1", "0b0c0c"),
    PrincipleProgress.IN_PROGRESS: Look("In progress", "govuk-tag--light-blue", "d2e2f1", "0b0c0c"),
    PrincipleProgress.COMPLETED: Look("Completed", "", "ffffff", "0b0c0c"),
}


class ActionStatus(StrEnum):
    """A delivery-plan action's status."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"

    @property
    def look(self) -> Look:
        return _ACTION_LOOKS[self]

    @property
    def label(self) -> str:
        return self.look.label

    @classmethod
    def values(cls) -> tuple[str, ...]:
        return tuple(status.value for status in cls)


_ACTION_LOOKS = {
    ActionStatus.NOT_STARTED: Look("Not started", "govuk-tag--grey", "f3f2f1", "0b0c0c"),
    ActionStatus.IN_PROGRESS: Look("In progress", "govuk-tag--light-blue", "d2e2f1", "0b0c0c"),
    ActionStatus.DONE: Look("Done", "govuk-tag--green", "cce2d8", "0b0c0c"),
}


def value_label(enum: type[StrEnum], value: str | None) -> str:
    """A stored value of any vocabulary in words; unknown values are shown as they are."""
    if value is None:
        return ""
    try:
        member = enum(value)
    except ValueError:
        return value
    return str(getattr(member, "label", value))


class ModerationOutcome(StrEnum):
    """The advisory group's view of one submitted rating."""

    AGREE = "agree"
    CHALLENGE = "challenge"

    @property
    def look(self) -> Look:
        return _MODERATION_LOOKS[self]

    @property
    def label(self) -> str:
        return self.look.label

    @classmethod
    def values(cls) -> tuple[str, ...]:
        return tuple(outcome.value for outcome in cls)


_MODERATION_LOOKS = {
    ModerationOutcome.AGREE: Look("Agreed", "govuk-tag--green", "cce2d8", "0b0c0c"),
    ModerationOutcome.CHALLENGE: Look("Challenged", "govuk-tag--purple", "dbd5e9", "0b0c0c"),
}
