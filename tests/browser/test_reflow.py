"""Every page reflows at 320 CSS pixels wide (WCAG 2.2 success criterion 1.4.10): the page itself
never scrolls sideways; a wide table scrolls inside its own box instead.

The pages are found by walking `app.url_map` for GET routes, with route parameters filled from
the signed-in person's own school, assessment and plan; each role visits every page it can open.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import pytest
from flask import Flask
from playwright.sync_api import Page

from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.ratings import Rag

NARROW = {"width": 320, "height": 640}
# Files, redirects to files and the sign-out link are not pages to read.
NOT_PAGES = re.compile(r"^/(static|exports/|.*\.(csv|xlsx|pdf|zip)$|.*/download|sign-out)")
HTML = "text/html"


def page_paths(app: Flask, ids: dict[str, str]) -> list[str]:
    """Every GET route's path, with its parameters filled from `ids` (others are skipped)."""
    paths = set()
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or ()) or not set(rule.arguments) <= set(ids):
            continue
        path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", lambda m: ids[m.group(1)], rule.rule)
        if not NOT_PAGES.match(path):
            paths.add(path)
    return sorted(paths)


def scrolls_sideways(page: Page) -> bool:
    return bool(
        page.evaluate(
            "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
        )
    )


WIDEST = """() => [...document.querySelectorAll("body *")]
  .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .filter(e => ![...e.children].some(c => c.getBoundingClientRect().right
    > document.documentElement.clientWidth + 1))
  .slice(0, 3)
  .map(e => e.tagName.toLowerCase() + "." + [...e.classList].join("."))"""


@pytest.mark.parametrize("role", list(Role))
def test_no_page_scrolls_sideways_at_320_pixels(
    app, factory, client, sign_in, page: Page, live_url, browser_sign_in: Callable[..., None], role
):
    school = factory.school(name="Tamar View Community Primary School and Nursery")
    person = factory.user(role, school if role.is_school_role else None)
    assessment = factory.assessment(school, by=person if role.is_school_role else None)
    factory.rate(assessment, {"1.1": Rag.AMBER, "1.2": Rag.RED, "2.1": Rag.GREEN})
    action = factory.action(
        assessment,
        "1.1",
        what="Run a staff workshop on healthy relationships and consent for every year group",
        who="Head of personal, social, health and economic education",
        due_on=date(2099, 3, 31),
    )
    ids = {
        "assessment_id": str(assessment.id),
        "action_id": str(action.id),
        "school_id": str(school.id),
        "user_id": str(person.id),
        "cycle_id": str(assessment.cycle_id),
        "number": "1",
        "code": "1.1",
    }
    sign_in(person.email)
    paths = [
        path
        for path in page_paths(app, ids)
        if (response := client.get(path)).status_code == 200 and response.mimetype == HTML
    ]
    page.set_viewport_size(NARROW)
    browser_sign_in(page, person.email)
    wide = []
    for path in paths:
        page.goto(live_url(path))
        if scrolls_sideways(page):
            wide.append(f"{path} ({', '.join(page.evaluate(WIDEST))})")
    assert wide == [], f"{role}: these pages scroll sideways at 320px: {wide}"
