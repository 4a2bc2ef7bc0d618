"""A job's record: started for a person, theirs alone to see, and its result kept for a day."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hrsa.core.errors import NotFound
from hrsa.core.vocabulary.jobs import JobKind, JobState
from hrsa.models import Job
from hrsa.models.base import utcnow
from hrsa.services.operations import stored_files
from hrsa.storage.base import Storage

RESULT_KEPT = timedelta(hours=24)
NOT_FOUND = "There is no such download."
STUCK = (
    "The file was not ready in time: the service may have restarted while preparing it. Try again."
)


def start(session: Session, *, user_id: int, kind: JobKind, parameters: dict[str, Any]) -> Job:
    """Record a new job, waiting to run; the caller commits, then submits its id to a runner."""
    job = Job(user_id=user_id, kind=kind.value, parameters=dict(parameters))
    job.state = JobState.QUEUED.value
    job.done = 0
    session.add(job)
    session.flush()
    return job


def job_for(session: Session, job_id: int, user_id: int) -> Job:
    """The person's own job; NotFound for anyone else's (nobody learns that it exists)."""
    job = session.get(Job, job_id)
    if job is None or job.user_id != user_id:
        raise NotFound(NOT_FOUND)
    return job


def has_expired(job: Job, now: datetime) -> bool:
    """Whether the job's result is gone, or past its 24 hours (removed at the next sweep)."""
    if job.state == JobState.EXPIRED.value:
        return True
    return (
        job.state == JobState.FINISHED.value
        and job.expires_at is not None
        and job.expires_at <= now
    )


def fail_if_stuck(session: Session, job: Job, *, now: datetime, limit: timedelta) -> bool:
    """Mark a job failed that has waited or run longer than `limit` since it was asked for (a
    worker stopped mid-job, or none is running); returns whether it did."""
    if JobState(job.state).done or job.created_at + limit > now:
        return False
    fail(session, job, STUCK)
    return True


def expire_results(session: Session, store: Storage, *, now: datetime) -> int:
    """Mark finished jobs past their expiry as expired and delete their files once committed;
    returns how many. Run hourly (`hrsa expire-downloads`, or the worker's scheduler)."""
    due = session.scalars(
        select(Job).where(Job.state == JobState.FINISHED.value, Job.expires_at <= now)
    ).all()
    for job in due:
        if job.result_key:
            stored_files.delete_after_commit(session, store, job.result_key)
        job.state = JobState.EXPIRED.value
        job.result_key = None
    session.flush()
    return len(due)


def fail(session: Session, job: Job, message: str) -> None:
    """Mark the job failed with a message for the person who asked (it can be started again)."""
    job.state = JobState.FAILED.value
    job.error = message
    job.finished_at = utcnow()
    session.flush()


def again(session: Session, job: Job) -> Job:
    """A new job for the same person, of the same kind and parameters (try again, start again)."""
    return start(session, user_id=job.user_id, kind=JobKind(job.kind), parameters=job.parameters)
