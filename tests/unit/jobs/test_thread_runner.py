"""Without Redis, the embedded default: jobs run in a background thread of the app process,
each in an app context and database session of its own."""

from __future__ import annotations

import pytest
from flask import Flask

from hrsa.core.vocabulary.jobs import JobKind
from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.jobs.work import run_in
from hrsa.models import Job
from hrsa.services.jobs import records
from hrsa.services.jobs.runners import ThreadRunner


@pytest.mark.committed
def test_the_thread_runner_runs_jobs_in_turn_outside_the_request(app: Flask, factory) -> None:
    person = factory.user(Role.ADMIN)
    cycle = factory.cycle()
    ids = []
    for fmt in ("csv", "xlsx"):
        job = records.start(
            db.session,
            user_id=person.id,
            kind=JobKind.PLANS_EXPORT,
            parameters={"cycle_id": cycle.id, "format": fmt},
        )
        db.session.commit()
        ids.append(job.id)
    runner = ThreadRunner(lambda job_id: run_in(app, job_id))

    for job_id in ids:
        runner.submit(job_id)
    runner.wait()

    db.session.expire_all()
    assert [db.session.get_one(Job, job_id).state for job_id in ids] == ["finished", "finished"]
