"""Every school's report as a ZIP in the browser: the button starts a background job, its page
offers the download once the job has finished, and the file is a valid ZIP (the tests run jobs
inline, so the job has finished by the time its page loads)."""

from __future__ import annotations

import zipfile
from collections.abc import Callable

from playwright.sync_api import Page, expect

from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.ratings import Rag


def test_the_button_starts_the_job_and_its_page_hands_over_a_valid_zip(
    page: Page, factory, browser_sign_in: Callable[..., None]
) -> None:
    cycle = factory.cycle()
    for number, name in enumerate(["Compton Primary", "Hooe Primary", "Stoke Damerel"]):
        school = factory.school(name=name, urn=f"11880{number}")
        factory.rate_all(factory.assessment(school, cycle), Rag.AMBER)
    browser_sign_in(page, factory.user(Role.COMMISSIONER).email)
    page.goto("/dashboard/")

    page.get_by_role("link", name="Download every school's 2026/27 report (ZIP)").click()
    page.get_by_role("button", name="Prepare the ZIP (3 reports)").click()

    expect(page.get_by_text("Your file is ready")).to_be_visible()
    with page.expect_download(timeout=60_000) as download_info:
        page.get_by_role("link", name="Download the file").click()
    download = download_info.value
    assert download.suggested_filename == "reports-2026-27.zip"
    with zipfile.ZipFile(download.path()) as archive:
        assert archive.testzip() is None
        entries = archive.namelist()
        assert len(entries) == 3
        assert all(archive.read(entry).startswith(b"%PDF-") for entry in entries)
