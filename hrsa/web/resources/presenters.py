"""Ready-to-show data for the resource bank's templates (templates only display)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlencode

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import Session

from hrsa.core.formatting import plural
from hrsa.core.framework import Framework
from hrsa.core.vocabulary.resources import (
    Audience,
    Cost,
    Criterion,
    CriterionOutcome,
    ResourceType,
    ReviewState,
    Topic,
)
from hrsa.models import Resource, ResourceUse, User
from hrsa.services import access
from hrsa.services.assessment import starting
from hrsa.services.cycles import lookup
from hrsa.services.resources import bank, proposals, review
from hrsa.services.resources.bank import BankFilters, BankPage
from hrsa.web.navigation import pagination_links
from hrsa.web.resources.forms import ReviewForm

FILTER_NAMES = ("principle", "standard", "audience", "topic", "type", "cost")


def filters_from(args: Mapping[str, str], framework: Framework) -> BankFilters:
    """The bank's search from the query string; unknown values are ignored, never a 500."""
    principle = args.get("principle", "")
    numbers = {str(p.number) for p in framework.principles}
    page = args.get("page", "1")
    return BankFilters(
        words=" ".join(args.get("q", "").split())[:200],
        principle=int(principle) if principle in numbers else None,
        standard=_known(args.get("standard", ""), framework.standard_codes),
        audience=_known(args.get("audience", ""), Audience.values()),
        topic=_known(args.get("topic", ""), Topic.values()),
        resource_type=_known(args.get("type", ""), ResourceType.values()),
        cost=_known(args.get("cost", ""), Cost.values()),
        page=int(page) if page.isdecimal() and len(page) < 6 else 1,
    )


def _known(value: str, known: tuple[str, ...]) -> str:
    return value if value in known else ""


def _select(name: str, label: str, pairs: list[tuple[str, str]], chosen: str) -> dict[str, Any]:
    """govukSelect parameters for one filter."""
    return {
        "id": f"filter-{name}",
        "name": name,
        "label": {"text": label},
        "items": [{"value": "", "text": "Any"}]
        + [{"value": value, "text": text, "selected": value == chosen} for value, text in pairs],
    }


def bank_page(
    page: BankPage, filters: BankFilters, framework: Framework, args: Mapping[str, str]
) -> dict[str, Any]:
    """Everything the bank page shows: the filter selects, the cards and the pagination."""
    selects = [
        _select(
            "principle",
            "Principle",
            [(str(p.number), f"{p.number}. {p.title}") for p in framework.principles],
            str(filters.principle or ""),
        ),
        _select(
            "standard",
            "Standard",
            [(s.code, f"{s.code}") for s in framework.standards],
            filters.standard,
        ),
        _select("audience", "Audience", Audience.choices(), filters.audience),
        _select("topic", "Topic", Topic.choices(), filters.topic),
        _select("type", "Type", ResourceType.choices(), filters.resource_type),
        _select("cost", "Cost", Cost.choices(), filters.cost),
    ]
    kept = {name: args[name] for name in ("q", *FILTER_NAMES) if args.get(name)}
    pagination = pagination_links(
        page.page,
        page.pages,
        lambda number: "?" + urlencode({**kept, "page": number}),
        numbered=False,
    )
    return {
        "page": page,
        "filters": filters,
        "selects": selects,
        "words": filters.words,
        "found": plural(page.total, "resource"),
        "pagination": pagination,
    }


def form_values(resource: Resource) -> SimpleNamespace:
    """The resource's current details, for the edit form's first showing."""
    return SimpleNamespace(
        title=resource.title,
        summary=resource.summary,
        provider=resource.provider,
        resource_type=resource.resource_type,
        cost=resource.cost,
        url=resource.url or "",
        review_by=resource.review_by,
        standards=[row.standard_code for row in resource.standards],
        audiences=[row.audience for row in resource.audiences],
        topics=[row.topic for row in resource.topics],
        version=str(resource.version),
    )


def saved_message(resource: Resource) -> str:
    if resource.state == ReviewState.PROPOSED.value:
        return f"Your changes to “{resource.title}” have been sent to the advisory group."
    return f"Your changes to “{resource.title}” have been saved."


def decided_message(resource: Resource) -> str:
    state = ReviewState(resource.state)
    return f"“{resource.title}” is now {state.label.lower()}. The proposer has been told."


def resource_page(
    session: Session, user: User, resource: Resource, framework: Framework, today: date
) -> dict[str, Any]:
    """The resource page: its details, quality-assurance summary and what the person may do."""
    reviews = review.reviews_of(session, resource.id)
    used = bank.schools_used(session, [resource.id]).get(resource.id, 0)
    card = bank.card(resource, used)
    standards = [
        {"code": row.standard_code, "text": framework.standard(row.standard_code).text}
        for row in resource.standards
        if framework.has_standard(row.standard_code)
    ]
    sees_history = user.sees_city or resource.proposed_by_id == user.id
    return {
        "resource": resource,
        "card": card,
        "state": ReviewState(resource.state),
        "standards": standards,
        "approval": review.latest_approval(reviews),
        "reviews": reviews if sees_history else [],
        "latest": reviews[0] if reviews and sees_history else None,
        "used_text": plural(used, "school") + (" has" if used == 1 else " have") + " used it",
        "can_edit": proposals.can_edit(user, resource),
        "can_review": proposals.is_reviewer(user)
        and ReviewState(resource.state).awaits_review
        and not review.proposed_by(resource, user),
        "is_proposer": resource.proposed_by_id == user.id,
        "school_actions": school_actions(session, user, resource, today),
    }


def school_actions(
    session: Session, user: User, resource: Resource, today: date
) -> dict[str, Any] | None:
    """What a school user can do with an approved resource: mark it used, attach it as evidence
    on one of its standards in the school's current assessment (None for everyone else)."""
    if not user.is_school_user or user.school_id is None:
        return None
    if not proposals.visible_to_schools_now(resource, today):
        return None
    used = session.scalar(
        select(ResourceUse.id).where(
            ResourceUse.resource_id == resource.id, ResourceUse.school_id == user.school_id
        )
    )
    attach = None
    cycle = lookup.current_cycle(session, today)
    assessment = starting.find(session, user.school_id, cycle.id) if cycle else None
    if assessment is not None and access.can_edit(user, assessment):
        codes = [row.standard_code for row in resource.standards]
        attach = {
            "assessment_id": assessment.id,
            "cycle": cycle.name if cycle else "",
            "items": [{"value": code, "text": f"Standard {code}"} for code in codes],
        }
    return {"used": used is not None, "attach": attach}


def attach_page(
    session: Session,
    user: User,
    resource: Resource,
    assessment_id: int,
    code: str,
    framework: Framework,
) -> dict[str, Any]:
    """The one-button page that attaches a resource as evidence on a standard."""
    assessment = access.assessment_for(session, user, assessment_id)
    codes = [row.standard_code for row in resource.standards]
    if code not in codes or not framework.has_standard(code):
        abort(404)
    return {
        "resource": resource,
        "assessment": assessment,
        "code": code,
        "standard_text": framework.standard(code).text,
        "can_edit": access.can_edit(user, assessment),
    }


def review_page(
    session: Session,
    resource: Resource,
    form: ReviewForm,
    errors: dict[str, str],
    posted: Mapping[str, str],
    today: date,
) -> dict[str, Any]:
    """The review form: the resource, one block of radios and a comment per criterion."""
    criteria = [
        {
            "value": criterion.value,
            "label": criterion.label,
            "hint": criterion.hint,
            "group": "Recommendation 4" if index < 3 else "Young people's themes",
            "items": [
                {
                    "value": value,
                    "text": label,
                    "checked": posted.get(f"criterion-{criterion.value}") == value,
                }
                for value, label in CriterionOutcome.choices()
            ],
            "error": errors.get(f"criterion-{criterion.value}"),
            "comment": posted.get(f"comment-{criterion.value}", ""),
            "comment_error": errors.get(f"comment-{criterion.value}"),
        }
        for index, criterion in enumerate(Criterion)
    ]
    field_order = ["decision", "reason", "review_by"]
    error_list = [
        {"text": errors[f"criterion-{c.value}"], "href": f"#criterion-{c.value}"}
        for c in Criterion
        if f"criterion-{c.value}" in errors
    ] + [{"text": errors[name], "href": f"#{name}"} for name in field_order if name in errors]
    if form.errors and not errors:
        error_list = [
            {"text": messages[0], "href": f"#{name}"} for name, messages in form.errors.items()
        ]
    used = bank.schools_used(session, [resource.id]).get(resource.id, 0)
    return {
        "resource": resource,
        "card": bank.card(resource, used),
        "state": ReviewState(resource.state),
        "review_form": form,
        "criteria": criteria,
        "error_list": error_list,
        "reviews": review.reviews_of(session, resource.id),
    }
