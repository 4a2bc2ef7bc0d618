"""Schools that may need support: the most Reds, the largest falls since the last cycle, and
those that have not started. Two queries with a LIMIT, whatever the city's size: the first two
lists come from one pass over the two cycles' counted assessments (the rating_count summary's
row for each whole assessment, or the ratings themselves for moderated values; a CTE the
database materialises once)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import add
from typing import Any

from sqlalchemy import func, literal, select, union_all
from sqlalchemy.orm import Session

from hrsa.core.vocabulary.ratings import MAX_RAG_SCORE, Rag
from hrsa.models import Assessment, Rating, RatingCount, School
from hrsa.services.assessment import rating_counts
from hrsa.services.dashboard.figures import (
    Filters,
    count_of,
    counted_assessments,
    counted_ratings,
    rag_column,
    restrict_schools,
    score_column,
)

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


def _per_school(cycle_ids: list[int], filters: Filters) -> Any:
    """Each counted assessment's Reds and mean score (a percentage of the maximum): from the
    rating_count summary's row for the whole assessment (kept on every save), or from the
    ratings when moderated values are asked for (the summary counts the schools' own)."""
    columns = (Assessment.school_id, Assessment.cycle_id, Assessment.id.label("assessment_id"))
    if filters.moderated:
        rag = rag_column(filters)
        rated: Any = func.count(rag)
        mean = func.sum(score_column(rag)) * 100.0 / (MAX_RAG_SCORE * rated)
        query = (
            counted_ratings(select().select_from(Rating), cycle_ids, filters)
            .add_columns(*columns, count_of(rag, Rag.RED).label("reds"), mean.label("mean"))
            .group_by(Assessment.id, Assessment.school_id, Assessment.cycle_id)
            .having(rated > 0)
        )
    else:
        rated = reduce(add, (getattr(RatingCount, r.value) for r in Rag))
        score = reduce(add, (getattr(RatingCount, r.value) * r.score for r in Rag if r.score))
        mean = score * 100.0 / (MAX_RAG_SCORE * rated)
        query = counted_assessments(
            select().select_from(RatingCount), RatingCount.assessment_id, cycle_ids, filters
        ).where(RatingCount.principle_number == rating_counts.WHOLE_ASSESSMENT, rated > 0)
        query = query.add_columns(*columns, RatingCount.red.label("reds"), mean.label("mean"))
    return query.cte("per_school")


def _ranked(branch: Any, order: Any, limit: int) -> Any:
    """A branch of the union: its own ORDER BY and LIMIT, wrapped so any database accepts it."""
    ranked = branch.join(School, School.id == branch.selected_columns.school_id)
    return select(ranked.order_by(order, School.name, School.id).limit(limit).subquery())


def school_lists(
    session: Session,
    cycle_id: int,
    previous_cycle_id: int | None,
    filters: Filters,
    limit: int = SUPPORT_LIST_LENGTH,
) -> tuple[tuple[SchoolNeed, ...], tuple[SchoolNeed, ...]]:
    """(the schools with the most Reds, those whose mean score fell most since the previous
    cycle): one query, which reads each counted rating of the two cycles once."""
    cycle_ids = [cycle_id] if previous_cycle_id is None else [cycle_id, previous_cycle_id]
    per_school = _per_school(cycle_ids, filters)
    # Only schools with at least as many Reds as the `limit`-th most can be on the list: looking
    # up just their names for the tie-break (not every school with a Red) changes no result.
    fewest_listed = (
        select(per_school.c.reds)
        .where(per_school.c.cycle_id == cycle_id)
        .order_by(per_school.c.reds.desc())
        .limit(1)
        .offset(limit - 1)
        .scalar_subquery()
    )
    reds = select(
        literal("reds").label("list"),
        per_school.c.school_id,
        per_school.c.assessment_id,
        (-per_school.c.reds).label("key"),
    ).where(
        per_school.c.cycle_id == cycle_id,
        per_school.c.reds > 0,
        per_school.c.reds >= func.coalesce(fewest_listed, 0),
    )
    branches = [_ranked(reds, (-per_school.c.reds), limit)]
    if previous_cycle_id is not None:
        now, before = per_school.alias("now"), per_school.alias("before")
        change = now.c.mean - before.c.mean
        declined = (
            select(
                literal("declined").label("list"),
                now.c.school_id,
                now.c.assessment_id,
                change.label("key"),
            )
            .join(before, before.c.school_id == now.c.school_id)
            .where(
                now.c.cycle_id == cycle_id,
                before.c.cycle_id == previous_cycle_id,
                now.c.mean < before.c.mean,
            )
        )
        branches.append(_ranked(declined, change, limit))
    both = union_all(*branches).subquery()
    query = (
        select(
            both.c.list, both.c.school_id, School.name, School.urn, both.c.assessment_id, both.c.key
        )
        .join(School, School.id == both.c.school_id)
        .order_by(both.c.list, both.c.key, School.name, School.id)
    )
    most_reds, fallen = [], []
    for name, school_id, school_name, urn, assessment_id, key in session.execute(query):
        if name == "reds":
            most_reds.append(SchoolNeed(school_id, school_name, urn, assessment_id, reds=-int(key)))
        else:
            fallen.append(
                SchoolNeed(school_id, school_name, urn, assessment_id, change_points=round(key))
            )
    return tuple(most_reds), tuple(fallen)


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
