"""Schools that may need support: the most Reds, the largest falls since the last cycle, and
those that have not started. Each list is one query with a LIMIT, whatever the city's size."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hrsa.models import Assessment, Rating, School
from hrsa.services.aggregation import (
    Filters,
    count_of,
    counted_ratings,
    rag_column,
    restrict_schools,
    score_column,
)
from hrsa.vocabulary import MAX_RAG_SCORE, Rag

SUPPORT_LIST_LENGTH = 5


@dataclass(frozen=True)
class SchoolNeed:
    """A school that may need support, with the figure that put it on the list."""

    school_id: int
    name: str
    urn: str
    assessment_id: int | None
    reds: int = 0
    # The change in the school's mean score since the previous cycle, in percentage points.
    change_points: int | None = None


@dataclass(frozen=True)
class SupportLists:
    most_reds: tuple[SchoolNeed, ...] = ()
    declined: tuple[SchoolNeed, ...] = ()
    not_started: tuple[SchoolNeed, ...] = ()
    not_started_total: int = 0


def schools_with_most_reds(
    session: Session, cycle_id: int, filters: Filters, limit: int = SUPPORT_LIST_LENGTH
) -> tuple[SchoolNeed, ...]:
    """The counted schools with the most Red ratings (at least one), most first."""
    reds = count_of(rag_column(filters), Rag.RED)
    query = select(School.id, School.name, School.urn, Assessment.id, reds).select_from(Rating)
    query = (
        counted_ratings(query, [cycle_id], filters)
        .group_by(School.id, School.name, School.urn, Assessment.id)
        .having(reds > 0)
        .order_by(reds.desc(), School.name, School.id)
        .limit(limit)
    )
    return tuple(
        SchoolNeed(school_id, name, urn, assessment_id, reds=number)
        for school_id, name, urn, assessment_id, number in session.execute(query)
    )


def schools_declined(
    session: Session,
    cycle_id: int,
    previous_cycle_id: int,
    filters: Filters,
    limit: int = SUPPORT_LIST_LENGTH,
) -> tuple[SchoolNeed, ...]:
    """Schools whose mean score fell since the previous cycle, the largest fall first."""
    rag = rag_column(filters)
    mean = func.sum(score_column(rag)) * 100.0 / (MAX_RAG_SCORE * func.count(rag))
    per_school = select(
        Assessment.school_id, Assessment.cycle_id, Assessment.id, mean.label("mean")
    ).select_from(Rating)
    per_school_cte = (
        counted_ratings(per_school, [cycle_id, previous_cycle_id], filters)
        .group_by(Assessment.school_id, Assessment.cycle_id, Assessment.id)
        .having(func.count(rag) > 0)
        .cte("per_school")
    )
    now, before = per_school_cte.alias("now"), per_school_cte.alias("before")
    change = (now.c.mean - before.c.mean).label("change")
    query = (
        select(School.id, School.name, School.urn, now.c.id, change)
        .select_from(now)
        .join(before, before.c.school_id == now.c.school_id)
        .join(School, School.id == now.c.school_id)
        .where(
            now.c.cycle_id == cycle_id,
            before.c.cycle_id == previous_cycle_id,
            now.c.mean < before.c.mean,
        )
        .order_by(change, School.name, School.id)
        .limit(limit)
    )
    return tuple(
        SchoolNeed(school_id, name, urn, assessment_id, change_points=round(points))
        for school_id, name, urn, assessment_id, points in session.execute(query)
    )


def schools_not_started(
    session: Session, cycle_id: int, filters: Filters, limit: int = SUPPORT_LIST_LENGTH
) -> tuple[SchoolNeed, ...]:
    """The first schools by name that have not started the cycle's assessment."""
    query = (
        select(School.id, School.name, School.urn)
        .outerjoin(
            Assessment, (Assessment.school_id == School.id) & (Assessment.cycle_id == cycle_id)
        )
        .where(Assessment.id.is_(None))
        .order_by(School.name, School.id)
        .limit(limit)
    )
    return tuple(
        SchoolNeed(school_id, name, urn, None)
        for school_id, name, urn in session.execute(restrict_schools(query, filters))
    )
