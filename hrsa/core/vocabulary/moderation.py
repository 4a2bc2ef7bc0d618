"""The advisory group's moderation outcomes."""

from __future__ import annotations

from hrsa.core.vocabulary.base import Look, Looked


class ModerationOutcome(Looked):
    """The advisory group's view of one submitted rating."""

    AGREE = "agree"
    CHALLENGE = "challenge"

    @property
    def look(self) -> Look:
        return _MODERATION_LOOKS[self]


_MODERATION_LOOKS = {
    ModerationOutcome.AGREE: Look("Agreed", "govuk-tag--green", "cce2d8", "0b0c0c"),
    ModerationOutcome.CHALLENGE: Look("Challenged", "govuk-tag--purple", "dbd5e9", "0b0c0c"),
}
