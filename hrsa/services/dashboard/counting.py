"""Which assessments a citywide figure counts: the one rule every page, export and PDF follows.

By default only submitted assessments count: a school's ratings become a figure once the school
has said they are its answer. Assessments still in progress are added only when a person asks for
them, and then their unrated standards count as "Not yet rated". The overview, the heatmaps, the
gap ranking, the trends, the resource-gap report and the citywide PDF all take a `Counting` and
name it with its `label`, so two figures for the same filters are always the same number.
"""

from __future__ import annotations

from hrsa.core.vocabulary.assessment import AssessmentStatus
from hrsa.core.vocabulary.base import Labelled


class Counting(Labelled):
    """Which assessments the figures count: submitted only (the default), or in progress too."""

    SUBMITTED = "submitted"
    WITH_IN_PROGRESS = "in_progress"

    @property
    def label(self) -> str:
        """'Counting submitted assessments only', as every page, export and PDF says it."""
        if self is Counting.WITH_IN_PROGRESS:
            return "Counting submitted and in-progress assessments"
        return "Counting submitted assessments only"

    @property
    def short(self) -> str:
        """A few words for a file name or a table cell: 'submitted only'."""
        if self is Counting.WITH_IN_PROGRESS:
            return "submitted and in progress"
        return "submitted only"

    @property
    def statuses(self) -> tuple[str, ...]:
        """The assessment statuses counted: submitted, and in progress when chosen."""
        if self is Counting.WITH_IN_PROGRESS:
            return AssessmentStatus.stored_values()
        return (AssessmentStatus.SUBMITTED.value,)

    @property
    def includes_in_progress(self) -> bool:
        return self is Counting.WITH_IN_PROGRESS

    @property
    def verb(self) -> str:
        """What a school must have done to be counted: 'submitted' or 'started'."""
        return "started" if self.includes_in_progress else "submitted"

    @classmethod
    def chosen(cls, include_in_progress: bool) -> Counting:
        """The counting a person chose by ticking (or not) "Include assessments in progress"."""
        return cls.WITH_IN_PROGRESS if include_in_progress else cls.SUBMITTED
