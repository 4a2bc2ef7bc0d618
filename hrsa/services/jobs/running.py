"""Running a job by id: mark it running, build its file into a temporary file, put that file in
the store under a new key, and record it as finished (kept for 24 hours) or failed.

The same function runs in an RQ worker, in a thread of the app process and inline in tests; it
only needs a session and a store. Progress is committed at most once a second, so a job for
25,000 schools does not spend its time writing its own record.
"""

from __future__ import annotations

import logging
import secrets
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from hrsa.core.errors import ServiceError
from hrsa.core.formatting import uk_today
from hrsa.core.vocabulary.jobs import JobKind, JobState
from hrsa.models import Job
from hrsa.models.base import utcnow
from hrsa.services.jobs import records
from hrsa.services.jobs.builders import BUILDERS, Context
from hrsa.services.operations import stored_files
from hrsa.services.surveys.figures import DEFAULT_MIN_RESPONSES
from hrsa.storage.base import Storage

log = logging.getLogger(__name__)

FAILED = "Something went wrong while preparing the file."
PROGRESS_EVERY = 1.0  # seconds between commits of a job's progress


@dataclass(frozen=True)
class Settings:
    """The configuration a job needs (plain values, read from the app's config by the caller)."""

    min_schools: int
    # Surveys with fewer responses are not shown in a report (HRSA_SURVEY_MIN_RESPONSES).
    min_responses: int = DEFAULT_MIN_RESPONSES


class RecordedProgress:
    """A job's progress, written to its row and committed at most once every `every` seconds."""

    def __init__(self, session: Session, job: Job, every: float = PROGRESS_EVERY) -> None:
        self.session = session
        self.job = job
        self.every = every
        self._last = time.monotonic()

    def expect(self, total: int) -> None:
        self.job.total = total
        self.session.commit()

    def advance(self) -> None:
        self.job.done += 1
        if time.monotonic() - self._last >= self.every:
            self.session.commit()
            self._last = time.monotonic()


def run(
    session: Session,
    store: Storage,
    job_id: int,
    *,
    settings: Settings,
    now: datetime | None = None,
) -> JobState | None:
    """Run the queued job and commit its outcome; returns its final state, or None when there
    was nothing to run (no such job, or it has already been started elsewhere)."""
    job = session.get(Job, job_id)
    if job is None or job.state != JobState.QUEUED.value:
        return None
    job.state = JobState.RUNNING.value
    job.started_at = utcnow()
    session.commit()
    try:
        _build_and_store(session, store, job, settings, now or utcnow())
    except Exception as error:
        session.rollback()
        if not isinstance(error, ServiceError):
            log.exception("Job %s (%s) failed", job_id, job.kind)
        _failed(session, job_id, str(error) if isinstance(error, ServiceError) else FAILED)
        return JobState.FAILED
    return JobState.FINISHED


def _build_and_store(
    session: Session, store: Storage, job: Job, settings: Settings, now: datetime
) -> None:
    build = BUILDERS[JobKind(job.kind)]
    context = Context(
        session=session,
        store=store,
        now=now,
        today=uk_today(),
        min_schools=settings.min_schools,
        min_responses=settings.min_responses,
    )
    with tempfile.TemporaryFile() as spool:  # on disk, so memory stays flat
        made = build(context, job.parameters, spool, RecordedProgress(session, job))
        spool.seek(0)
        key = secrets.token_hex(16)
        store.put(key, spool)
    stored_files.discard_on_rollback(session, store, key)
    finished = utcnow()
    job.state = JobState.FINISHED.value
    job.result_key = key
    job.file_name = made.file_name
    job.media_type = made.media_type
    job.finished_at = finished
    job.expires_at = finished + records.RESULT_KEPT
    if job.total is not None:
        job.done = job.total
    session.commit()


def _failed(session: Session, job_id: int, message: str) -> None:
    job = session.get(Job, job_id)
    if job is not None:
        records.fail(session, job, message)
        session.commit()
