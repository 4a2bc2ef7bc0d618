"""Uploading evidence with JavaScript (upload.js): the file joins the standard's list at once,
the "No documents or links yet." line goes, and the size reads as it will after a reload."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.services.assessment import starting


def test_a_javascript_upload_replaces_the_empty_line_and_shows_the_size_a_reload_shows(
    page: Page, factory, browser_sign_in: Callable[..., None], tmp_path: Path
) -> None:
    lead = factory.user(Role.SCHOOL_LEAD)
    assessment = starting.start(
        db.session, school=lead.school, cycle=factory.cycle(), user_id=lead.id
    )
    db.session.commit()
    notes = tmp_path / "governors-notes.txt"
    notes.write_bytes(b"Relationships education was discussed by governors.\n" * 6)  # 312 bytes
    browser_sign_in(page, lead.email)
    page.goto(f"/assessments/{assessment.id}/principles/1")
    standard = page.locator("#standard-1\\.1")
    empty = standard.get_by_text("No documents or links yet.")
    expect(empty).to_be_visible()

    standard.get_by_label("Upload documents for standard 1.1").set_input_files(str(notes))

    listed = standard.locator("[data-hrsa-evidence-list='1.1'] li")
    expect(listed).to_have_count(1)
    expect(listed.get_by_role("link", name="governors-notes.txt")).to_be_visible()
    expect(empty).to_be_hidden()
    size_after_upload = listed.locator(".govuk-body-s").inner_text()
    assert size_after_upload == "(312 bytes)"

    page.reload()

    listed = page.locator("#standard-1\\.1 [data-hrsa-evidence-list='1.1'] li")
    expect(listed).to_have_count(1)
    assert listed.locator(".govuk-body-s").first.inner_text() == size_after_upload
    expect(page.locator("#standard-1\\.1").get_by_text("No documents or links yet.")).to_have_count(
        0
    )
