"""Resources as uploaded files: the same pipeline and rules as evidence, downloads only for
people who may see the resource, nothing kept when a proposal is refused."""

from __future__ import annotations

import io
from html import unescape

import pytest
from flask import current_app
from sqlalchemy import func, select

from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.models import Resource
from tests import evidence_samples as samples
from tests.web.resources.test_workflow import proposal_form


@pytest.fixture(autouse=True)
def _end_transaction():
    yield
    db.session.rollback()


def stored_files() -> set[str]:
    from pathlib import Path

    root = Path(current_app.config["HRSA_UPLOAD_DIR"])
    return {p.name for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def post_with_file(client, content: bytes, name: str, **changes):
    data = proposal_form(**changes)
    data["file"] = (io.BytesIO(content), name)
    return client.post("/resources/propose", data=data, content_type="multipart/form-data")


def test_a_resource_can_be_a_file_downloaded_by_those_who_may_see_it(client, sign_in, factory):
    proposer = factory.user(Role.SCHOOL_STAFF)
    sign_in(proposer.email)
    response = post_with_file(client, samples.pdf(), "Consent lesson.pdf", url="")
    assert response.status_code == 302
    resource = db.session.scalar(select(Resource))
    assert (resource.filename, resource.content_type) == ("Consent lesson.pdf", "application/pdf")
    assert resource.url is None
    download = client.get(f"/resources/{resource.id}/file")
    assert download.status_code == 200
    assert download.data.startswith(b"%PDF")
    assert "attachment" in download.headers["Content-Disposition"]
    download.close()
    sign_in.out()
    # Another school cannot download a proposal it cannot see.
    sign_in(factory.user(Role.SCHOOL_LEAD).email)
    assert client.get(f"/resources/{resource.id}/file").status_code == 404


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"MZ\x90\x00 not really a document", "lesson.pdf", "lesson.pdf"),
        (b"", "empty.pdf", "empty.pdf is empty"),
        (b"#!/bin/sh\nrm -rf /\n", "script.sh", "script.sh"),
    ],
)
def test_disallowed_files_are_refused_and_nothing_is_kept(
    client, sign_in, factory, content, name, message
):
    sign_in(factory.user(Role.SCHOOL_STAFF).email)
    before = stored_files()
    page = post_with_file(client, content, name, url="").get_data(as_text=True)
    assert "There is a problem" in page and message in page
    assert db.session.scalar(select(func.count(Resource.id))) == 0
    assert stored_files() == before


def test_an_oversized_file_is_refused(client, sign_in, factory, app, monkeypatch):
    # The test client spools big bodies to a temporary file it never closes: keep it in memory.
    monkeypatch.setattr("werkzeug.test.TemporaryFile", lambda *args, **kwargs: io.BytesIO())
    monkeypatch.setitem(app.config, "HRSA_MAX_UPLOAD_MB", 1)
    sign_in(factory.user(Role.SCHOOL_STAFF).email)
    big = samples.pdf() + b"%" * (1024 * 1024)
    page = post_with_file(client, big, "big.pdf", url="").get_data(as_text=True)
    assert "big.pdf is larger than 1 MB" in page
    assert db.session.scalar(select(func.count(Resource.id))) == 0


def test_a_file_is_not_kept_when_other_answers_are_wrong(client, sign_in, factory):
    sign_in(factory.user(Role.SCHOOL_STAFF).email)
    before = stored_files()
    page = post_with_file(client, samples.pdf(), "lesson.pdf", title="").get_data(as_text=True)
    assert "Enter the title of the resource" in page
    assert stored_files() == before


def test_a_new_file_replaces_the_old_one(client, sign_in, factory):
    proposer = factory.user(Role.SCHOOL_STAFF)
    sign_in(proposer.email)
    post_with_file(client, samples.pdf(), "first.pdf")
    resource = db.session.scalar(select(Resource))
    first_key = resource.storage_key
    data = proposal_form()
    data["version"] = str(resource.version)
    data["file"] = (io.BytesIO(samples.docx()), "second.docx")
    response = client.post(
        f"/resources/{resource.id}/edit", data=data, content_type="multipart/form-data"
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert resource.filename == "second.docx" and resource.storage_key != first_key
    assert first_key not in stored_files()


def test_a_store_that_refuses_keeps_every_answer_and_says_so(client, sign_in, factory, monkeypatch):
    import errno

    from hrsa.storage.filesystem import FileSystemStorage

    def full(self, stream, *, max_bytes):  # type: ignore[no-untyped-def]
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "save", full)
    sign_in(factory.user(Role.SCHOOL_STAFF).email)
    data = {**proposal_form(url=""), "file": (io.BytesIO(samples.pdf()), "pack.pdf")}

    response = client.post("/resources/propose", data=data, content_type="multipart/form-data")

    assert response.status_code == 503
    page = unescape(response.get_data(as_text=True))
    assert "The file could not be stored, so nothing was saved" in page
    assert 'value="Sexting: think before you send"' in page
    assert db.session.scalar(select(func.count(Resource.id))) == 0


def _locked_commit(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The database refuses the commit itself (SQLite's "database is locked" comes there)."""
    from sqlalchemy.exc import OperationalError

    def locked() -> None:
        raise OperationalError("COMMIT", {}, Exception("database is locked"))

    monkeypatch.setattr(db.session, "commit", locked)


def test_a_refused_commit_keeps_every_answer_and_no_file(client, sign_in, factory, monkeypatch):
    sign_in(factory.user(Role.SCHOOL_STAFF).email)
    before = stored_files()
    _locked_commit(monkeypatch)

    response = post_with_file(client, samples.pdf(), "pack.pdf", url="")

    assert response.status_code == 503
    page = unescape(response.get_data(as_text=True))
    assert "Nothing was saved because the service's database did not answer" in page
    assert 'value="Sexting: think before you send"' in page
    assert "image sharing, consent and the law" in page
    assert db.session.scalar(select(func.count(Resource.id))) == 0
    assert stored_files() == before


def test_a_refused_commit_on_a_change_keeps_the_answers_and_the_old_file(
    client, sign_in, factory, monkeypatch
):
    sign_in(factory.user(Role.SCHOOL_STAFF).email)
    post_with_file(client, samples.pdf(), "first.pdf")
    resource = db.session.scalar(select(Resource))
    first_key = resource.storage_key
    before = stored_files()
    data = proposal_form(title="Sexting: a newer title")
    data["version"] = str(resource.version)
    data["file"] = (io.BytesIO(samples.docx()), "second.docx")
    _locked_commit(monkeypatch)

    response = client.post(
        f"/resources/{resource.id}/edit", data=data, content_type="multipart/form-data"
    )

    assert response.status_code == 503
    assert 'value="Sexting: a newer title"' in unescape(response.get_data(as_text=True))
    db.session.expire_all()
    assert (resource.storage_key, resource.filename) == (first_key, "first.pdf")
    assert stored_files() == before


def test_a_file_name_kept_before_the_rules_is_cleaned_for_the_download(client, sign_in, factory):
    sign_in(factory.user(Role.SCHOOL_STAFF).email)
    post_with_file(client, samples.pdf(), "lesson.pdf", url="")
    resource = db.session.scalar(select(Resource))
    resource.filename = "AUX.pdf"  # stored before names were cleaned
    db.session.commit()

    response = client.get(f"/resources/{resource.id}/file", buffered=True)

    assert response.headers["Content-Disposition"] == "attachment; filename=_AUX.pdf"
