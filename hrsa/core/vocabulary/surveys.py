"""Surveys: who a survey asks (stored as the key, shown as the label) and the agree scale."""

from __future__ import annotations

from hrsa.core.vocabulary.base import Labelled

_AUDIENCE_LABELS = {
    "primary_pupils": "Pupils (primary)",
    "secondary_pupils": "Pupils (secondary)",
    "staff": "Staff",
    "parents": "Parents and carers",
}


class SurveyAudience(Labelled):
    """The four audiences a school can survey, each with its own bank of statements."""

    PRIMARY_PUPILS = "primary_pupils"
    SECONDARY_PUPILS = "secondary_pupils"
    STAFF = "staff"
    PARENTS = "parents"

    @property
    def label(self) -> str:
        return _AUDIENCE_LABELS[self.value]

    @property
    def is_pupils(self) -> bool:
        return self in (SurveyAudience.PRIMARY_PUPILS, SurveyAudience.SECONDARY_PUPILS)


# The five-point scale: answers are stored as 1 (strongly disagree) to 5 (strongly agree).
SCALE_VALUES: tuple[int, ...] = (1, 2, 3, 4, 5)
# An answer of 4 ("Agree") or 5 ("Strongly agree") counts as agreeing.
AGREE_FROM = 4
