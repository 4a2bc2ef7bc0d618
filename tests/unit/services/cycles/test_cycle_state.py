"""A cycle's state on the administrators' list: by its dates until an administrator closes it."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hrsa.core.vocabulary.assessment import CycleState
from hrsa.models import Cycle
from hrsa.services.cycles.lookup import cycle_state

OPENS, CLOSES = date(2026, 9, 1), date(2027, 7, 31)


def make(closed: bool = False) -> Cycle:
    closed_at = datetime(2027, 1, 1, tzinfo=UTC) if closed else None
    return Cycle(name="2026/27", opens_on=OPENS, closes_on=CLOSES, closed_at=closed_at)


def test_a_cycle_is_open_between_its_dates_inclusive() -> None:
    assert cycle_state(make(), OPENS) is CycleState.OPEN
    assert cycle_state(make(), CLOSES) is CycleState.OPEN


def test_before_and_after_its_dates() -> None:
    assert cycle_state(make(), date(2026, 8, 31)) is CycleState.NOT_OPEN_YET
    assert cycle_state(make(), date(2027, 8, 1)) is CycleState.PAST_CLOSING_DATE
    assert CycleState.PAST_CLOSING_DATE.label == "Past closing date"


def test_closed_by_an_administrator_whatever_the_dates() -> None:
    for today in (date(2026, 8, 31), OPENS, date(2027, 8, 1)):
        assert cycle_state(make(closed=True), today) is CycleState.CLOSED
