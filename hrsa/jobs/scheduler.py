"""The scheduler of `hrsa worker --with-scheduler`: once a minute, enqueue each scheduled task
whose period has come (hrsa.services.jobs.schedule), claiming the period in Redis first so that
several workers started with the scheduler still run each task once."""

from __future__ import annotations

import logging
import threading
from datetime import datetime

from hrsa.models.base import utcnow
from hrsa.services.jobs import schedule
from hrsa.services.jobs.runners import RqRunner

log = logging.getLogger(__name__)

CHECK_EVERY = 60.0  # seconds
CLAIM_SECONDS = 3 * 24 * 3600  # a claimed period is remembered long after it has passed


def enqueue_due(runner: RqRunner, now: datetime) -> list[str]:
    """Enqueue every task due at `now` that no scheduler has claimed yet; their commands."""
    started = []
    for task, period in schedule.due(now):
        key = schedule.claim_key(task, period)
        if runner.submit_scheduled(task.command, claim_key=key, claim_seconds=CLAIM_SECONDS):
            log.info("Scheduled %s for %s", task.command, period)
            started.append(task.command)
    return started


def start(runner: RqRunner, stop: threading.Event) -> threading.Thread:
    """Check the timetable in a daemon thread until `stop` is set."""

    def loop() -> None:
        while not stop.is_set():
            try:
                enqueue_due(runner, utcnow())
            except Exception:  # Redis away for a moment: try again at the next check
                log.exception("The scheduler could not enqueue today's work")
            stop.wait(CHECK_EVERY)

    thread = threading.Thread(target=loop, name="hrsa-scheduler", daemon=True)
    thread.start()
    return thread
