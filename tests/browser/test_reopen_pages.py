"""The pages of a reopening that names standards pass axe and reflow at 320 pixels: the reopen
form (with and without errors), and the school's task list and principle page afterwards."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.models import Assessment
from hrsa.services.assessment import emails, submission
from tests.browser.test_reflow import NARROW, WIDEST, scrolls_sideways

REASON = "Your PSHE evidence predates the new policy: add this year's scheme of work."


def reopened(factory, lead):  # type: ignore[no-untyped-def]
    """A submitted assessment reopened naming 3.2 and 5.1."""
    assessment = factory.assessment(lead.school, by=lead)
    factory.submitted(assessment, lead=lead)
    submission.reopen(
        db.session,
        db.session.get_one(Assessment, assessment.id),
        user=factory.user(Role.ADVISORY, name="Ada Advisor"),
        reason=REASON,
        mailing=emails.Mailing(link="http://localhost/", config={}),
        standard_codes=["3.2", "5.1"],
    )
    db.session.commit()
    return assessment


@pytest.mark.parametrize("errors", [False, True], ids=["form", "with-errors"])
def test_the_reopen_page_has_no_axe_violations_and_fits_320_pixels(
    errors: bool,
    axe_page: Page,
    factory,
    browser_sign_in: Callable[[Page, str], None],
    assert_accessible: Callable[[Page], None],
) -> None:
    lead = factory.user(Role.SCHOOL_LEAD, factory.school(name="Tamar View Primary"))
    assessment = factory.assessment(lead.school, by=lead)
    factory.submitted(assessment, lead=lead)
    browser_sign_in(axe_page, factory.user(Role.ADVISORY).email)
    axe_page.goto(f"/assessments/{assessment.id}/reopen")
    axe_page.get_by_label("Standard 3.2").check()
    if errors:
        axe_page.get_by_role("button", name="Reopen assessment").click()
        expect(axe_page.locator(".govuk-error-summary")).to_be_visible()
        expect(axe_page.get_by_label("Standard 3.2")).to_be_checked()
    assert_accessible(axe_page)
    axe_page.set_viewport_size(NARROW)
    assert not scrolls_sideways(axe_page), axe_page.evaluate(WIDEST)


@pytest.mark.parametrize("path", ["/assessments/{id}", "/assessments/{id}/principles/3"])
def test_the_school_sees_changes_requested_accessibly_at_320_pixels(
    path: str,
    axe_page: Page,
    factory,
    browser_sign_in: Callable[[Page, str], None],
    assert_accessible: Callable[[Page], None],
) -> None:
    lead = factory.user(Role.SCHOOL_LEAD, factory.school(name="Tamar View Primary"))
    assessment = reopened(factory, lead)
    browser_sign_in(axe_page, lead.email)
    axe_page.goto(path.format(id=assessment.id))
    expect(axe_page.get_by_text("Changes requested").first).to_be_visible()
    assert_accessible(axe_page)
    axe_page.set_viewport_size(NARROW)
    assert not scrolls_sideways(axe_page), axe_page.evaluate(WIDEST)


def test_each_standards_label_ticks_its_own_box(
    page: Page, factory, browser_sign_in: Callable[[Page, str], None]
) -> None:
    lead = factory.user(Role.SCHOOL_LEAD, factory.school(name="Tamar View Primary"))
    assessment = factory.assessment(lead.school, by=lead)
    factory.submitted(assessment, lead=lead)
    browser_sign_in(page, factory.user(Role.ADVISORY).email)
    page.goto(f"/assessments/{assessment.id}/reopen")
    ids = page.eval_on_selector_all("[id]", "els => els.map(e => e.id)")
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    for code in ("2.1", "3.1", "4.1", "1.2"):
        page.locator("label", has_text=f"Standard {code}").click()
    checked = page.eval_on_selector_all(
        "input[name=standards]:checked", "els => els.map(e => e.value)"
    )
    assert sorted(checked) == ["1.2", "2.1", "3.1", "4.1"]
