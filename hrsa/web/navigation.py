"""Finding your way: the service navigation for the signed-in role, and page links for lists.

To add a section, add one NavItem to NAVIGATION: who sees it, where it goes, and which pages
mark it as the current section (an entry ending in "." stands for a whole blueprint).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import render_template, request, url_for
from flask_login import current_user

from hrsa.core.pagination import Page, page_numbers
from hrsa.core.vocabulary.people import Role
from hrsa.services.schools.profile import clean_search
from hrsa.web.security import safe_path

ASSESSMENT_PAGES = frozenset(
    {
        "assessment.overview",
        "assessment.start",
        "assessment.task_list",
        "assessment.principle",
        "assessment.standard_history",
        "assessment.submit",
        "assessment.reopen",
    }
)
PLAN_PAGES = frozenset(
    {
        "assessment.plan_redirect",
        "assessment.plan",
        "assessment.add_action",
        "assessment.edit_action",
        "assessment.delete_action",
    }
)
RESOURCE_PAGES = frozenset(
    {
        "resources.bank",
        "resources.show",
        "resources.propose",
        "resources.edit",
        "resources.mine",
        "resources.queue",
        "resources.review",
        "resources.gaps",
        "resources.attach",
    }
)
_SCHOOL_STAFF = frozenset(role for role in Role if role.is_school_role)
_CITY = frozenset(role for role in Role if not role.is_school_role)


@dataclass(frozen=True)
class NavItem:
    """One link in the service navigation."""

    text: str
    endpoint: str
    roles: frozenset[Role]
    marks: frozenset[str]  # endpoints (or "blueprint.") where this item is the current one

    def is_current(self, endpoint: str) -> bool:
        """Whether the page at `endpoint` belongs to this section."""
        blueprint = endpoint.split(".", 1)[0] + "."
        return endpoint in self.marks or blueprint in self.marks


NAVIGATION: list[NavItem] = [
    NavItem("Assessment", "assessment.overview", _SCHOOL_STAFF, ASSESSMENT_PAGES),
    NavItem("Delivery plan", "assessment.plan_redirect", _SCHOOL_STAFF, PLAN_PAGES),
    NavItem("School profile", "schools.own_profile", _SCHOOL_STAFF, frozenset({"schools."})),
    NavItem("City overview", "dashboard.overview", _CITY, frozenset({"dashboard."})),
    # The city reaches every school's assessment, plan and profile through its list of schools.
    NavItem("Schools", "schools.list_schools", _CITY, frozenset({"schools.", "assessment."})),
    NavItem("Downloads", "downloads.index", _CITY, frozenset({"downloads.index"})),
    NavItem(
        "Moderation",
        "moderation.queue_page",
        frozenset({Role.ADVISORY, Role.ADMIN}),
        frozenset({"moderation.queue_page", "moderation.school_sheet", "moderation.decline"}),
    ),
    NavItem("Surveys", "surveys.city_results", _CITY, frozenset({"surveys.city_results"})),
    NavItem("Resources", "resources.bank", frozenset(Role), RESOURCE_PAGES),
    NavItem("Administration", "admin.index", frozenset({Role.ADMIN}), frozenset({"admin."})),
    NavItem("Your account", "auth.account", frozenset(Role), frozenset({"auth.account"})),
]


def navigation() -> list[dict[str, Any]]:
    """The service navigation links for the signed-in person's role, the current one marked."""
    if not current_user.is_authenticated:
        return []
    role = current_user.role_enum
    active = request.endpoint or ""
    return [
        {"text": item.text, "href": url_for(item.endpoint), "active": item.is_current(active)}
        for item in NAVIGATION
        if role in item.roles
    ]


RETURN_TO = "next"  # the query parameter naming the page to come back to after saving


def return_path() -> str | None:
    """The page to come back to after saving (?next=, e.g. from a Change link on "Check your
    answers"): a path on this site, or None when missing or pointing anywhere else."""
    return safe_path(request.args.get(RETURN_TO))


def requested_page() -> int:
    """The ?page= number asked for (1 when missing or not a number); services clamp it."""
    return request.args.get("page", 1, type=int) or 1


def requested_search() -> str | None:
    """The ?q= search text asked for, trimmed (None when blank)."""
    return clean_search(request.args.get("q"))


def pagination(page: Page[Any], href: Callable[[int], str]) -> dict[str, Any] | None:
    """govukPagination's parameters for a Page, or None when everything fits on one page.

    `href(number)` is the address of page `number` (keeping any filters).
    """
    return pagination_links(page.number, page.pages, href)


def pagination_links(
    number: int, pages: int, href: Callable[[int], str], *, numbered: bool = True
) -> dict[str, Any] | None:
    """govukPagination's parameters for page `number` of `pages`, or None on a single page:
    the page numbers (unless `numbered` is False: "Previous" and "Next" only), then the links
    to the previous and next pages."""
    if pages <= 1:
        return None
    params: dict[str, Any] = {}
    if numbered:
        params["items"] = [
            {"ellipsis": True}
            if shown is None
            else {"number": shown, "href": href(shown), "current": shown == number}
            for shown in page_numbers(number, pages)
        ]
    if number > 1:
        params["previous"] = {"href": href(number - 1)}
    if number < pages:
        params["next"] = {"href": href(number + 1)}
    return params


def render_list(template: str, page: Page[Any], endpoint: str, **context: Any) -> str:
    """Render one page of a list whose other pages are `endpoint` with ?page=N."""
    links = pagination(page, lambda number: url_for(endpoint, page=number))
    return render_template(template, page=page, pagination=links, **context)
