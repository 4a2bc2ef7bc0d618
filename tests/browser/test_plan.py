"""The delivery plan in a real browser: the success banner is in view and focused after saving,
actions come from the next steps in one click, and the plan's pages pass axe."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.ratings import Rag

BANNER_IN_VIEW = """() => {
  const box = document.querySelector(".govuk-notification-banner--success")
    .getBoundingClientRect();
  return box.top >= 0 && box.bottom <= window.innerHeight ? "ok" : "out of view: " + box.top;
}"""


def assert_banner_in_view_and_focused(page: Page, text: str) -> None:
    """GOV.UK Frontend's script focuses a success banner once it has loaded: wait for that."""
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text(text)
    expect(banner).to_be_focused()
    assert page.evaluate(BANNER_IN_VIEW) == "ok"


@pytest.fixture
def lead_plan(factory):
    school = factory.school(name="Tamar View Primary")
    lead = factory.user(Role.SCHOOL_LEAD, school, name="Morwenna Penrose")
    assessment = factory.assessment(school, by=lead)
    codes = ["1.2", "2.1", "3.1", "4.2", "5.1", "6.3", "7.1", "8.2"]
    factory.rate(
        assessment,
        {**dict.fromkeys(codes, Rag.AMBER), "1.1": Rag.GREEN},
        next_steps={code: f"Next steps for standard {code}." for code in codes},
    )
    # An action low on the page, so an anchor would scroll the banner away.
    action = factory.action(
        assessment, "8.2", what="Map local support services", due_on=date(2099, 3, 31)
    )
    return lead, assessment, action


def test_success_banner_is_in_view_and_focused_after_saving_an_action(
    page: Page, lead_plan, browser_sign_in: Callable[..., None]
) -> None:
    lead, assessment, action = lead_plan
    browser_sign_in(page, lead.email)
    page.goto(f"/assessments/{assessment.id}/plan/actions/{action.id}")
    page.get_by_label("Who will do it").fill("Pastoral lead")
    page.get_by_role("button", name="Save action").click()

    assert_banner_in_view_and_focused(page, "Action for standard 8.2 saved.")


def test_actions_from_next_steps_in_one_click(
    page: Page, lead_plan, browser_sign_in: Callable[..., None]
) -> None:
    lead, assessment, _ = lead_plan
    browser_sign_in(page, lead.email)
    page.goto(f"/assessments/{assessment.id}/plan")
    expect(page.locator(".govuk-warning-text")).to_contain_text(
        "7 standards rated Red or Amber have no action yet"
    )
    page.get_by_role("button", name="Add actions from your next steps").click()
    expect(page.get_by_label("What will be done for standard 1.2")).to_have_value(
        "Next steps for standard 1.2."
    )
    page.get_by_role("button", name="Add ticked actions to the plan").click()

    assert_banner_in_view_and_focused(page, "7 actions added to your delivery plan.")
    expect(page.locator(".govuk-warning-text")).to_have_count(0)


def test_plan_tables_have_the_same_column_widths(
    page: Page, lead_plan, factory, browser_sign_in: Callable[..., None]
) -> None:
    lead, assessment, _ = lead_plan
    factory.action(assessment, "1.2", what="Short", who="Head")
    factory.action(
        assessment,
        "2.1",
        what="A much longer action that says a great deal about what will be done " * 3,
        who="The personal, social, health and economic education lead",
    )
    browser_sign_in(page, lead.email)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/assessments/{assessment.id}/plan")
    widths = page.evaluate(
        """() => [...document.querySelectorAll("table.hrsa-plan-table")].map(t =>
             [...t.querySelectorAll("th")]
               .map(th => Math.round(th.getBoundingClientRect().width)))"""
    )
    assert len(widths) == 3
    assert widths[0] == widths[1] == widths[2]


def test_plan_pages_have_no_axe_violations(
    axe_page: Page, lead_plan, browser_sign_in: Callable[..., None], assert_accessible
) -> None:
    lead, assessment, _ = lead_plan
    browser_sign_in(axe_page, lead.email)
    for path in ("plan", "plan/actions/from-next-steps", "plan/actions/change"):
        axe_page.goto(f"/assessments/{assessment.id}/{path}")
        assert_accessible(axe_page)
    # With errors showing.
    axe_page.goto(f"/assessments/{assessment.id}/plan/actions/from-next-steps")
    axe_page.get_by_label("What will be done for standard 1.2").fill("")
    axe_page.get_by_role("button", name="Add ticked actions to the plan").click()
    expect(axe_page.locator(".govuk-error-summary")).to_contain_text(
        "Standard 1.2: Enter what will be done"
    )
    assert_accessible(axe_page)
    axe_page.get_by_role("link", name="Standard 1.2: Enter what will be done").click()
    expect(axe_page.get_by_label("What will be done for standard 1.2")).to_be_focused()
    axe_page.goto(f"/assessments/{assessment.id}/plan/actions/change")
    axe_page.get_by_label("Who will do it (Standard 8.2, action 1)").fill("")
    axe_page.get_by_role("button", name="Save actions").click()
    expect(axe_page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(axe_page)
