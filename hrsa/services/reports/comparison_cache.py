"""The ward, phase and city figures a school's report compares it with, counted once and kept
while nothing they count has changed.

Every school in a cycle is compared with the same few dozen areas, and counting the city means
reading every submitted assessment: done for each report, a report cost more the larger the city
(and a ZIP of every school's reports counted the city once per school). The figures count
submitted assessments only, and the set of those changes only by a submission (a later
`submitted_at`) or a reopening (one fewer); so each area's figures are kept against the cycle's
count of submitted assessments and their latest submission time, read in one indexed query per
report, and counted again when that changes. A kept entry also expires after MAX_AGE seconds,
so a change no submission shows (an administrator moving a school to another ward) is seen
within minutes. Per process, so every app server and worker keeps its own.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hrsa.core.figures import AreaHeatmap
from hrsa.core.vocabulary.assessment import AssessmentStatus
from hrsa.models import Assessment

MAX_AGE = 300.0
MAX_ENTRIES = 2048

Stamp = tuple[int, datetime | None]
Key = tuple[int, str, str, str, int]  # cycle, framework version, by, area, min schools

_kept: dict[Key, tuple[Stamp, float, AreaHeatmap]] = {}
_lock = threading.Lock()


def cycle_stamp(session: Session, cycle_id: int) -> Stamp:
    """What the submitted set of a cycle looks like now: how many, and the latest submission."""
    count, latest = session.execute(
        select(func.count(Assessment.id), func.max(Assessment.submitted_at)).where(
            Assessment.cycle_id == cycle_id,
            Assessment.status == AssessmentStatus.SUBMITTED.value,
        )
    ).one()
    return int(count), latest


def kept(key: Key, stamp: Stamp, count: Callable[[], AreaHeatmap]) -> AreaHeatmap:
    """The figures kept for `key` while the stamp is the same and they are young enough, else
    `count()` (kept for next time)."""
    now = time.monotonic()
    with _lock:
        found = _kept.get(key)
    if found is not None and found[0] == stamp and now - found[1] < MAX_AGE:
        return found[2]
    figures = count()
    with _lock:
        if len(_kept) >= MAX_ENTRIES:
            _kept.clear()
        _kept[key] = (stamp, now, figures)
    return figures


def forget() -> None:
    """Drop everything kept (tests; an administrator's change of a school's ward or phase)."""
    with _lock:
        _kept.clear()
