"""An advisory member moderates a standard in a real browser; the pages pass axe."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.ratings import Rag


def test_challenge_a_rating_then_the_school_reads_it(
    axe_page: Page,
    factory,
    browser_sign_in: Callable[..., None],
    assert_accessible: Callable[[Page], None],
) -> None:
    assessment = factory.submitted(factory.assessment(rags={"1.1": Rag.AMBER}))
    advisory = factory.user(Role.ADVISORY, name="Ada Advisor")
    page = axe_page
    browser_sign_in(page, advisory.email)
    page.goto(f"/assessments/{assessment.id}/principles/1")
    page.get_by_role("link", name="Moderate standard 1.1").click()
    expect(page.get_by_role("heading", name="Moderate standard 1.1")).to_be_visible()
    page.get_by_role("button", name="Save moderation").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Choose whether you agree with the school's rating or challenge it"
    )
    assert_accessible(page)

    page.get_by_label("Challenge").check()
    page.get_by_label("Red", exact=True).check()
    page.get_by_label("Comment for the school").fill("We saw no record of staff training.")
    page.get_by_role("button", name="Save moderation").click()
    expect(page.get_by_text("Moderation of standard 1.1 recorded")).to_be_visible()
    expect(page.locator("#moderation-1\\.1")).to_contain_text("We saw no record of staff training.")
    assert_accessible(page)

    lead = factory.school_person(assessment.school_id, Role.SCHOOL_LEAD)
    page.context.clear_cookies()
    browser_sign_in(page, lead.email)
    page.goto(f"/assessments/{assessment.id}")
    expect(page.get_by_text("Moderation feedback on 1 standard")).to_be_visible()
    assert_accessible(page)
