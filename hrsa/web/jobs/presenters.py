"""What a job's page shows: its state in words, its progress and the links it offers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import url_for

from hrsa.core.vocabulary.jobs import JobKind, JobState
from hrsa.models import Job
from hrsa.services.jobs import records

REFRESH_SECONDS = 2


def back_link(job: Job) -> dict[str, str]:
    """Where the person asked for the job from."""
    kind = JobKind(job.kind)
    if kind is JobKind.SCHOOL_EXPORT:
        school_id = job.parameters.get("school_id")
        return {"href": url_for("admin.edit_school", school_id=school_id), "text": "Back"}
    if kind in (JobKind.REPORTS_ZIP, JobKind.CITY_REPORT):
        cycle = job.parameters.get("cycle_id")
        return {"href": url_for("dashboard.overview", cycle=cycle), "text": "City overview"}
    return {"href": url_for("downloads.index"), "text": "Downloads"}


def progress_words(job: Job) -> str:
    """'37 of 100 done', or the state in words when the job cannot count its steps."""
    if job.state == JobState.QUEUED.value:
        return "Waiting to start"
    if job.total:
        return f"{job.done:,} of {job.total:,} done"
    return "Being prepared"


def status(job: Job, now: datetime) -> dict[str, Any]:
    """The job's state for scripts polling /jobs/<id>/status."""
    expired = records.has_expired(job, now)
    ready = job.state == JobState.FINISHED.value and not expired
    return {
        "state": JobState.EXPIRED.value if expired else job.state,
        "done": job.done,
        "total": job.total,
        "words": progress_words(job),
        "finished": JobState(job.state).done or expired,
        "download": url_for("jobs.download", job_id=job.id) if ready else None,
    }


def job_page(job: Job, now: datetime) -> dict[str, Any]:
    """Everything the job's page shows."""
    state = JobState(job.state)
    return {
        "title": JobKind(job.kind).label,
        "job": job,
        "state": state,
        "words": progress_words(job),
        "running": not state.done,
        "refresh": REFRESH_SECONDS if not state.done else None,
        "status_href": url_for("jobs.job_status", job_id=job.id),
        "download_href": url_for("jobs.download", job_id=job.id),
        "again_href": url_for("jobs.start_again", job_id=job.id),
        "back": back_link(job),
    }
