"""Keeping the rating_count summary (hrsa.models.RatingCount) equal to the ratings it counts.

Every write of `Rating.rag` calls `recount` in the same transaction: saving a principle
(services.assessment.ratings), starting an assessment with or without carrying forward
(services.assessment.starting), and the bulk writers (demo.bulk, the benchmark). It counts the
named assessments' ratings again from the rating table in one INSERT ... SELECT ... GROUP BY
with ON CONFLICT DO UPDATE, so the summary never drifts by increments and a missing row is
simply made. Beside a row per principle, each assessment has a row for the whole assessment
(principle number 0, `WHOLE_ASSESSMENT`), recounted with every save.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Integer, case, func, literal, select, union_all
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from hrsa.core.vocabulary.ratings import Rag
from hrsa.models import Rating, RatingCount

# Assessments recounted per statement (well inside every database's limit on parameters).
CHUNK = 500
COUNTED = (*(rag.value for rag in Rag), "unrated")
# The row under principle number 0 counts the whole assessment (its principles' rows added up),
# so a figure per assessment reads one row rather than eight.
WHOLE_ASSESSMENT = 0


def _counts_of(assessment_ids: Sequence[int] | None, principle_number: int | None) -> Any:
    """SELECT assessment, principle, Red, Amber, Green, unrated FROM rating GROUP BY both; and
    UNION ALL each assessment's whole counts under principle number 0 (WHOLE_ASSESSMENT)."""
    counts = [func.sum(case((Rating.rag == rag.value, 1), else_=0)) for rag in Rag]
    unrated = func.sum(case((Rating.rag.is_(None), 1), else_=0))
    # SQLite's upsert needs a WHERE in its SELECT to read ON CONFLICT right: always give one.
    where = [Rating.assessment_id.is_not(None)]
    if assessment_ids is not None:
        where.append(Rating.assessment_id.in_(list(assessment_ids)))
    per_principle = select(Rating.assessment_id, Rating.principle_number, *counts, unrated).where(
        *where
    )
    if principle_number is not None:
        per_principle = per_principle.where(Rating.principle_number == principle_number)
    whole = select(
        Rating.assessment_id, literal(WHOLE_ASSESSMENT, Integer), *counts, unrated
    ).where(*where)
    return union_all(
        per_principle.group_by(Rating.assessment_id, Rating.principle_number),
        whole.group_by(Rating.assessment_id),
    )


def _upsert(session: Session, source: Any) -> None:
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = RatingCount.__table__
    statement = insert(table).from_select(["assessment_id", "principle_number", *COUNTED], source)
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.assessment_id, table.c.principle_number],
        set_={name: statement.excluded[name] for name in COUNTED},
    )
    session.execute(statement)


def recount(
    session: Session,
    assessment_ids: Sequence[int] | None = None,
    *,
    principle_number: int | None = None,
) -> None:
    """Count these assessments' ratings again (every assessment's when None), only one
    principle's when given. Pending ORM changes are flushed first; one statement per 500
    assessments."""
    session.flush()
    if assessment_ids is None:
        _upsert(session, _counts_of(None, principle_number))
        return
    ids = list(assessment_ids)
    for start in range(0, len(ids), CHUNK):
        _upsert(session, _counts_of(ids[start : start + CHUNK], principle_number))


def differences(session: Session) -> list[tuple[Any, ...]]:
    """Rows where the summary and a GROUP BY over the ratings disagree (none, always): each as
    (assessment, principle, the summary's counts or None, the ratings' counts or None)."""
    counted = {(row[0], row[1]): tuple(row[2:]) for row in session.execute(_counts_of(None, None))}
    stored = {
        (row[0], row[1]): tuple(row[2:])
        for row in session.execute(
            select(
                RatingCount.assessment_id,
                RatingCount.principle_number,
                *(getattr(RatingCount, name) for name in COUNTED),
            )
        )
    }
    return [
        (*key, stored.get(key), counted.get(key))
        for key in sorted(counted.keys() | stored.keys())
        if stored.get(key) != counted.get(key)
    ]
