"""Earlier assessments in a real browser: the list, the read-only pages and the profile pass
axe and reflow at 320px; the evidence "Remove" checkbox lines up with its item."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import pytest
from playwright.sync_api import Page

from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.ratings import Rag

pytestmark = pytest.mark.browser


@pytest.fixture
def earlier(factory):
    last = factory.cycle("2025/26", opens_on=date(2025, 9, 1), closes_on=date(2026, 7, 31))
    factory.cycle("2026/27", opens_on=date(2026, 9, 1), closes_on=date(2027, 7, 31))
    lead = factory.user(Role.SCHOOL_LEAD)
    old = factory.assessment(lead.school, last, by=lead)
    factory.submitted(old, lead=lead, rag=Rag.AMBER, at=datetime(2026, 7, 1, 10, 0))
    now = factory.assessment(lead.school, factory.cycle("2026/27"), by=lead)
    return lead, old, now


def test_earlier_assessment_pages_are_accessible_and_reflow(
    axe_page: Page,
    earlier,
    browser_sign_in: Callable[..., None],
    assert_accessible: Callable[[Page], None],
) -> None:
    lead, old, now = earlier
    browser_sign_in(axe_page, lead.email)
    for path in (
        f"/assessments/{now.id}",
        f"/assessments/{old.id}",
        f"/assessments/{old.id}/principles/1",
        "/profile",
    ):
        axe_page.set_viewport_size({"width": 1024, "height": 800})
        axe_page.goto(path)
        assert_accessible(axe_page)
        axe_page.set_viewport_size({"width": 320, "height": 640})
        assert not axe_page.evaluate(
            "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
        ), path


@pytest.mark.parametrize("width", [1024, 320])
def test_the_remove_checkbox_lines_up_with_its_item(
    page: Page, factory, browser_sign_in: Callable[..., None], width: int
) -> None:
    lead = factory.user(Role.SCHOOL_LEAD)
    assessment = factory.assessment(lead.school, by=lead)
    factory.link(
        assessment,
        "1.1",
        url="https://school.example.org/policies/relationships-and-sex-education",
        title="Relationships and sex education policy, agreed by governors in March",
        by=lead,
    )
    page.set_viewport_size({"width": width, "height": 800})
    browser_sign_in(page, lead.email)
    page.goto(f"/assessments/{assessment.id}/principles/1")

    item = page.locator("[data-hrsa-evidence-list='1.1'] > li").first
    title = item.locator(".hrsa-evidence-item__title").bounding_box()
    box = item.locator("input[type=checkbox]").bounding_box()
    assert title and box
    # Side by side, the checkbox centred on the title (however many lines the title takes).
    assert box["x"] >= title["x"] + title["width"]
    assert abs((box["y"] + box["height"] / 2) - (title["y"] + title["height"] / 2)) <= 2
