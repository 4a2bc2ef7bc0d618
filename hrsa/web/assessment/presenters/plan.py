"""Page data shared by the delivery plan's pages (the plan, adding actions from next steps,
changing actions): links, tags, and the error summary's lines for many-row forms."""

from __future__ import annotations

from typing import Any

from flask import url_for
from wtforms import Field

from hrsa.core.framework import Framework
from hrsa.core.vocabulary.assessment import ActionStatus
from hrsa.models import Assessment
from hrsa.web.assessment.forms.plan_rows import RowsPage
from hrsa.web.assessment.presenters.tasks import tag
from hrsa.web.forms import EXPIRED_FORM_MESSAGE

OVERDUE_TAG = {"text": "Overdue", "classes": "govuk-tag--red"}


CONFLICT_MESSAGE = (
    "Someone else changed this action while you were editing it. Your changes have not been "
    "saved: compare them with the newer values, then save again"
)


def plan_url(assessment: Assessment, code: str | None = None) -> str:
    url = url_for("assessment.plan", assessment_id=assessment.id)
    return f"{url}#standard-{code}" if code else url


def status_tag(status: str) -> dict[str, str]:
    return tag(ActionStatus(status).look)


def error_href(field: Field) -> str:
    """Where the error summary links: a date's day box, else the field itself."""
    return f"#{field.id}-day" if field.type == "GovDateField" else f"#{field.id}"


def row_errors(label: str, form: Any) -> list[dict[str, str]]:
    return [
        {"text": f"{label}: {field.errors[0]}", "href": error_href(field)}
        for field in form
        if field.errors
    ]


def by_principle(framework: Framework, rows: list[Any], number_of: Any) -> list[dict[str, Any]]:
    """Rows under their principle's heading, in framework order."""
    groups = []
    for principle in framework.principles:
        mine = [row for row in rows if number_of(row) == principle.number]
        if mine:
            groups.append({"heading": f"{principle.number}. {principle.title}", "rows": mine})
    return groups


def expired(page: RowsPage) -> list[dict[str, str]]:
    """The error summary's line for an expired form (CSRF), which keeps what was typed."""
    token = getattr(page, "csrf_token", None)
    return [{"text": EXPIRED_FORM_MESSAGE, "href": "#rows"}] if token and token.errors else []
