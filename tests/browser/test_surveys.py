"""The survey story in a real browser: the lead opens a pupil survey, a fresh browser with no
account answers it through the public link (axe-clean at 320 px and 1280 px), the results stay
hidden until 10 responses and then appear beside the self-rating with the flag the rule says."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from urllib.parse import urlsplit

from playwright.sync_api import Page, expect
from sqlalchemy import select

from hrsa.core.formatting import uk_today
from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.ratings import Rag
from hrsa.extensions import db
from hrsa.models import Survey
from tests.survey_helpers import answer

WIDTHS = (320, 1280)


def fill_date(page: Page, name: str, day) -> None:
    page.locator(f"#{name}-day").fill(str(day.day))
    page.locator(f"#{name}-month").fill(str(day.month))
    page.locator(f"#{name}-year").fill(str(day.year))


def answer_in_browser(
    page: Page, path: str, width: int, assert_accessible: Callable[[Page], None]
) -> None:
    """Start, send nothing (errors), then disagree with everything; axe on every page."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(path)
    expect(page.get_by_role("heading", name="Tell us what you think")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Start").click()
    expect(page.get_by_role("heading", name="How much do you agree?")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Send my answers").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    for radio in page.get_by_role("radio", name="Disagree", exact=True).all():
        radio.check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    expect(page.get_by_text("0800 1111").first).to_be_visible()
    assert_accessible(page)


def test_a_pupil_survey_from_opening_to_results_beside_the_rating(
    page: Page,
    axe_page: Page,
    factory,
    browser_sign_in: Callable[[Page, str], None],
    assert_accessible: Callable[[Page], None],
) -> None:
    lead = factory.user(Role.SCHOOL_LEAD)
    assessment = factory.assessment(lead.school, factory.cycle(), by=lead, rags={"4.2": Rag.GREEN})
    browser_sign_in(page, lead.email)

    page.goto(f"/assessments/{assessment.id}")
    page.get_by_role("link", name="Surveys", exact=True).click()
    page.get_by_label("Pupils (secondary)").check()
    fill_date(page, "opens", uk_today())
    fill_date(page, "closes", uk_today() + timedelta(days=14))
    page.get_by_role("button", name="Open survey").click()
    expect(page.get_by_text("Survey of pupils (secondary) opened.")).to_be_visible()
    expect(page.locator(".hrsa-qr svg")).to_be_visible()
    link = page.get_by_test_id("survey-link").inner_text()
    path = urlsplit(link).path

    # A fresh browser, with no account, answers twice (a shared classroom tablet).
    for width in WIDTHS:
        answer_in_browser(axe_page, path, width, assert_accessible)
    expect(axe_page.get_by_role("heading", name="Thank you")).to_be_visible()
    for width in WIDTHS:
        axe_page.set_viewport_size({"width": width, "height": 900})
        axe_page.goto(path.replace("/s/", "/s/not-a-real-link-"))
        expect(axe_page.get_by_role("heading", name="This survey is not open")).to_be_visible()
        assert_accessible(axe_page)

    page.goto(f"/assessments/{assessment.id}/principles/4")
    found = page.get_by_test_id("survey-4.2")
    expect(found).to_contain_text("Fewer than 10 responses: not shown")
    expect(found).not_to_contain_text("Worth a second look")
    page.goto(f"/assessments/{assessment.id}/surveys")
    expect(page.get_by_text("2 responses")).to_be_visible()

    survey = db.session.scalar(select(Survey).where(Survey.school_id == lead.school_id))
    answer(survey, 8, 2)  # eight more pupils disagree: 10 in all
    page.goto(f"/assessments/{assessment.id}/principles/4")
    found = page.get_by_test_id("survey-4.2")
    expect(found).to_contain_text("Pupils (secondary): 0% agree (10 responses)")
    expect(found).to_contain_text("Worth a second look")
