"""An administrator imports the authority's schools on a page: upload, a preview of what would
be added, changed and left alone, then confirm; a bad file names its row and column."""

from __future__ import annotations

import io
from html import unescape

from sqlalchemy import select

from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.models import School
from tests.gias_extract import extract, row


def text(response) -> str:
    return unescape(response.get_data(as_text=True))


def upload(client, content: bytes, code: str = "879"):
    return client.post(
        "/admin/schools/import",
        data={"authority": code, "file": (io.BytesIO(content), "edubasealldata20261205.csv")},
        content_type="multipart/form-data",
    )


def test_upload_preview_then_confirm(client, factory, admin):
    factory.school(urn="113522", name="Old Harbour Primary", ward="Stoke")
    assert "879" in text(client.get("/admin/schools/import"))  # the service's authority
    response = upload(
        client,
        extract(
            [
                row("113521", "Ysgol Môr"),
                row("113522", "Harbour Primary"),
                row("200001", "Truro Primary", {"LA (code)": "908"}),
            ]
        ),
    )
    assert response.status_code == 302
    preview = text(client.get(response.headers["Location"]))
    assert "Check the import for Plymouth (879)" in preview
    assert "1 to add, 1 to change, 0 to mark closed and 0 unchanged" in preview
    assert "Skipped: 1 of other authorities" in preview
    assert "Ysgol Môr" in preview
    assert "Name: Old Harbour Primary → Harbour Primary" in preview
    assert db.session.scalar(select(School).where(School.urn == "113521")) is None
    done = client.post(response.headers["Location"])
    assert done.status_code == 302
    page = text(client.get(done.headers["Location"]))
    assert "Schools 1 added, 1 changed" in page
    db.session.expire_all()
    assert db.session.scalar(select(School).where(School.urn == "113521")).name == "Ysgol Môr"
    assert client.get(response.headers["Location"]).status_code == 404  # used up


def test_a_bad_row_names_row_and_column_and_imports_nothing(client, admin):
    response = upload(client, extract([row("113521", "Ysgol Môr"), row("11352", "Short")]))
    page = text(response)
    assert response.status_code == 200
    assert "<title>Error:" in page
    assert "Nothing was imported: row 3, column URN: URN must be 6 digits" in page
    assert db.session.scalar(select(School).where(School.urn == "113521")) is None


def test_a_file_that_is_not_an_extract_says_so(client, admin):
    response = upload(client, b"name,email\nSam,sam@example.org\n")
    assert "The file is not a Get Information about Schools extract" in text(response)


def test_an_unknown_authority_code_is_a_clear_error(client, admin):
    response = upload(client, extract([row("113521", "Ysgol Môr")]), code="999")
    assert "No authority has code 999" in text(response)
    response = upload(client, extract([row("113521", "Ysgol Môr")]), code="9x")
    assert "Local authority code must be 3 digits, like 879" in text(response)


def test_no_file_is_asked_for(client, admin):
    response = client.post("/admin/schools/import", data={"authority": "879"})
    assert "Choose the extract to import" in text(response)


def test_another_administrators_held_import_is_not_found(client, factory, admin, sign_in):
    response = upload(client, extract([row("113521", "Ysgol Môr")]))
    other = factory.user(Role.ADMIN)
    sign_in.out()
    sign_in(other.email)
    assert client.get(response.headers["Location"]).status_code == 404
    assert client.post(response.headers["Location"]).status_code == 404


def test_a_school_the_register_closed_is_shown_closed_in_the_list(client, admin):
    for status in ("Open", "Closed"):
        response = upload(
            client, extract([row("113521", "Ysgol Môr", {"EstablishmentStatus (name)": status})])
        )
        preview = text(client.get(response.headers["Location"]))
        client.post(response.headers["Location"])
    assert "Closed: No → Yes" in preview
    page = text(client.get("/admin/schools"))
    assert "Ysgol Môr" in page and ">Closed<" in page.replace("\n", "").replace("  ", "")
