"""axe-core finds no WCAG 2.2 A or AA problems on the service's pages.

To check another page, add a line to PAGES: a description, the path, and the role to sign in as
(None to stay signed out). Set submit_empty=True to submit the page's form with nothing filled in
and check the page with its error messages showing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import pytest
from playwright.sync_api import Page, expect

from hrsa.models import Role


class AxePage(NamedTuple):
    description: str
    path: str
    role: Role | None = None
    submit_empty: bool = False


PAGES = [
    AxePage("start page", "/"),
    AxePage("sign in", "/sign-in"),
    AxePage("sign in with errors", "/sign-in", submit_empty=True),
    AxePage("accessibility statement", "/accessibility"),
    AxePage("privacy notice", "/privacy"),
    AxePage("page not found", "/no-such-page"),
    AxePage("administration", "/admin/", Role.ADMIN),
    AxePage("accounts", "/admin/accounts", Role.ADMIN),
    AxePage("invite a person with errors", "/admin/accounts/invite", Role.ADMIN, submit_empty=True),
    AxePage("open a cycle with errors", "/admin/cycles/new", Role.ADMIN, submit_empty=True),
    AxePage("outbox", "/admin/outbox", Role.ADMIN),
    AxePage("deleted evidence", "/admin/deleted-evidence", Role.ADMIN),
    AxePage("schools in the city", "/schools", Role.COMMISSIONER),
    AxePage("downloads", "/exports", Role.COMMISSIONER),
    AxePage("your account", "/account", Role.SCHOOL_STAFF),
]


@pytest.mark.parametrize("target", PAGES, ids=[p.description.replace(" ", "-") for p in PAGES])
def test_page_has_no_axe_violations(
    target: AxePage,
    axe_page: Page,
    factory,
    browser_sign_in: Callable[[Page, str], None],
    assert_accessible: Callable[[Page], None],
) -> None:
    if target.role is not None:
        browser_sign_in(axe_page, factory.user(target.role).email)
    axe_page.goto(target.path)
    if target.submit_empty:
        axe_page.locator("main form").get_by_role("button").last.click()
        expect(axe_page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(axe_page)


def test_axe_reports_a_real_problem(axe_page: Page, axe_check) -> None:
    """The check itself works: a page with an unlabelled field and no headings fails."""
    axe_page.goto("/privacy")
    axe_page.evaluate(
        "() => document.querySelector('main').append(document.createElement('input'))"
    )
    assert "label" in {violation["id"] for violation in axe_check(axe_page)}


# The citywide dashboard, with a small city's figures on it (tests/small_city.py).
DASHBOARD_PAGES = [
    ("city overview", "/dashboard/"),
    ("city overview with errors", "/dashboard/?ward=Atlantis"),
    ("schools heatmap", "/dashboard/heatmap/schools?values=moderated"),
    ("areas heatmap", "/dashboard/heatmap/areas"),
    ("phases heatmap", "/dashboard/heatmap/areas?by=phase&in_progress=y"),
    ("gap ranking", "/dashboard/gaps"),
    ("trends", "/dashboard/trends"),
]


@pytest.mark.parametrize(
    "path", [p for _, p in DASHBOARD_PAGES], ids=[d for d, _ in DASHBOARD_PAGES]
)
def test_dashboard_pages_have_no_axe_violations(
    path: str,
    axe_page: Page,
    factory,
    browser_sign_in: Callable[[Page, str], None],
    assert_accessible: Callable[[Page], None],
) -> None:
    from tests import small_city

    small_city.build(factory)
    browser_sign_in(axe_page, factory.user(Role.COMMISSIONER).email)
    axe_page.goto(path)
    assert_accessible(axe_page)
