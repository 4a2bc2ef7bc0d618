"""Downloading every school's report for a cycle as a ZIP from the city overview."""

from __future__ import annotations

import io
import zipfile
from html import unescape

import pytest

from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.ratings import Rag
from tests.pdf_text import read_pdf

LINK = "Download every school's 2026/27 report (ZIP)"


@pytest.fixture
def cycle(factory):  # type: ignore[no-untyped-def]
    cycle = factory.cycle()
    for name, urn in (("Lipson Vale Primary", "118822"), ("Ham Drive Nursery & Primary", "117711")):
        assessment = factory.assessment(school=factory.school(name=name, urn=urn), cycle=cycle)
        factory.rate_all(assessment, Rag.AMBER)
    return cycle


@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.ADVISORY, Role.ADMIN])
def test_city_roles_start_the_zip_job_from_the_overview_then_download_it(
    client, factory, sign_in, cycle, role
) -> None:
    sign_in(factory.user(role).email)
    page_url, url = f"/cycles/{cycle.id}/reports", f"/cycles/{cycle.id}/reports.zip"

    overview = unescape(client.get("/dashboard/").get_data(as_text=True))
    assert f'href="{page_url}">{LINK}</a>' in overview
    page = unescape(client.get(page_url).get_data(as_text=True))
    assert f'action="{url}"' in page and "Prepare the ZIP (2 reports)" in page
    assert client.get(url).headers["Location"] == page_url  # an old link: the page that starts it
    started = client.post(url)
    assert started.status_code == 302 and started.headers["Location"].startswith("/jobs/")
    job_page = unescape(client.get(started.headers["Location"]).get_data(as_text=True))
    assert "Your file is ready" in job_page and "reports-2026-27.zip" in job_page
    response = client.get(started.headers["Location"] + "/download")

    assert response.status_code == 200 and response.is_streamed
    assert response.content_type == "application/zip"
    assert response.headers["Content-Disposition"] == 'attachment; filename="reports-2026-27.zip"'
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        names = archive.namelist()
        covers = {name: read_pdf(archive.read(name)).pages[0] for name in names}
    assert names == [
        "117711-ham-drive-nursery-primary-2026-27-report.pdf",
        "118822-lipson-vale-primary-2026-27-report.pdf",
    ]
    assert "Ham Drive Nursery & Primary" in covers[names[0]]
    assert "Lipson Vale Primary" in covers[names[1]]


@pytest.mark.parametrize("role", [Role.SCHOOL_LEAD, Role.SCHOOL_STAFF])
def test_school_users_get_403(client, factory, sign_in, cycle, role) -> None:
    sign_in(factory.user(role).email)
    assert client.get(f"/cycles/{cycle.id}/reports.zip").status_code == 403
    assert client.post(f"/cycles/{cycle.id}/reports.zip").status_code == 403
    assert client.get(f"/cycles/{cycle.id}/reports").status_code == 403


def test_unknown_cycles_and_cycles_without_assessments_are_a_clear_page(
    client, factory, sign_in
) -> None:
    sign_in(factory.user(Role.ADMIN).email)
    empty = factory.cycle("2027/28")

    for suffix in ("", ".zip"):
        missing = client.post(f"/cycles/99999/reports{suffix}")
        none_yet = client.post(f"/cycles/{empty.id}/reports{suffix}")
        if not suffix:
            missing = client.get(f"/cycles/99999/reports{suffix}")
            none_yet = client.get(f"/cycles/{empty.id}/reports{suffix}")

        assert missing.status_code == 404 and "There is no such cycle." in missing.get_data(True)
        assert none_yet.status_code == 404
        assert "No school has an assessment in the 2027/28 cycle." in unescape(
            none_yet.get_data(as_text=True)
        )
