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

from hrsa.core.vocabulary.people import Role


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
    AxePage("contact us", "/contact"),
    AxePage("forgot your password", "/forgot-password"),
    AxePage("forgot your password with errors", "/forgot-password", submit_empty=True),
    AxePage("page not found", "/no-such-page"),
    AxePage("administration", "/admin/", Role.ADMIN),
    AxePage("accounts", "/admin/accounts", Role.ADMIN),
    AxePage("invite a person with errors", "/admin/accounts/invite", Role.ADMIN, submit_empty=True),
    AxePage("open a cycle with errors", "/admin/cycles/new", Role.ADMIN, submit_empty=True),
    AxePage("outbox", "/admin/outbox", Role.ADMIN),
    AxePage("the authority and its wards", "/admin/authority", Role.ADMIN),
    AxePage("import schools with errors", "/admin/schools/import", Role.ADMIN, submit_empty=True),
    AxePage(
        "invite in bulk with errors", "/admin/accounts/invite/bulk", Role.ADMIN, submit_empty=True
    ),
    AxePage("deleted evidence", "/admin/deleted-evidence", Role.ADMIN),
    AxePage("schools in the city", "/schools", Role.COMMISSIONER),
    AxePage("schools in the city searched", "/schools?q=nowhere", Role.COMMISSIONER),
    AxePage("schools in an unknown cycle", "/schools?cycle=999", Role.ADVISORY),
    AxePage("schools searched by an admin", "/admin/schools?q=nowhere", Role.ADMIN),
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
    ("areas heatmap, share Red, sorted", "/dashboard/heatmap/areas?show=red&sort=p1&order=desc"),
    ("schools heatmap print view", "/dashboard/heatmap/schools/print"),
    ("gap ranking", "/dashboard/gaps"),
    ("trends", "/dashboard/trends"),
    ("a school's history", "/dashboard/schools/1/history"),
    ("every school's reports as a ZIP", "/cycles/2/reports"),
    ("no citywide report for these filters", "/dashboard/report.pdf?cycle=2&ward=Drake"),
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


# The resource bank, with a small bank in it: {approved}, {proposed} and {assessment} are ids.
RESOURCE_PAGES = [
    AxePage("resource bank", "/resources", Role.SCHOOL_LEAD),
    AxePage("resource bank filtered", "/resources?q=consent&topic=consent", Role.SCHOOL_LEAD),
    AxePage("a resource", "/resources/{approved}", Role.SCHOOL_LEAD),
    AxePage("propose a resource with errors", "/resources/propose", Role.SCHOOL_STAFF, True),
    AxePage("your proposals", "/resources/yours", Role.SCHOOL_STAFF),
    AxePage("reviewer queue", "/resources/review", Role.ADVISORY),
    AxePage("review a resource", "/resources/{proposed}/review", Role.ADVISORY),
    AxePage("review a resource with errors", "/resources/{proposed}/review", Role.ADVISORY, True),
    AxePage("resource-gap report", "/resources/gaps", Role.COMMISSIONER),
    AxePage("task list with resources", "/assessments/{assessment}", Role.SCHOOL_LEAD),
    AxePage("principle with resources", "/assessments/{assessment}/principles/3", Role.SCHOOL_LEAD),
    AxePage(
        "attach a resource",
        "/resources/{approved}/attach?assessment_id={assessment}&code=3.1",
        Role.SCHOOL_LEAD,
    ),
]


@pytest.mark.parametrize(
    "target", RESOURCE_PAGES, ids=[p.description.replace(" ", "-") for p in RESOURCE_PAGES]
)
def test_resource_pages_have_no_axe_violations(
    target: AxePage,
    axe_page: Page,
    factory,
    browser_sign_in: Callable[[Page, str], None],
    assert_accessible: Callable[[Page], None],
) -> None:
    from hrsa.core.vocabulary.ratings import Rag
    from tests import resource_helpers

    lead = factory.user(Role.SCHOOL_LEAD)
    reviewer = factory.user(Role.ADVISORY)
    approved = resource_helpers.approved(lead, reviewer, standards=("3.1", "3.2"))
    proposed = resource_helpers.propose(lead, title="Waiting for review")
    assessment = factory.assessment(lead.school, rags={"3.1": Rag.RED, "3.2": Rag.AMBER})
    person = lead if target.role is Role.SCHOOL_LEAD else factory.user(target.role)
    browser_sign_in(axe_page, person.email)
    axe_page.goto(
        target.path.format(approved=approved.id, proposed=proposed.id, assessment=assessment.id)
    )
    if target.submit_empty:
        axe_page.locator("main form").last.get_by_role("button").last.click()
        expect(axe_page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(axe_page)


# The administrators' edit pages: {school}, {person} and {cycle} are ids. "with errors" pages
# are submitted with their first text box emptied.
ADMIN_EDIT_PAGES = [
    ("change a school", "/admin/schools/{school}", False),
    ("change a school with errors", "/admin/schools/{school}", True),
    ("change an account", "/admin/accounts/{person}/edit", False),
    ("change an account with errors", "/admin/accounts/{person}/edit", True),
    ("change a cycle", "/admin/cycles/{cycle}", False),
    ("change a cycle with errors", "/admin/cycles/{cycle}", True),
    ("close a cycle", "/admin/cycles/{cycle}/close", False),
]


@pytest.mark.parametrize(
    ("path", "with_errors"),
    [(path, errors) for _, path, errors in ADMIN_EDIT_PAGES],
    ids=[d.replace(" ", "-") for d, _, _ in ADMIN_EDIT_PAGES],
)
def test_admin_edit_pages_have_no_axe_violations(
    path: str,
    with_errors: bool,
    axe_page: Page,
    factory,
    browser_sign_in: Callable[[Page, str], None],
    assert_accessible: Callable[[Page], None],
) -> None:
    lead = factory.user(Role.SCHOOL_LEAD)
    cycle = factory.cycle()
    browser_sign_in(axe_page, factory.user(Role.ADMIN).email)
    axe_page.goto(path.format(school=lead.school_id, person=lead.id, cycle=cycle.id))
    if with_errors:
        form = axe_page.locator("main form", has=axe_page.locator("input[type=text]")).first
        form.locator("input[type=text]").first.fill("")
        form.get_by_role("button").last.click()
        expect(axe_page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(axe_page)
