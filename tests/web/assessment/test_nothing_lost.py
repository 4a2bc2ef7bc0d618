"""When the file store, the database or the cycle refuses a principle page's save, the page
comes back with everything typed and a sentence saying what happened and what to do."""

from __future__ import annotations

import errno
import io
from html import unescape

import pytest
from sqlalchemy.exc import OperationalError

from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.services.assessment import saving
from hrsa.services.cycles import lifecycle
from hrsa.storage.filesystem import FileSystemStorage
from tests.web.assessment.test_principle import PDF, form_for, rating, start_assessment

TYPED = "Our governors were trained in March; the minutes are attached"


def post(client, assessment, with_file: bool = False):  # type: ignore[no-untyped-def]
    data = form_for(assessment.id, 1, **{"rag-1.1": "amber", "narrative-1.1": TYPED})
    if with_file:
        data["files-1.1"] = [(io.BytesIO(PDF), "minutes.pdf")]
    return client.post(
        f"/assessments/{assessment.id}/principles/1",
        data=data,
        content_type="multipart/form-data",
    )


def page(response) -> str:  # type: ignore[no-untyped-def]
    return unescape(response.get_data(as_text=True))


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS], ids=["full", "read-only"])
def test_a_store_that_refuses_gives_the_page_back_with_the_text(
    client, factory, sign_in, monkeypatch, code
):
    lead, assessment = start_assessment(factory)
    sign_in(lead.email)

    def refuse(self, stream, *, max_bytes):  # type: ignore[no-untyped-def]
        raise OSError(code, "No space left on device" if code == errno.ENOSPC else "Read-only")

    monkeypatch.setattr(FileSystemStorage, "save", refuse)
    response = post(client, assessment, with_file=True)

    assert response.status_code == 503
    html = page(response)
    assert "the file store could not take your documents" in html
    assert "govuk-error-summary" in html
    assert TYPED in html
    assert rating(assessment.id, "1.1").narrative == ""


def test_a_database_that_refuses_gives_the_page_back_with_the_text(
    client, factory, sign_in, monkeypatch
):
    lead, assessment = start_assessment(factory)
    sign_in(lead.email)

    def locked(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OperationalError("UPDATE rating", {}, Exception("database is locked"))

    monkeypatch.setattr(saving, "save_page", locked)
    response = post(client, assessment)

    assert response.status_code == 503
    html = page(response)
    assert "the service's database did not answer" in html
    assert TYPED in html


def test_a_cycle_closed_meanwhile_names_the_closure_and_keeps_the_text(client, factory, sign_in):
    lead, assessment = start_assessment(factory)
    sign_in(lead.email)
    form = post  # the lead has the page open...
    lifecycle.close_cycle(db.session, assessment.cycle, user_id=factory.user(Role.ADMIN).id)
    db.session.commit()  # ...when an administrator closes the cycle

    response = form(client, assessment)

    assert response.status_code == 409
    html = page(response)
    assert f"The {assessment.cycle.name} cycle was closed by an administrator on" in html
    assert "You do not have permission" not in html
    assert TYPED in html
    assert rating(assessment.id, "1.1").narrative == ""


def test_someone_of_another_school_still_gets_403(client, factory, sign_in):
    _, assessment = start_assessment(factory)
    sign_in(factory.user(Role.COMMISSIONER).email)
    assert post(client, assessment).status_code == 403


def test_a_refused_commit_keeps_the_text_and_leaves_no_stored_file(
    client, factory, sign_in, monkeypatch, app
):
    from pathlib import Path

    lead, assessment = start_assessment(factory)
    sign_in(lead.email)
    root = Path(app.config["HRSA_UPLOAD_DIR"])
    before = {path for path in root.rglob("*") if path.is_file()}

    def locked() -> None:
        raise OperationalError("COMMIT", {}, Exception("database is locked"))

    monkeypatch.setattr(db.session, "commit", locked)
    response = post(client, assessment, with_file=True)

    assert response.status_code == 503
    assert TYPED in page(response)
    assert {path for path in root.rglob("*") if path.is_file()} == before
    monkeypatch.undo()
    assert rating(assessment.id, "1.1").narrative == ""
