"""A job runs by id: it builds its file, puts it in the store, counts its progress, says why it
failed, and its file is removed once its 24 hours are up."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

import pytest
from flask import current_app

from hrsa.core.vocabulary.jobs import JobKind, JobState
from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.ratings import Rag
from hrsa.extensions import db
from hrsa.models import Job
from hrsa.models.base import utcnow
from hrsa.services.jobs import records, running
from hrsa.services.operations import storage_check
from hrsa.storage.base import FileMissing
from hrsa.storage.filesystem import storage_from_config

SETTINGS = running.Settings(min_schools=3)


@pytest.fixture
def store(app):  # type: ignore[no-untyped-def]
    return storage_from_config(current_app.config)


def _job(factory, kind: JobKind, **parameters) -> Job:  # type: ignore[no-untyped-def]
    person = factory.user(Role.COMMISSIONER)
    job = records.start(db.session, user_id=person.id, kind=kind, parameters=parameters)
    db.session.commit()
    return job


def test_the_zip_job_stores_every_schools_report_and_counts_them(factory, store) -> None:
    cycle = factory.cycle()
    for urn in ("118801", "118802", "118803"):
        factory.rate_all(factory.assessment(factory.school(urn=urn), cycle), Rag.GREEN)
    job = _job(factory, JobKind.REPORTS_ZIP, cycle_id=cycle.id)

    state = running.run(db.session, store, job.id, settings=SETTINGS)

    assert state is JobState.FINISHED
    assert (job.state, job.done, job.total) == ("finished", 3, 3)
    assert job.file_name == "reports-2026-27.zip" and job.media_type == "application/zip"
    assert job.expires_at == job.finished_at + timedelta(hours=24)
    with store.open(job.result_key) as stored, zipfile.ZipFile(io.BytesIO(stored.read())) as zf:
        assert len(zf.namelist()) == 3
    assert job.result_key not in storage_check.check(db.session, store).stray


def test_a_job_runs_once_however_often_it_is_delivered(factory, store) -> None:
    job = _job(factory, JobKind.RATINGS_EXPORT, cycle_id=factory.cycle().id, format="csv")

    assert running.run(db.session, store, job.id, settings=SETTINGS) is JobState.FINISHED
    assert running.run(db.session, store, job.id, settings=SETTINGS) is None
    assert running.run(db.session, store, 2**31 - 1, settings=SETTINGS) is None


def test_a_job_that_cannot_be_made_says_why(factory, store) -> None:
    cycle = factory.cycle()  # no assessments: nothing to put in the ZIP
    job = _job(factory, JobKind.REPORTS_ZIP, cycle_id=cycle.id)

    assert running.run(db.session, store, job.id, settings=SETTINGS) is JobState.FAILED
    assert job.state == "failed" and job.result_key is None
    assert job.error == "No school has an assessment in the 2026/27 cycle."


def test_an_unexpected_error_is_a_plain_sentence_and_logged(factory, store, monkeypatch) -> None:
    job = _job(factory, JobKind.RATINGS_EXPORT, cycle_id=factory.cycle().id, format="csv")

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk on fire")

    monkeypatch.setitem(running.BUILDERS, JobKind.RATINGS_EXPORT, broken)
    assert running.run(db.session, store, job.id, settings=SETTINGS) is JobState.FAILED
    assert job.error == running.FAILED


def test_results_past_their_24_hours_are_removed(factory, store) -> None:
    job = _job(factory, JobKind.PLANS_EXPORT, cycle_id=factory.cycle().id, format="xlsx")
    running.run(db.session, store, job.id, settings=SETTINGS)
    key = job.result_key

    assert records.expire_results(db.session, store, now=utcnow()) == 0
    assert not records.has_expired(job, utcnow())
    later = utcnow() + timedelta(hours=24, seconds=1)
    assert records.has_expired(job, later)
    assert records.expire_results(db.session, store, now=later) == 1
    db.session.commit()

    assert job.state == "expired" and job.result_key is None
    with pytest.raises(FileMissing):
        store.open(key)


def test_another_persons_job_is_not_found(factory) -> None:
    job = _job(factory, JobKind.RATINGS_EXPORT, cycle_id=factory.cycle().id, format="csv")
    someone_else = factory.user(Role.COMMISSIONER)

    assert records.job_for(db.session, job.id, job.user_id) is job
    with pytest.raises(Exception, match="There is no such download."):
        records.job_for(db.session, job.id, someone_else.id)


def test_the_zip_job_uses_the_services_survey_threshold(factory, store) -> None:
    """HRSA_SURVEY_MIN_RESPONSES reaches the ZIP's reports: 4 staff answers show at a
    threshold of 3, as they do in the report downloaded on its own."""
    from tests.pdf_text import read_pdf
    from tests.survey_helpers import answer, open_survey

    cycle = factory.cycle()
    school = factory.school(urn="118804", name="Threshold School")
    factory.assessment(school, cycle, rags={"5.1": Rag.GREEN})
    answer(open_survey(school, cycle, "staff"), 4, 5)
    job = _job(factory, JobKind.REPORTS_ZIP, cycle_id=cycle.id)

    settings = running.Settings(min_schools=3, min_responses=3)
    assert running.run(db.session, store, job.id, settings=settings) is JobState.FINISHED
    with store.open(job.result_key) as stored, zipfile.ZipFile(io.BytesIO(stored.read())) as zf:
        (name,) = zf.namelist()
        text = " ".join(read_pdf(zf.read(name)).text.split())
    assert "Staff: 100% agree (4 responses)" in text
