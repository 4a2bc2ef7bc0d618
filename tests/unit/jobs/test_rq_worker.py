"""Jobs on a real Redis: RQ carries a job's id and a real RQ worker runs it to the end, both in
this process (SimpleWorker in burst mode) and as `hrsa worker --burst` started beside two app
instances that share the database, the store and Redis (one starts the job, the other downloads
it). Skipped where no Redis answers (.ci/run starts one); each test flushes only database 9."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime

import pytest
from flask import current_app
from rq import SimpleWorker

from hrsa.core.vocabulary.jobs import JobKind
from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.ratings import Rag
from hrsa.extensions import db
from hrsa.jobs import scheduler
from hrsa.models import Job
from hrsa.services.jobs import records
from hrsa.services.jobs.runners import RqRunner
from hrsa.storage.filesystem import storage_from_config
from tests.shared_servers import REDIS_URL, run_servers


@pytest.mark.committed
def test_an_rq_worker_runs_the_zip_job_from_redis(app, factory, clean_redis) -> None:
    cycle = factory.cycle()
    for urn in ("118801", "118802"):
        factory.rate_all(factory.assessment(factory.school(urn=urn), cycle), Rag.AMBER)
    person = factory.user(Role.ADVISORY)
    job = records.start(
        db.session, user_id=person.id, kind=JobKind.REPORTS_ZIP, parameters={"cycle_id": cycle.id}
    )
    db.session.commit()
    runner = RqRunner(REDIS_URL, timeout=600)

    runner.submit(job.id)
    assert runner.queue().count == 1
    worked = SimpleWorker([runner.queue()], connection=clean_redis).work(burst=True)

    assert worked
    db.session.expire_all()
    done = db.session.get_one(Job, job.id)
    assert (done.state, done.done, done.total) == ("finished", 2, 2)
    store = storage_from_config(current_app.config)
    with store.open(done.result_key or "") as stored:
        assert len(zipfile.ZipFile(io.BytesIO(stored.read())).namelist()) == 2


def test_the_scheduler_enqueues_each_task_once_per_period(clean_redis) -> None:
    runner = RqRunner(REDIS_URL, timeout=600)
    morning = datetime(2026, 7, 1, 6, 5, tzinfo=UTC)

    first = scheduler.enqueue_due(runner, morning)
    second = scheduler.enqueue_due(runner, morning)  # another worker with the scheduler

    assert first == ["expire-downloads", "lapse-resources", "purge-evidence", "send-reminders"]
    assert second == []
    assert runner.queue().count == 4


TWO_SERVERS_AND_A_WORKER = """
import json, os, subprocess, sys
from pathlib import Path
from flask_migrate import upgrade
from hrsa import create_app
from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.ratings import Rag
from hrsa.extensions import db
from hrsa.services.cycles import framework_versions
from tests.factories import Factory

database, uploads, redis_url, secret = sys.argv[1:5]
settings = {
    "SECRET_KEY": secret, "SQLALCHEMY_DATABASE_URI": database, "HRSA_UPLOAD_DIR": uploads,
    "HRSA_REDIS_URL": redis_url, "WTF_CSRF_ENABLED": False, "MAIL_SERVER": "",
}
first, second = create_app(settings), create_app(settings)
with first.app_context():
    upgrade()
    framework_versions.import_framework(db.session, first.config["HRSA_FRAMEWORK_PATH"])
    db.session.commit()
    factory = Factory(db.session, first.config)
    cycle = factory.cycle()
    factory.rate_all(factory.assessment(factory.school(urn="118801"), cycle), Rag.GREEN)
    email = factory.user(Role.COMMISSIONER).email
    cycle_id = cycle.id
one, two = first.test_client(), second.test_client()
for client in (one, two):
    client.post("/sign-in", data={"email": email, "password": "correct-horse-battery"})
job_url = one.post(f"/exports/ratings/{cycle_id}.csv").headers["Location"]
before = two.get(job_url + "/status").json["state"]
env = {**os.environ, "DATABASE_URL": database, "HRSA_UPLOAD_DIR": uploads,
       "HRSA_REDIS_URL": redis_url, "SECRET_KEY": secret}
worker = subprocess.run([str(Path(sys.executable).parent / "hrsa"), "worker", "--burst"],
                        env=env, capture_output=True, text=True, timeout=120)
after = two.get(job_url + "/status").json
download = two.get(after["download"] or "/missing")
print(json.dumps({"before": before, "after": after["state"], "worker": worker.returncode,
                  "stderr": worker.stderr[-1500:], "status": download.status_code,
                  "first_line": download.get_data(as_text=True).splitlines()[0]}))
"""


def test_hrsa_worker_runs_a_job_started_on_one_server_and_downloaded_from_another(
    tmp_path, clean_redis
) -> None:
    done = run_servers(TWO_SERVERS_AND_A_WORKER, tmp_path, REDIS_URL, timeout=240)
    assert done.returncode == 0, done.stderr[-3000:]
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    assert outcome["before"] == "queued" and outcome["worker"] == 0, outcome["stderr"]
    assert outcome["after"] == "finished" and outcome["status"] == 200, outcome
    assert outcome["first_line"].startswith("\ufeffCycle,School,URN")
