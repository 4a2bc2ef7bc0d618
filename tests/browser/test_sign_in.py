"""Signing in and out in a real browser, under the real Content-Security-Policy."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import ConsoleMessage, Page, Response, expect

from hrsa.core.vocabulary.people import Role
from tests.factories import PASSWORD


class BrowserProblems:
    """What the browser complained about while a test ran: console errors, uncaught script
    errors and failed requests for the service's own files."""

    def __init__(self, page: Page) -> None:
        self.console: list[str] = []
        self.script_errors: list[str] = []
        self.failed_static: list[str] = []
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.script_errors.append(str(error)))
        page.on("response", self._on_response)

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console.append(message.text)

    def _on_response(self, response: Response) -> None:
        if "/static/" in response.url and response.status >= 400:
            self.failed_static.append(f"{response.status} {response.url}")

    def csp_errors(self) -> list[str]:
        return [text for text in self.console if "Content Security Policy" in text]


@pytest.fixture
def problems(page: Page) -> Iterator[BrowserProblems]:
    watcher = BrowserProblems(page)
    yield watcher
    for problem, found in [
        ("The CSP blocked something", watcher.csp_errors()),
        ("Scripts failed", watcher.script_errors),
        ("Static files failed", watcher.failed_static),
    ]:
        assert not found, f"{problem}:\n" + "\n".join(found)


def expect_govuk_frontend_ran(page: Page) -> None:
    # The nonce'd inline line in GOV.UK's template adds both classes; a CSP without the nonce
    # would block it and leave <body> bare.
    expect(page.locator("body")).to_have_class(re.compile(r"\bjs-enabled\b"))
    expect(page.locator("body")).to_have_class(re.compile(r"\bgovuk-frontend-supported\b"))


def test_a_school_lead_signs_in_and_out(page: Page, problems: BrowserProblems, factory) -> None:
    lead = factory.user(Role.SCHOOL_LEAD, name="Sarah Trelawny")

    page.goto("/")
    expect_govuk_frontend_ran(page)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/sign-in$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    page.get_by_label("Email address").fill(lead.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(re.compile(r"/assessment$"))
    expect(page.get_by_text("Signed in as Sarah Trelawny")).to_be_visible()
    expect_govuk_frontend_ran(page)

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/sign-in$"))
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    expect(page.get_by_text("Signed in as")).to_have_count(0)
    page.goto("/assessment")
    expect(page).to_have_url(re.compile(r"/sign-in\?next="))


def test_a_wrong_password_shows_the_error_summary(
    page: Page, problems: BrowserProblems, factory
) -> None:
    lead = factory.user(Role.SCHOOL_LEAD)

    page.goto("/sign-in")
    page.get_by_label("Email address").fill(lead.email)
    page.get_by_label("Password", exact=True).fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    expect(page).to_have_title(re.compile(r"^Error: Sign in"))
    # GOV.UK Frontend's module script focuses the summary on load and wires up its links.
    expect(summary).to_have_attribute("data-govuk-error-summary-init", "")
    expect(summary).to_be_focused()
    expect_govuk_frontend_ran(page)

    expect(page.get_by_label("Email address")).to_have_value(lead.email)
    expect(page.get_by_label("Password", exact=True)).to_have_value("")
    summary.get_by_role("link", name="Enter a correct email address and password").click()
    expect(page.get_by_label("Password", exact=True)).to_be_focused()

    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text(f"Signed in as {lead.name}")).to_be_visible()


def test_an_empty_form_names_each_missing_answer(page: Page, problems: BrowserProblems) -> None:
    page.goto("/sign-in")
    page.get_by_role("button", name="Sign in").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link")).to_have_text(
        ["Enter your email address", "Enter your password"]
    )
    summary.get_by_role("link", name="Enter your email address").click()
    expect(page.get_by_label("Email address")).to_be_focused()
