"""The city overview: schools' progress, the RAG distribution, the largest gaps, moderation
and the schools that may need support, for one cycle, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from hrsa.core.figures import PrincipleFigures, StandardFigures
from hrsa.core.formatting import plural
from hrsa.core.framework import Framework
from hrsa.services.dashboard.figures import (
    Filters,
    ModerationCounts,
    PhaseStatus,
    StatusCounts,
    distribution,
    largest_gaps,
    moderation_counts,
    status_counts,
)
from hrsa.services.dashboard.support import SupportLists, school_lists, schools_not_started


@dataclass(frozen=True)
class Overview:
    """Everything on the city overview for one cycle."""

    cycle_id: int
    previous_cycle_id: int | None
    filters: Filters
    schools: StatusCounts
    by_phase: tuple[PhaseStatus, ...]
    principles: tuple[PrincipleFigures, ...]
    largest_gaps: tuple[StandardFigures, ...]
    moderation: ModerationCounts
    support: SupportLists = field(default_factory=SupportLists)

    @property
    def counted_schools(self) -> int:
        """How many schools' assessments the figures count."""
        if self.filters.include_in_progress:
            return self.schools.submitted + self.schools.in_progress
        return self.schools.submitted

    @property
    def has_results(self) -> bool:
        return self.counted_schools > 0


def overview(
    session: Session,
    framework: Framework,
    cycle_id: int,
    previous_cycle_id: int | None,
    filters: Filters,
) -> Overview:
    """The city overview for a cycle: five queries, whatever the number of schools."""
    schools, by_phase = status_counts(session, cycle_id, filters)
    principles = distribution(session, framework, cycle_id, filters)
    most_reds, declined = school_lists(session, cycle_id, previous_cycle_id, filters)
    support = SupportLists(
        most_reds=most_reds,
        declined=declined,
        not_started=schools_not_started(session, cycle_id, filters) if schools.not_started else (),
        not_started_total=schools.not_started,
    )
    return Overview(
        cycle_id=cycle_id,
        previous_cycle_id=previous_cycle_id,
        filters=filters,
        schools=schools,
        by_phase=by_phase,
        principles=principles,
        largest_gaps=largest_gaps(principles),
        moderation=moderation_counts(session, cycle_id, filters),
        support=support,
    )


def counted_note(result: Overview, cycle_name: str) -> str:
    """What the figures count, in a sentence (the overview page and the citywide PDF)."""
    filters = result.filters
    which = "submitted and in-progress" if filters.include_in_progress else "submitted"
    whose = (
        "moderated ratings where the advisory group has moderated, otherwise the schools' own"
        if filters.moderated
        else "the schools' own ratings"
    )
    counted = plural(result.counted_schools, f"{which} {cycle_name} assessment")
    sentence = f"Figures count the {counted} and show {whose}."
    if not filters.include_in_progress and result.schools.in_progress:
        sentence += (
            f" {plural(result.schools.in_progress, 'assessment')} still in progress "
            f"{'is' if result.schools.in_progress == 1 else 'are'} not counted."
        )
    return sentence
