"""The "you'll be signed out soon" warning on pages with a form, in a real browser (the page's
clock is Playwright's, so an hour passes at once)."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from hrsa.core.vocabulary.people import Role


def signed_in_on(
    page: Page, path: str, factory, sign_in: Callable[..., None], role=Role.SCHOOL_LEAD
):  # type: ignore[no-untyped-def]
    """Sign in, then open `path` on a page whose clock the test moves on."""
    sign_in(page, factory.user(role).email)
    page.clock.install()
    page.goto(path)


def test_the_warning_comes_before_the_timeout_and_staying_keeps_what_was_typed(
    page: Page, factory, browser_sign_in: Callable[..., None]
) -> None:
    signed_in_on(page, "/account", factory, browser_sign_in)
    page.get_by_label("Current password").fill("typed before the warning")
    dialog = page.get_by_role("dialog", name="You’ll be signed out soon")
    expect(dialog).to_be_hidden()

    page.clock.fast_forward("57:00")
    expect(dialog).to_be_hidden()
    page.clock.fast_forward("01:30")

    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("we will sign you out in 2 minutes")
    expect(page.locator("#hrsa-timeout-heading")).to_be_focused()
    with page.expect_response("**/session/keep-alive") as keep_alive:
        dialog.get_by_role("button", name="Stay signed in").click()
    assert keep_alive.value.status == 204
    expect(dialog).to_be_hidden()
    expect(page.get_by_label("Current password")).to_have_value("typed before the warning")


def test_when_time_runs_out_the_page_stays_and_says_so(
    page: Page, factory, browser_sign_in: Callable[..., None]
) -> None:
    signed_in_on(page, "/account", factory, browser_sign_in)
    page.get_by_label("Current password").fill("still here")

    page.clock.fast_forward("58:30")
    page.clock.fast_forward("02:00")

    expect(page.get_by_role("heading", name="You have been signed out")).to_be_visible()
    expect(page.get_by_role("link", name="Sign in again")).to_have_attribute(
        "href", re.compile(r"^/sign-in\?next=(/|%2F)account$")
    )
    page.get_by_role("button", name="Close and copy my answers").click()
    expect(page.get_by_label("Current password")).to_have_value("still here")


def test_pages_without_a_form_have_no_warning(
    page: Page, factory, browser_sign_in: Callable[..., None]
) -> None:
    signed_in_on(page, "/privacy", factory, browser_sign_in, Role.COMMISSIONER)

    page.clock.fast_forward("59:00")

    expect(page.get_by_role("dialog")).to_be_hidden()
