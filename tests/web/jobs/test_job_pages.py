"""A job's page: progress while it runs, then the download; a failure says so with "Try again";
an expired file says so (410) with "Start again"; and only the person who asked sees any of it."""

from __future__ import annotations

from datetime import timedelta
from html import unescape

import pytest

from hrsa.core.vocabulary.jobs import JobKind
from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.models import Job
from hrsa.models.base import utcnow
from hrsa.services.jobs import records


def _queued(person, kind=JobKind.RATINGS_EXPORT, **parameters) -> Job:  # type: ignore[no-untyped-def]
    job = records.start(db.session, user_id=person.id, kind=kind, parameters=parameters)
    db.session.commit()
    return job


def _text(response) -> str:  # type: ignore[no-untyped-def]
    return unescape(response.get_data(as_text=True))


@pytest.fixture
def commissioner(factory, sign_in):  # type: ignore[no-untyped-def]
    person = factory.user(Role.COMMISSIONER)
    sign_in(person.email)
    return person


def test_a_waiting_job_shows_its_progress_and_refreshes(client, factory, commissioner) -> None:
    job = _queued(commissioner, cycle_id=factory.cycle().id, format="csv")
    job.state, job.done, job.total = "running", 37, 100
    db.session.commit()

    page = _text(client.get(f"/jobs/{job.id}"))
    status = client.get(f"/jobs/{job.id}/status")

    assert "37 of 100 done" in page and 'max="100" value="37"' in page
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page
    assert f'data-hrsa-job-status="/jobs/{job.id}/status"' in page
    assert status.json == {
        "state": "running",
        "done": 37,
        "total": 100,
        "words": "37 of 100 done",
        "finished": False,
        "download": None,
    }
    assert client.get(f"/jobs/{job.id}/download").headers["Location"] == f"/jobs/{job.id}"


def test_the_ratings_export_is_a_job_whose_page_offers_the_file(
    client, factory, commissioner
) -> None:
    cycle = factory.cycle()
    page = _text(client.get("/exports"))
    assert f'action="/exports/ratings/{cycle.id}.csv"' not in page  # no ratings yet: no button

    started = client.post(f"/exports/ratings/{cycle.id}.csv")
    job_url = started.headers["Location"]
    ready = _text(client.get(job_url))
    assert "Your file is ready" in ready and "Download the file" in ready
    assert client.get(job_url + "/status").json["download"] == job_url + "/download"
    download = client.get(job_url + "/download", buffered=True)

    assert download.status_code == 200 and download.content_type.startswith("text/csv")
    assert download.get_data(as_text=True).startswith("\ufeffCycle,School,URN")


def test_a_failed_job_says_so_and_can_be_tried_again(client, factory, commissioner) -> None:
    cycle = factory.cycle()
    started = client.post(f"/cycles/{cycle.id}/reports.zip")  # 404: no assessments yet
    assert started.status_code == 404
    job = _queued(commissioner, JobKind.REPORTS_ZIP, cycle_id=cycle.id)
    from hrsa.jobs import runner

    runner().submit(job.id)
    db.session.expire_all()  # the job ran in a session of its own

    page = _text(client.get(f"/jobs/{job.id}"))
    assert "The file could not be prepared" in page
    assert "No school has an assessment in the 2026/27 cycle." in page
    assert f'action="/jobs/{job.id}/again"' in page and "Try again" in page
    factory.assessment(factory.school(), cycle)
    again = client.post(f"/jobs/{job.id}/again")
    assert again.status_code == 302 and again.headers["Location"] != f"/jobs/{job.id}"
    assert "Your file is ready" in _text(client.get(again.headers["Location"]))


def test_an_expired_download_says_so_and_offers_to_start_again(
    client, factory, commissioner
) -> None:
    cycle = factory.cycle()
    job_url = client.post(f"/exports/plans/{cycle.id}.xlsx").headers["Location"]
    job = db.session.get(Job, int(job_url.rsplit("/", 1)[1]))
    job.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()

    for url in (job_url, job_url + "/download"):
        response = client.get(url)
        assert response.status_code == 410
        assert "This download has expired" in _text(response)
        assert f'action="{job_url}/again"' in _text(response)
    assert client.get(job_url + "/status").json["state"] == "expired"
    again = client.post(job_url + "/again")
    assert "Your file is ready" in _text(client.get(again.headers["Location"]))


def test_another_persons_job_is_not_found(client, factory, sign_in) -> None:
    owner = factory.user(Role.COMMISSIONER)
    job = _queued(owner, cycle_id=factory.cycle().id, format="csv")
    sign_in(factory.user(Role.ADMIN).email)

    for url in (f"/jobs/{job.id}", f"/jobs/{job.id}/status", f"/jobs/{job.id}/download"):
        assert client.get(url).status_code == 404
    assert client.post(f"/jobs/{job.id}/again").status_code == 404
    assert client.get("/jobs/2147483647").status_code == 404


def test_a_queue_that_does_not_answer_is_a_503_page_and_a_failed_job(
    app, client, factory, commissioner, monkeypatch
) -> None:
    from hrsa.jobs import EXTENSION
    from hrsa.services.jobs.runners import RqRunner

    monkeypatch.setitem(app.extensions, EXTENSION, RqRunner("redis://127.0.0.1:1/0", timeout=60))
    response = client.post(f"/exports/ratings/{factory.cycle().id}.csv")

    assert response.status_code == 503
    assert "job queue is not answering" in _text(response)
    assert "Traceback" not in _text(response)
    assert db.session.scalar(db.select(Job.state)) == "failed"


def test_a_job_stuck_past_its_timeout_fails_and_can_be_tried_again(
    client, factory, commissioner
) -> None:
    job = _queued(commissioner, cycle_id=factory.cycle().id, format="csv")
    job.created_at = utcnow() - timedelta(hours=4)  # the worker died, or none is running
    db.session.commit()

    page = _text(client.get(f"/jobs/{job.id}"))

    assert "The file was not ready in time" in page and "Try again" in page
    assert client.get(f"/jobs/{job.id}/status").json["state"] == "failed"
