"""Helpers every template can use: navigation for the signed-in role, dates, labels."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask, request, url_for
from flask_login import current_user

from hrsa.models import Role

UK = ZoneInfo("Europe/London")


def format_date(value: date | datetime | None) -> str:
    """'5 March 2027' — GOV.UK date style."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(UK)
    return f"{value.day} {value:%B %Y}"


def format_datetime(value: datetime | None) -> str:
    """'5 March 2027 at 2:07pm' in UK time."""
    if value is None:
        return ""
    local = value.astimezone(UK)
    hour = local.hour % 12 or 12
    return f"{format_date(local)} at {hour}:{local:%M}{'am' if local.hour < 12 else 'pm'}"


def navigation() -> list[dict[str, Any]]:
    """The service navigation links for the signed-in person's role."""
    if not current_user.is_authenticated:
        return []
    items: list[tuple[str, str]] = []
    role = current_user.role_enum
    if role.is_school_role:
        items.append(("Assessment", "assessment.overview"))
        items.append(("Delivery plan", "assessment.plan_redirect"))
        items.append(("School profile", "assessment.profile"))
    if role in (Role.COMMISSIONER, Role.ADVISORY, Role.ADMIN):
        items.append(("Schools", "assessment.school_list"))
    if role == Role.ADMIN:
        items.append(("Administration", "admin.index"))
    items.append(("Your account", "auth.account"))
    active = request.endpoint or ""
    return [
        {
            "text": text,
            "href": url_for(endpoint),
            "active": active.split(".")[0] == endpoint.split(".")[0]
            and (active == endpoint or endpoint.endswith(("overview", "index", "school_list"))),
        }
        for text, endpoint in items
    ]


def template_helpers(app: Flask) -> None:
    from hrsa import SERVICE_NAME

    app.jinja_env.filters["govuk_date"] = format_date
    app.jinja_env.filters["govuk_datetime"] = format_datetime
    app.jinja_env.globals["service_name"] = SERVICE_NAME
    app.jinja_env.globals["navigation"] = navigation
