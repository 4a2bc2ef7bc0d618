"""Helpers every template can use: navigation for the signed-in role, dates, labels."""

from __future__ import annotations

from typing import Any

from flask import Flask, request, url_for
from flask_login import current_user

from hrsa.formatting import format_date, format_datetime
from hrsa.models import Role

ASSESSMENT_PAGES = {
    "assessment.overview",
    "assessment.start",
    "assessment.task_list",
    "assessment.principle",
    "assessment.standard_history",
    "assessment.submit",
    "assessment.reopen",
}
PLAN_PAGES = {
    "assessment.plan_redirect",
    "assessment.plan",
    "assessment.add_action",
    "assessment.edit_action",
    "assessment.delete_action",
}
PROFILE_PAGES = {"assessment.profile", "assessment.school_profile", "assessment.edit_profile"}
RESOURCE_PAGES = {
    "resources.bank",
    "resources.show",
    "resources.propose",
    "resources.edit",
    "resources.mine",
    "resources.queue",
    "resources.review",
    "resources.gaps",
}
DASHBOARD_PAGES = {
    "dashboard.overview",
    "dashboard.school_heatmap",
    "dashboard.area_heatmap",
    "dashboard.gap_ranking",
    "dashboard.trends",
}
ADMIN_PAGES: set[str] = set()  # every admin.* endpoint and the deleted-evidence pages


def navigation() -> list[dict[str, Any]]:
    """The service navigation links for the signed-in person's role, the current one marked."""
    if not current_user.is_authenticated:
        return []
    role = current_user.role_enum
    items: list[tuple[str, str, set[str]]] = []
    if role.is_school_role:
        items.append(("Assessment", "assessment.overview", ASSESSMENT_PAGES))
        items.append(("Delivery plan", "assessment.plan_redirect", PLAN_PAGES))
        items.append(("School profile", "assessment.profile", PROFILE_PAGES))
    else:
        items.append(("City overview", "dashboard.overview", DASHBOARD_PAGES))
        items.append(
            (
                "Schools",
                "assessment.school_list",
                {"assessment.school_list"} | ASSESSMENT_PAGES | PLAN_PAGES | PROFILE_PAGES,
            )
        )
        items.append(("Downloads", "exports.index", {"exports.index"}))
    items.append(("Resources", "resources.bank", RESOURCE_PAGES))
    if role == Role.ADMIN:
        items.append(("Administration", "admin.index", ADMIN_PAGES))
    items.append(("Your account", "auth.account", {"auth.account"}))
    active = request.endpoint or ""
    in_admin = active.startswith("admin.") or active in (
        "evidence.list_deleted",
        "evidence.restore",
    )
    return [
        {
            "text": text,
            "href": url_for(endpoint),
            "active": active in pages or (pages is ADMIN_PAGES and in_admin),
        }
        for text, endpoint, pages in items
    ]


def template_helpers(app: Flask) -> None:
    from hrsa import SERVICE_NAME

    app.jinja_env.filters["govuk_date"] = format_date
    app.jinja_env.filters["govuk_datetime"] = format_datetime
    app.jinja_env.globals["service_name"] = SERVICE_NAME
    app.jinja_env.globals["navigation"] = navigation
