"""Views: a job's page (progress, then the download), its status as JSON, its file, and
starting it again. Every view finds the job through records.job_for: another person's is 404."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from flask import current_app, jsonify, redirect, render_template, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from hrsa.core.vocabulary.jobs import JobKind, JobState
from hrsa.extensions import db
from hrsa.models import Job
from hrsa.models.base import utcnow
from hrsa.services.jobs import records
from hrsa.storage.base import CHUNK_SIZE, FileMissing
from hrsa.storage.configured import storage_from_config
from hrsa.web.jobs import bp, presenters
from hrsa.web.jobs.starting import start_job
from hrsa.web.responses import audited_download

EXPIRED = "This download has expired"
STUCK_MARGIN = timedelta(minutes=10)  # beyond the job timeout, before a job counts as stuck
# What the audit log says was downloaded (as it did when each file was sent by its own page).
AUDIT_ENTITY = {
    JobKind.REPORTS_ZIP: "report",
    JobKind.CITY_REPORT: "city_report",
    JobKind.RATINGS_EXPORT: "ratings",
    JobKind.PLANS_EXPORT: "plans",
    JobKind.SCHOOL_EXPORT: "school",
}


def _own_job(job_id: int) -> Job:
    """The person's job (404 for anyone else's), failed first if it has been stuck too long."""
    job = records.job_for(db.session, job_id, current_user.id)
    limit = timedelta(seconds=current_app.config["HRSA_JOB_TIMEOUT"]) + STUCK_MARGIN
    if records.fail_if_stuck(db.session, job, now=utcnow(), limit=limit):
        db.session.commit()
    return job


def _expired(job: Job) -> tuple[str, int]:
    """410: the result is gone; the page offers to make it again."""
    page = presenters.job_page(job, utcnow())
    return render_template("jobs/expired.html", **{**page, "title": EXPIRED}), 410


@bp.route("/jobs/<int:job_id>")
@login_required
def show_job(job_id: int) -> str | tuple[str, int]:
    """The job's progress (refreshed until it is done), then its download or what went wrong."""
    job = _own_job(job_id)
    if records.has_expired(job, utcnow()):
        return _expired(job)
    return render_template("jobs/show.html", **presenters.job_page(job, utcnow()))


@bp.route("/jobs/<int:job_id>/status")
@login_required
def job_status(job_id: int) -> Response:
    """The job's state and progress as JSON, for the page's script."""
    response = jsonify(presenters.status(_own_job(job_id), utcnow()))
    response.headers["Cache-Control"] = "no-store"
    return response


def _chunks(key: str) -> Iterator[bytes]:
    with storage_from_config(current_app.config).open(key) as stored:
        while chunk := stored.read(CHUNK_SIZE):
            yield chunk


@bp.route("/jobs/<int:job_id>/download")
@login_required
def download(job_id: int) -> Response | tuple[str, int]:
    """The job's file, streamed from the store, while it is kept (410 once expired)."""
    job = _own_job(job_id)
    if records.has_expired(job, utcnow()):
        return _expired(job)
    if job.state != JobState.FINISHED.value or not job.result_key:
        return redirect(url_for("jobs.show_job", job_id=job.id))
    try:
        storage_from_config(current_app.config).open(job.result_key).close()
    except FileMissing:  # removed by a sweep since this page was read
        return _expired(job)
    kind = JobKind(job.kind)
    school_id = job.parameters.get("school_id") if kind is JobKind.SCHOOL_EXPORT else None
    return audited_download(
        _chunks(job.result_key),
        job.file_name or "download",
        job.media_type or "application/octet-stream",
        entity=AUDIT_ENTITY[kind],
        entity_id=school_id,
        school_id=school_id,  # the audit log's filter by school finds it
        headers={"Cache-Control": "no-store"},
    )


@bp.route("/jobs/<int:job_id>/again", methods=["POST"])
@login_required
def start_again(job_id: int) -> Response | tuple[str, int]:
    """Start the same job again (after it failed or expired) and show the new one."""
    job = _own_job(job_id)
    return start_job(JobKind(job.kind), job.parameters)
