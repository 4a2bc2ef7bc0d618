"""Starting a job from a page: record it, commit, hand it to the runner, show its page."""

from __future__ import annotations

import logging
from typing import Any

import redis
from flask import abort, redirect, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from hrsa.core.vocabulary.jobs import JobKind
from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.jobs import runner
from hrsa.services.jobs import records
from hrsa.web.errors import render_error
from hrsa.web.security import CITY_ROLES

log = logging.getLogger(__name__)

# Who may ask for each kind of job (checked again when a job is started again).
KIND_ROLES: dict[JobKind, tuple[Role, ...]] = {
    JobKind.REPORTS_ZIP: tuple(CITY_ROLES),
    JobKind.CITY_REPORT: tuple(CITY_ROLES),
    JobKind.RATINGS_EXPORT: tuple(CITY_ROLES),
    JobKind.PLANS_EXPORT: tuple(CITY_ROLES),
    JobKind.SCHOOL_EXPORT: (Role.ADMIN,),
}
NOT_STARTED = (
    "The download could not be started because the service's job queue is not answering. "
    "Try again in a few minutes."
)


def may_start(kind: JobKind) -> bool:
    """Whether the signed-in person may ask for this kind of job."""
    return bool(current_user.has_role(*KIND_ROLES[kind]))


def start_job(kind: JobKind, parameters: dict[str, Any]) -> Response | tuple[str, int]:
    """Start the job for the signed-in person and send them to its page (403 if they may not;
    503, with the job marked failed, if the queue does not answer)."""
    if not may_start(kind):
        abort(403)
    job = records.start(db.session, user_id=current_user.id, kind=kind, parameters=parameters)
    job_id = job.id
    db.session.commit()
    try:
        runner().submit(job_id)
    except redis.RedisError:
        log.exception("Job %s could not be queued", job_id)
        records.fail(db.session, job, NOT_STARTED)
        db.session.commit()
        return render_error(503, NOT_STARTED)
    return redirect(url_for("jobs.show_job", job_id=job_id))
