"""The work done on a timetable: what `hrsa worker --with-scheduler` runs, or cron runs instead.

Each task is one of the existing `hrsa` commands, so cron and the worker's scheduler do exactly
the same thing. A task runs once per period (a UK day from its hour, or an hour) however many
schedulers are running: each period has a name, and the first scheduler to claim it in Redis
enqueues the task (runners.RqRunner.submit_scheduled).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from hrsa.core.formatting import UK


@dataclass(frozen=True)
class Scheduled:
    """A command to run daily from `hour` (UK time), or hourly when `hour` is None."""

    command: str
    hour: int | None
    why: str


SCHEDULE = (
    Scheduled("expire-downloads", None, "removes background jobs' files past their 24 hours"),
    Scheduled("lapse-resources", 2, "resources past their review-by date go back for review"),
    Scheduled("purge-evidence", 3, "deletes evidence removed more than 30 days ago"),
    Scheduled("send-reminders", 7, "emails the day's reminders"),
)


def period(task: Scheduled, now: datetime) -> str | None:
    """The name of the period `task` is due in at `now`, or None when it is not yet due today
    ('2026-12-05' for a daily task from its hour, '2026-12-05T14' for an hourly one)."""
    local = now.astimezone(UK)
    if task.hour is None:
        return local.strftime("%Y-%m-%dT%H")
    if local.hour < task.hour:
        return None
    return local.date().isoformat()


def claim_key(task: Scheduled, period_name: str) -> str:
    """The Redis key a scheduler sets to claim a task's period."""
    return f"hrsa:scheduled:{task.command}:{period_name}"


def due(now: datetime) -> list[tuple[Scheduled, str]]:
    """Every task due at `now`, with the period it is due in."""
    return [(task, name) for task in SCHEDULE if (name := period(task, now)) is not None]
