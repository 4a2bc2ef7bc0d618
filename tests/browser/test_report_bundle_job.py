"""Every school's report as a ZIP in the browser: the button starts a background job, its page
offers the download once the job has finished, and the file is a valid ZIP (the tests run jobs
inline, so the job has finished by the time its page loads). A job run elsewhere (a worker) is
followed by the page's script until it is ready."""

from __future__ import annotations

import zipfile
from collections.abc import Callable

from flask import current_app
from playwright.sync_api import Page, expect

from hrsa.core.vocabulary.jobs import JobKind
from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.ratings import Rag
from hrsa.extensions import db
from hrsa.services.jobs import records, running
from hrsa.storage.filesystem import storage_from_config

SETTINGS = running.Settings(min_schools=3)


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


def test_the_job_page_follows_a_job_that_runs_elsewhere_then_offers_the_file(
    page: Page, factory, browser_sign_in: Callable[..., None]
) -> None:
    cycle = factory.cycle()
    factory.rate_all(factory.assessment(factory.school(urn="118809"), cycle), Rag.RED)
    person = factory.user(Role.ADVISORY)
    job = records.start(
        db.session, user_id=person.id, kind=JobKind.REPORTS_ZIP, parameters={"cycle_id": cycle.id}
    )
    db.session.commit()
    browser_sign_in(page, person.email)

    page.goto(f"/jobs/{job.id}")
    expect(page.get_by_role("status")).to_have_text("Waiting to start")
    job.state, job.done, job.total = "running", 0, 1
    db.session.commit()
    expect(page.get_by_role("status")).to_have_text("0 of 1 done", timeout=10_000)
    job.state = "queued"
    db.session.commit()
    running.run(db.session, storage_from_config(current_app.config), job.id, settings=SETTINGS)

    expect(page.get_by_text("Your file is ready")).to_be_visible(timeout=10_000)
    expect(page.get_by_role("link", name="Download the file")).to_be_visible()
