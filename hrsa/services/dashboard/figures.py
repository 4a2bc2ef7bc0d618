"""Citywide figures for commissioners and the advisory group, counted in SQL.

Every figure here is one `GROUP BY` over ratings, assessments or moderations, so a page asks the
database a fixed number of questions however many schools the city has. The functions take a
session, cycle ids and a `Filters` value and return frozen dataclasses: the dashboard views, the
exports and the benchmark call the same functions.

What is counted (the rules, in one place):
- Which assessments count is `Counting` (hrsa.services.dashboard.counting): submitted only by
  default, in progress too when chosen (their unrated standards count as "Not yet rated").
- With `moderated`, a rating the advisory group has moderated counts as the moderator's RAG.
- A school's score is Red 0, Amber 1, Green 2 (`Rag.score`); means are shown as a percentage of
  the maximum.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Integer, Select, case, func, literal, select
from sqlalchemy.orm import Session

from hrsa.core.figures import PrincipleFigures, RagCounts, StandardFigures
from hrsa.core.framework import Framework
from hrsa.core.vocabulary.assessment import AssessmentStatus
from hrsa.core.vocabulary.moderation import ModerationOutcome
from hrsa.core.vocabulary.ratings import Rag
from hrsa.models import Assessment, Rating, School
from hrsa.models.moderation import Moderation
from hrsa.services.dashboard.counting import Counting

LARGEST_GAPS = 5

# Any select: the helpers below add joins and conditions and keep the columns' types.
SelectT = TypeVar("SelectT", bound="Select[*tuple[Any, ...]]")


@dataclass(frozen=True)
class Filters:
    """Which schools and which values a citywide figure counts."""

    ward: str | None = None
    phase: str | None = None
    counting: Counting = Counting.SUBMITTED
    moderated: bool = False

    @property
    def statuses(self) -> tuple[str, ...]:
        """The assessment statuses counted (the `Counting` rule)."""
        return self.counting.statuses

    @property
    def include_in_progress(self) -> bool:
        return self.counting.includes_in_progress

    @classmethod
    def from_parameters(cls, values: Mapping[str, Any]) -> Filters:
        """The filters a job stored as JSON (their `asdict`); a job stored before `Counting`
        existed says `include_in_progress` instead."""
        counting = values.get("counting")
        if counting is None:
            counting = Counting.chosen(bool(values.get("include_in_progress")))
        return cls(
            ward=values.get("ward"),
            phase=values.get("phase"),
            counting=Counting(counting),
            moderated=bool(values.get("moderated")),
        )


@dataclass(frozen=True)
class StatusCounts:
    """Schools by where their assessment for the cycle stands."""

    not_started: int = 0
    in_progress: int = 0
    submitted: int = 0

    @property
    def total(self) -> int:
        return self.not_started + self.in_progress + self.submitted

    def count(self, status: AssessmentStatus) -> int:
        return int(getattr(self, status.value))


@dataclass(frozen=True)
class PhaseStatus:
    phase: str
    counts: StatusCounts


@dataclass(frozen=True)
class ModerationCounts:
    agreed: int = 0
    challenged: int = 0

    @property
    def total(self) -> int:
        return self.agreed + self.challenged


# --- building blocks ------------------------------------------------------------------------


def rag_column(filters: Filters) -> ColumnElement[Any]:
    """The RAG a rating counts as: the moderator's where moderated values are asked for."""
    if filters.moderated:
        return func.coalesce(Moderation.moderated_rag, Rating.rag)
    return Rating.rag.expression


def score_column(rag: ColumnElement[Any]) -> ColumnElement[Any]:
    """Red 0, Amber 1, Green 2 in SQL (NULL for an unrated standard)."""
    return case({r.value: r.score for r in Rag}, value=rag)


def count_of(rag: ColumnElement[Any], value: Rag | None) -> ColumnElement[Any]:
    """SUM(CASE WHEN rag = value THEN 1 ELSE 0 END); None counts the standards not yet rated."""
    condition = rag.is_(None) if value is None else rag == value.value
    return func.sum(case((condition, 1), else_=0))


def restrict_schools(query: SelectT, filters: Filters) -> SelectT:
    """Keep only the schools in the filters' ward and phase."""
    if filters.ward:
        query = query.where(School.ward == filters.ward)
    if filters.phase:
        query = query.where(School.phase == filters.phase)
    return query


def counted_assessments(
    query: SelectT,
    assessment_id: Any,
    cycle_ids: Iterable[int],
    filters: Filters,
    *,
    with_school: bool = False,
) -> SelectT:
    """Join a select over a table with an assessment id column to the counted assessments of
    these cycles; and to their school when the filters or the caller (`with_school`) need it
    (every assessment has a school: leaving the join out changes no count, and saves a lookup
    per assessment)."""
    query = query.join(Assessment, assessment_id == Assessment.id).where(
        Assessment.cycle_id.in_(list(cycle_ids)), Assessment.status.in_(filters.statuses)
    )
    if with_school or filters.ward or filters.phase:
        query = query.join(School, Assessment.school_id == School.id)
    return restrict_schools(query, filters)


def counted_ratings(
    query: SelectT, cycle_ids: Iterable[int], filters: Filters, *, with_school: bool = False
) -> SelectT:
    """Join a select over Rating to its assessment (and school, as above), keeping the counted
    ones, and to its moderation when moderated values are asked for."""
    query = counted_assessments(
        query, Rating.assessment_id, cycle_ids, filters, with_school=with_school
    )
    if filters.moderated:
        query = query.outerjoin(Moderation, Moderation.rating_id == Rating.id)
    return query


# --- RAG distributions ----------------------------------------------------------------------


def schools_in_every_cycle(cycle_ids: Sequence[int], filters: Filters) -> Select[Any]:
    """The schools with a counted assessment in every one of the cycles (a subquery): the
    trends compare the same schools in each cycle unless asked for all of them."""
    ids = list(cycle_ids)
    query = (
        select(Assessment.school_id)
        .where(Assessment.cycle_id.in_(ids), Assessment.status.in_(filters.statuses))
        .group_by(Assessment.school_id)
        .having(func.count(func.distinct(Assessment.cycle_id)) == len(ids))
    )
    return query


def counted_schools_by_cycle(
    session: Session, cycle_ids: Sequence[int], filters: Filters, *, same_schools: bool = False
) -> dict[int, int]:
    """{cycle id: how many schools' assessments the figures count} (one GROUP BY)."""
    query = (
        select(Assessment.cycle_id, func.count(func.distinct(Assessment.school_id)))
        .join(School, Assessment.school_id == School.id)
        .where(Assessment.cycle_id.in_(list(cycle_ids)), Assessment.status.in_(filters.statuses))
        .group_by(Assessment.cycle_id)
    )
    if same_schools:
        query = query.where(Assessment.school_id.in_(schools_in_every_cycle(cycle_ids, filters)))
    found = {
        cycle_id: number for cycle_id, number in session.execute(restrict_schools(query, filters))
    }
    return {cycle_id: int(found.get(cycle_id, 0)) for cycle_id in cycle_ids}


def rag_counts_by_standard(
    session: Session,
    cycle_ids: Sequence[int],
    filters: Filters,
    *,
    same_schools: bool = False,
) -> dict[tuple[int, str], RagCounts]:
    """{(cycle id, standard code): counts}: one GROUP BY over the cycles' counted ratings;
    with `same_schools`, only those of schools counted in every one of the cycles.

    This is the bare aggregation behind the overview, the gap ranking and the trends.
    """
    rag = rag_column(filters)
    # Each RAG value counted by a CASE and grouped by standard (then cycle): a narrower sort for
    # the database than grouping by RAG as well; one cycle needs no grouping by cycle at all.
    ids = list(cycle_ids)
    if not ids:
        return {}
    cycle: Any = Assessment.cycle_id if len(ids) > 1 else literal(ids[0], Integer)
    query = select(
        Rating.standard_code, cycle, *(count_of(rag, value) for value in Rag), count_of(rag, None)
    ).select_from(Rating)
    groups = [Rating.standard_code, Assessment.cycle_id] if len(ids) > 1 else [Rating.standard_code]
    query = counted_ratings(query, ids, filters).group_by(*groups)
    if same_schools:
        query = query.where(Assessment.school_id.in_(schools_in_every_cycle(ids, filters)))
    return {
        (int(cycle_id), code): RagCounts(int(red), int(amber), int(green), int(unrated))
        for code, cycle_id, red, amber, green, unrated in session.execute(query)
    }


def principle_figures(
    framework: Framework, counts: dict[str, RagCounts]
) -> tuple[PrincipleFigures, ...]:
    """The framework's principles and standards with their counts (standards summed up)."""
    result = []
    for principle in framework.principles:
        standards = tuple(
            StandardFigures(s.code, s.text, s.principle_number, counts.get(s.code, RagCounts()))
            for s in principle.standards
        )
        total = sum((s.counts for s in standards), RagCounts())
        result.append(PrincipleFigures(principle.number, principle.title, total, standards))
    return tuple(result)


def distribution(
    session: Session, framework: Framework, cycle_id: int, filters: Filters
) -> tuple[PrincipleFigures, ...]:
    """The RAG distribution of each principle and standard in one cycle."""
    by_code = {
        code: counts
        for (_, code), counts in rag_counts_by_standard(session, [cycle_id], filters).items()
    }
    return principle_figures(framework, by_code)


def largest_gaps(
    principles: Iterable[PrincipleFigures], limit: int = LARGEST_GAPS
) -> tuple[StandardFigures, ...]:
    """The standards with the highest share of Red or Amber ratings (ties in framework order)."""
    standards = [s for p in principles for s in p.standards if s.counts.rated]
    ranked = sorted(standards, key=lambda s: -(s.counts.gap_share or 0.0))
    return tuple(ranked[:limit])


# --- schools and moderation -----------------------------------------------------------------


def status_counts(
    session: Session, cycle_id: int, filters: Filters
) -> tuple[StatusCounts, tuple[PhaseStatus, ...]]:
    """Schools not started, in progress and submitted: in total and by phase (one query)."""
    query = (
        select(School.phase, Assessment.status, func.count(School.id))
        .select_from(School)
        .outerjoin(
            Assessment, (Assessment.school_id == School.id) & (Assessment.cycle_id == cycle_id)
        )
        .group_by(School.phase, Assessment.status)
    )
    by_phase: dict[str, dict[str, int]] = {}
    for phase, status, number in session.execute(restrict_schools(query, filters)):
        key = status or AssessmentStatus.NOT_STARTED.value
        by_phase.setdefault(phase, {})[key] = number
    phases = tuple(
        PhaseStatus(phase, StatusCounts(**values)) for phase, values in sorted(by_phase.items())
    )
    total = StatusCounts(
        **{status.value: sum(p.counts.count(status) for p in phases) for status in AssessmentStatus}
    )
    return total, phases


def moderation_counts(session: Session, cycle_id: int, filters: Filters) -> ModerationCounts:
    """How many of the cycle's counted ratings the advisory group agreed with or challenged."""
    # Each moderation finds its rating's assessment by the rating's key (a few thousand lookups),
    # where a join would lead PostgreSQL to read every rating of every cycle.
    assessment_id = (
        select(Rating.assessment_id).where(Rating.id == Moderation.rating_id).scalar_subquery()
    )
    query = counted_assessments(
        select(Moderation.outcome, func.count()).select_from(Moderation),
        assessment_id,
        [cycle_id],
        filters,
    ).group_by(Moderation.outcome)
    found: dict[str, int] = {outcome: number for outcome, number in session.execute(query)}
    return ModerationCounts(
        agreed=found.get(ModerationOutcome.AGREE.value, 0),
        challenged=found.get(ModerationOutcome.CHALLENGE.value, 0),
    )
