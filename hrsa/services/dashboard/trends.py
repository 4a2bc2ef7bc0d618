"""Change over time: the gap ranking (this cycle against the one before) and the citywide
distribution of every standard and principle in every cycle.

Both are the same single GROUP BY as the overview's distribution (`rag_counts_by_standard`), over
two cycles or over all of them; principles add up their standards. Standards are matched across
cycles by code, so a standard a newer framework dropped simply has no figures there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from hrsa.core.figures import RagCounts
from hrsa.core.formatting import plural
from hrsa.core.framework import Framework
from hrsa.models import Assessment, Cycle, Rating
from hrsa.services.dashboard.figures import (
    Filters,
    counted_schools_by_cycle,
    rag_counts_by_standard,
)


@dataclass(frozen=True)
class GapRow:
    """A standard or principle's share of Red and Amber ratings now and in the previous cycle."""

    key: str  # the standard's code or the principle's number
    title: str
    counts: RagCounts
    previous: RagCounts | None

    @property
    def change_points(self) -> int | None:
        """The change in the share of Red or Amber, in percentage points (None: no comparison)."""
        now = self.counts.gap_share
        before = self.previous.gap_share if self.previous else None
        if now is None or before is None:
            return None
        return round(100 * now) - round(100 * before)

    @property
    def change_words(self) -> str:
        """'Up 3 percentage points', 'No change' or 'No earlier figures' (pages and PDF)."""
        points = self.change_points
        if points is None:
            return "No earlier figures"
        if points == 0:
            return "No change"
        word = "Up" if points > 0 else "Down"
        return f"{word} {plural(abs(points), 'percentage point')}"


@dataclass(frozen=True)
class GapRanking:
    standards: tuple[GapRow, ...]
    principles: tuple[GapRow, ...]
    has_previous: bool


def _ranked(rows: list[GapRow]) -> tuple[GapRow, ...]:
    """Largest share of Red or Amber first; unrated last; ties in framework order."""
    return tuple(
        sorted(rows, key=lambda r: -1.0 if r.counts.gap_share is None else -r.counts.gap_share)
    )


def gap_ranking(
    session: Session,
    framework: Framework,
    cycle_id: int,
    previous_cycle_id: int | None,
    filters: Filters,
) -> GapRanking:
    """The standards and the principles ordered by their share of Red and Amber ratings."""
    cycle_ids = [cycle_id] if previous_cycle_id is None else [cycle_id, previous_cycle_id]
    counts = rag_counts_by_standard(session, cycle_ids, filters)
    empty = RagCounts()

    def previous(code: str) -> RagCounts | None:
        return None if previous_cycle_id is None else counts.get((previous_cycle_id, code), empty)

    standards = [
        GapRow(s.code, s.text, counts.get((cycle_id, s.code), empty), previous(s.code))
        for s in framework.standards
    ]
    principles = []
    for p in framework.principles:
        now = sum((counts.get((cycle_id, s.code), empty) for s in p.standards), empty)
        before = None
        if previous_cycle_id is not None:
            before = sum((previous(s.code) or empty for s in p.standards), empty)
        principles.append(GapRow(str(p.number), p.title, now, before))
    return GapRanking(_ranked(standards), _ranked(principles), previous_cycle_id is not None)


# --- trends across every cycle --------------------------------------------------------------


@dataclass(frozen=True)
class TrendPoint:
    cycle_id: int
    cycle_name: str
    counts: RagCounts
    schools: int = 0  # the schools whose assessments this cycle's figures count


@dataclass(frozen=True)
class TrendSeries:
    """One standard's or principle's distribution in each cycle, oldest first."""

    key: str
    title: str
    points: tuple[TrendPoint, ...]


@dataclass(frozen=True)
class Trends:
    principles: tuple[TrendSeries, ...]
    standards: tuple[TrendSeries, ...]
    same_schools: bool = False  # only the schools counted in every cycle

    @property
    def schools(self) -> tuple[tuple[str, int], ...]:
        """(cycle name, schools counted) in each cycle, oldest first."""
        series = self.principles[0].points if self.principles else ()
        return tuple((point.cycle_name, point.schools) for point in series)


def trends(
    session: Session,
    framework: Framework,
    cycles: Sequence[Cycle],
    filters: Filters,
    *,
    same_schools: bool = True,
) -> Trends:
    """Every standard and principle of `framework` in every one of `cycles`: by default only
    the schools counted in every cycle, so a change is a change in those schools, not in which
    schools took part (two queries)."""
    ordered = sorted(cycles, key=lambda c: (c.opens_on, c.id))
    ids = [c.id for c in ordered]
    counts = rag_counts_by_standard(session, ids, filters, same_schools=same_schools)
    schools = counted_schools_by_cycle(session, ids, filters, same_schools=same_schools)
    empty = RagCounts()

    def series(key: str, title: str, codes: Sequence[str]) -> TrendSeries:
        points = tuple(
            TrendPoint(
                c.id,
                c.name,
                sum((counts.get((c.id, code), empty) for code in codes), empty),
                schools.get(c.id, 0),
            )
            for c in ordered
        )
        return TrendSeries(key, title, points)

    return Trends(
        principles=tuple(
            series(str(p.number), p.title, [s.code for s in p.standards])
            for p in framework.principles
        ),
        standards=tuple(series(s.code, s.text, [s.code]) for s in framework.standards),
        same_schools=same_schools,
    )


# --- one school's own history ---------------------------------------------------------------


@dataclass(frozen=True)
class SchoolHistory:
    """A school's rating of each standard in each cycle it took part in, oldest first."""

    cycles: tuple[tuple[int, str, str], ...]  # (cycle id, name, assessment status)
    ratings: dict[tuple[int, str], str | None]  # (cycle id, standard code) -> RAG


def school_history(session: Session, school_id: int) -> SchoolHistory:
    """Every assessment of one school with its ratings (two queries)."""
    taken = session.execute(
        select(Cycle.id, Cycle.name, Assessment.status)
        .join(Assessment, Assessment.cycle_id == Cycle.id)
        .where(Assessment.school_id == school_id)
        .order_by(Cycle.opens_on, Cycle.id)
    ).all()
    found = session.execute(
        select(Assessment.cycle_id, Rating.standard_code, Rating.rag)
        .join(Assessment, Rating.assessment_id == Assessment.id)
        .where(Assessment.school_id == school_id)
    ).all()
    return SchoolHistory(
        cycles=tuple((c, n, s) for c, n, s in taken),
        ratings={(cycle_id, code): rag for cycle_id, code, rag in found},
    )
