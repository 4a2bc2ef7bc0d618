"""Check and submit in a real browser: the task list leads to "Check your answers", one click on
"Submit assessment" submits, and the confirmation follows; axe finds nothing on each page, and
the task list's status tags stay on one line."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.ratings import Rag

# Each task status's words and how many lines they take on the screen.
LINES_PER_STATUS = """() => [...document.querySelectorAll(".govuk-task-list__status")]
.map(status => {
  const walker = document.createTreeWalker(status, NodeFilter.SHOW_TEXT);
  const tops = new Set();
  while (walker.nextNode()) {
    if (!walker.currentNode.textContent.trim()) continue;
    const range = document.createRange();
    range.selectNodeContents(walker.currentNode);
    for (const rect of range.getClientRects()) tops.add(Math.round(rect.top));
  }
  return [status.innerText.trim(), tops.size];
})"""


def test_check_answers_submit_and_confirmation(
    axe_page: Page, factory, browser_sign_in: Callable[..., None], assert_accessible
) -> None:
    school = factory.complete_profile(factory.school(name="Tamar View Primary"))
    lead = factory.user(Role.SCHOOL_LEAD, school, name="Lena Lead")
    factory.user(Role.SCHOOL_STAFF, school, email="staff@tamar.example")
    assessment = factory.assessment(school, by=lead)
    factory.rate_all(assessment, Rag.GREEN)
    factory.rate(assessment, {"2.1": Rag.RED, "3.1": Rag.AMBER})
    factory.action(assessment, "2.1", what="Invite parents to a consent workshop")
    browser_sign_in(axe_page, lead.email)

    axe_page.goto(f"/assessments/{assessment.id}")
    assert_accessible(axe_page)
    axe_page.get_by_role("link", name="Check and submit").click()
    expect(axe_page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before submitting your assessment"
    )
    expect(axe_page.locator("#without-action")).to_contain_text("3.1")
    assert_accessible(axe_page)
    axe_page.get_by_role("button", name="Submit assessment").click()

    expect(axe_page.locator(".govuk-panel__title")).to_have_text("Assessment submitted")
    assert_accessible(axe_page)


def test_the_check_page_with_what_is_missing_is_accessible(
    axe_page: Page, factory, browser_sign_in: Callable[..., None], assert_accessible
) -> None:
    staff = factory.user(Role.SCHOOL_STAFF)
    factory.user(Role.SCHOOL_LEAD, staff.school, name="Lena Lead")
    assessment = factory.assessment(staff.school, rags={"1.1": Rag.RED})
    browser_sign_in(axe_page, staff.email)

    axe_page.goto(f"/assessments/{assessment.id}/submit")

    expect(axe_page.locator("#missing")).to_contain_text("You cannot submit yet")
    expect(axe_page.locator("#submit")).to_contain_text("Only your school’s lead, Lena Lead")
    assert_accessible(axe_page)


def test_task_list_status_tags_do_not_wrap_on_a_phone(
    page: Page, factory, browser_sign_in: Callable[..., None]
) -> None:
    lead = factory.user(Role.SCHOOL_LEAD)
    assessment = factory.assessment(lead.school, by=lead)
    page.set_viewport_size({"width": 320, "height": 640})
    browser_sign_in(page, lead.email)

    page.goto(f"/assessments/{assessment.id}")

    lines = page.evaluate(LINES_PER_STATUS)
    assert lines and all(count == 1 for _, count in lines), lines
