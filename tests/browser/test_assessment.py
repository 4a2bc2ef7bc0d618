"""The school lead's assessment in a real browser: the task list, the Green rule's error summary,
uploads with JavaScript (progress and a result per file) and the live character count."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.services.assessment import starting
from tests import evidence_samples as samples


@pytest.fixture
def lead_assessment(factory):
    lead = factory.user(Role.SCHOOL_LEAD, name="Sarah Trelawny")
    assessment = starting.start(
        db.session, school=lead.school, cycle=factory.cycle(), user_id=lead.id
    )
    db.session.commit()
    return lead, assessment.id


def test_green_without_evidence_then_with_an_uploaded_document(
    page: Page, lead_assessment, browser_sign_in: Callable[..., None], tmp_path: Path
) -> None:
    lead, aid = lead_assessment
    browser_sign_in(page, lead.email)
    page.goto("/assessment")
    expect(page.get_by_text("0 of 21 standards rated")).to_be_visible()
    page.get_by_role("link", name="1. Leadership and Management").click()

    standard = page.locator("#standard-1\\.3")
    standard.get_by_label("Green").check()
    standard.get_by_label("Evidence for standard 1.3").fill("Our lead was appointed by governors")
    page.get_by_role("button", name="Save as draft").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Green can only be awarded if the standard is fully met")
    expect(summary).to_be_focused()  # GOV.UK Frontend moves focus to the summary
    summary.get_by_role("link", name="Standard 1.3: Green can only be awarded").click()
    expect(standard.get_by_label("Upload documents for standard 1.3")).to_be_focused()
    expect(standard.get_by_label("Evidence for standard 1.3")).to_have_value(
        "Our lead was appointed by governors"
    )

    good = tmp_path / "appointment-letter.pdf"
    good.write_bytes(samples.pdf())
    bad = tmp_path / "minutes.pdf"
    bad.write_bytes(samples.exe())
    standard.get_by_label("Upload documents for standard 1.3").set_input_files(
        [str(good), str(bad)]
    )
    status = standard.locator(".hrsa-upload-status")
    expect(status).to_contain_text("appointment-letter.pdf")
    expect(status.locator(".hrsa-upload-result--rejected")).to_contain_text("minutes.pdf")
    expect(standard.locator("[data-hrsa-evidence-list='1.3']")).to_contain_text(
        "appointment-letter.pdf"
    )

    page.get_by_role("button", name="Save as draft").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("saved")
    expect(page.locator("#standard-1\\.3").get_by_label("Green")).to_be_checked()
    page.get_by_role("link", name="Back to the task list").click()
    expect(page.get_by_text("1 of 21 standards rated")).to_be_visible()


def test_the_character_count_updates_as_you_type(
    page: Page, lead_assessment, browser_sign_in: Callable[..., None]
) -> None:
    lead, aid = lead_assessment
    browser_sign_in(page, lead.email)
    page.goto(f"/assessments/{aid}/principles/5")
    page.get_by_label("Evidence for standard 5.1").fill("x" * 4990)
    expect(page.locator("#standard-5\\.1")).to_contain_text("You have 10 characters remaining")


def test_the_task_list_and_principle_page_have_no_axe_violations(
    axe_page: Page, lead_assessment, browser_sign_in: Callable[..., None], assert_accessible
) -> None:
    lead, aid = lead_assessment
    browser_sign_in(axe_page, lead.email)
    for path in (
        f"/assessments/{aid}",
        f"/assessments/{aid}/principles/1",
        f"/assessments/{aid}/plan",
        f"/assessments/{aid}/submit",
        "/profile",
        f"/schools/{lead.school_id}/profile",
    ):
        axe_page.goto(path)
        assert_accessible(axe_page)
    axe_page.goto(f"/assessments/{aid}/principles/1")
    axe_page.locator("#standard-1\\.1").get_by_label("Green").check()
    axe_page.get_by_role("button", name="Save as draft").click()
    expect(axe_page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(axe_page)


def test_next_steps_are_asked_only_of_red_and_amber(
    page: Page, lead_assessment, browser_sign_in: Callable[..., None]
) -> None:
    lead, aid = lead_assessment
    browser_sign_in(page, lead.email)
    page.goto(f"/assessments/{aid}/principles/1")
    standard = page.locator("#standard-1\\.1")
    next_steps = standard.get_by_label("Next steps for standard 1.1 (optional)")
    expect(next_steps).to_be_visible()

    standard.get_by_label("Amber", exact=True).check()
    next_steps.fill("Book governor training")
    standard.get_by_label("Green", exact=True).check()
    expect(next_steps).to_be_hidden()
    standard.get_by_label("Red", exact=True).check()
    expect(next_steps).to_be_visible()
    expect(next_steps).to_have_value("Book governor training")  # nothing typed is lost
