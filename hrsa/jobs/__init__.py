"""The app's side of background jobs: which runner the app uses, and the functions an RQ worker
or the app's own thread calls with a job's id (work.py), with the scheduler of `hrsa worker
--with-scheduler` (scheduler.py). The rules of jobs are in hrsa.services.jobs."""

from __future__ import annotations

from flask import Flask, current_app

from hrsa.services.jobs.runners import InlineRunner, RqRunner, Runner, ThreadRunner

EXTENSION = "hrsa_jobs"


def init_jobs(app: Flask) -> None:
    """Give the app its runner: inline, RQ on HRSA_REDIS_URL, or the app's own thread."""
    from hrsa.jobs.work import run_in

    runner: Runner
    if app.config["HRSA_JOBS_INLINE"]:
        runner = InlineRunner(lambda job_id: run_in(app, job_id))
    elif app.config["HRSA_REDIS_URL"]:
        runner = RqRunner(app.config["HRSA_REDIS_URL"], timeout=app.config["HRSA_JOB_TIMEOUT"])
    else:
        runner = ThreadRunner(lambda job_id: run_in(app, job_id))
    app.extensions[EXTENSION] = runner


def runner() -> Runner:
    """The current app's runner."""
    found: Runner = current_app.extensions[EXTENSION]
    return found
