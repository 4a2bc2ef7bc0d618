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


def test_moderate_a_whole_school_from_the_queue_then_the_school_replies_and_asks(
    axe_page: Page,
    factory,
    browser_sign_in: Callable[..., None],
    assert_accessible: Callable[[Page], None],
) -> None:
    assessment = factory.submitted(factory.assessment(factory.school(name="Hoe Park School")))
    advisory = factory.user(Role.ADVISORY, name="Ada Advisor")
    lead = factory.school_person(assessment.school_id, Role.SCHOOL_LEAD)
    page = axe_page

    # The advisory group: the queue, then every standard on one page, saved once.
    browser_sign_in(page, advisory.email)
    page.goto("/")
    page.get_by_role("link", name="Moderation", exact=True).first.click()
    expect(page.get_by_role("heading", name="Moderation", exact=True)).to_be_visible()
    expect(page.get_by_role("row", name="Hoe Park School")).to_contain_text("0 of 21")
    assert_accessible(page)
    page.get_by_role("link", name="Hoe Park School").click()
    expect(page.get_by_role("heading", name="Moderate Hoe Park School")).to_be_visible()
    for fieldset in page.locator("fieldset", has_text="do you agree").all():
        fieldset.get_by_label("Agree").check()
    challenge = page.locator("#standard-1-2")
    challenge.get_by_label("Challenge").check()
    challenge.get_by_label("Red", exact=True).check()
    challenge.get_by_label("Comment for the school on standard 1.2").fill("No policy was seen.")
    assert_accessible(page)
    page.get_by_role("button", name="Save moderation").click()
    expect(page.get_by_text("Moderation of 21 standards saved for Hoe Park School")).to_be_visible()
    page.goto("/moderation")
    expect(page.get_by_role("row", name="Hoe Park School")).to_contain_text("21 of 21")

    # The school: reply to the challenge, then ask for a reopening.
    page.context.clear_cookies()
    browser_sign_in(page, lead.email)
    page.goto(f"/assessments/{assessment.id}/principles/1")
    page.get_by_role("link", name="Reply to the challenge of standard 1.2").click()
    page.get_by_label("We want to answer it").check()
    page.get_by_label("Your answer").fill("Our policy is on the school website.")
    page.get_by_label("Link to more evidence (optional)").fill("https://hoe.example/policy")
    assert_accessible(page)
    page.get_by_role("button", name="Send your reply").click()
    expect(page.get_by_text("Your reply on standard 1.2 has been sent")).to_be_visible()
    page.goto(f"/assessments/{assessment.id}")
    page.get_by_role("link", name="Ask for your assessment to be reopened").click()
    page.get_by_label("Why do you want the assessment reopened?").fill("We have new evidence.")
    assert_accessible(page)
    page.get_by_role("button", name="Ask for a reopening").click()
    expect(page.get_by_text("Your request has been sent to the advisory group")).to_be_visible()

    # Both reach the advisory group: in the queue and on the school's page.
    page.context.clear_cookies()
    browser_sign_in(page, advisory.email)
    page.goto("/moderation")
    expect(page.get_by_role("row", name="Hoe Park School")).to_contain_text(
        "School asked for a reopening"
    )
    expect(page.get_by_role("row", name="Hoe Park School")).to_contain_text("1 reply to read")
    page.get_by_role("link", name="Hoe Park School").click()
    expect(page.locator("#reopen-request")).to_contain_text("We have new evidence.")
    expect(page.locator("#standard-1-2")).to_contain_text("Our policy is on the school website.")
    assert_accessible(page)
