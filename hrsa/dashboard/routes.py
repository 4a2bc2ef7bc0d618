"""Views for the citywide dashboard: read the filters, call one service, display.

Every page is for city roles only (school users get 403), reads its filters from the query
string through a form (bad values: the page with an error message and status 400), and runs a
fixed number of queries whatever the number of schools.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from flask import Response, render_template, request, url_for

from hrsa.dashboard import bp, view_data
from hrsa.dashboard.forms import FilterForm
from hrsa.extensions import db
from hrsa.framework import Framework
from hrsa.models import Cycle
from hrsa.models.school import WARD_NAMES
from hrsa.security import CITY_ROLES, role_required
from hrsa.services import cycles, frameworks, schools
from hrsa.services import overview as overview_service
from hrsa.vocabulary import UNRATED, Rag

FormT = TypeVar("FormT", bound=FilterForm)


@dataclass(frozen=True)
class Chosen:
    """The cycle the filters chose, the one before it, and its framework."""

    cycle: Cycle
    previous: Cycle | None
    framework: Framework


def read_filters(form_class: type[FormT]) -> tuple[FormT, Chosen | None, bool]:
    """(form, chosen cycle or None when no cycle exists, whether the filters are valid)."""
    all_cycles = cycles.all_cycles(db.session)
    form = form_class(formdata=request.args)
    if not all_cycles:
        return form, None, False
    default = cycles.current_cycle(db.session) or all_cycles[0]
    wards = sorted(set(WARD_NAMES) | set(schools.wards_in_use(db.session)))
    form.offer(all_cycles, wards, default.id)
    valid = form.validate()
    index = next(
        (i for i, c in enumerate(all_cycles) if valid and c.id == form.cycle_id()),
        all_cycles.index(default),
    )
    cycle = all_cycles[index]
    previous = all_cycles[index + 1] if index + 1 < len(all_cycles) else None
    framework = frameworks.framework_of(cycle.framework_version)
    return form, Chosen(cycle, previous, framework), valid


def page_links(form: FilterForm) -> list[dict[str, Any]]:
    """The dashboard's pages, each keeping the current filters; the current one marked."""
    args = FilterForm.query_args(form)
    return [
        {
            "text": text,
            "href": url_for(endpoint, **args),
            "current": request.endpoint == endpoint,
        }
        for text, endpoint in PAGES
    ]


PAGES = [("City overview", "dashboard.overview")]


def render(template: str, form: FilterForm, valid: bool, **context: Any) -> tuple[str, int]:
    """Render a dashboard page: status 400, and no figures, when the filters were not valid."""
    status = 200 if valid else 400
    return (
        render_template(template, form=form, links=page_links(form), valid=valid, **context),
        status,
    )


@bp.route("/")
@role_required(*CITY_ROLES)
def overview() -> tuple[str, int]:
    form, chosen, valid = read_filters(FilterForm)
    if chosen is None:
        return render_template("dashboard/no_cycle.html", title="City overview"), 200
    if not valid:
        return render(
            "dashboard/overview.html", form, valid, title="City overview", cycle=chosen.cycle
        )
    result = overview_service.overview(
        db.session,
        chosen.framework,
        chosen.cycle.id,
        chosen.previous.id if chosen.previous else None,
        form.filters(),
    )
    return render(
        "dashboard/overview.html",
        form,
        valid,
        title="City overview",
        cycle=chosen.cycle,
        result=result,
        **view_data.overview_context(result, chosen.cycle.name),
    )


@bp.route("/colours.css")
def colours() -> Response:
    """Fill and text colours of each RAG value, from the vocabulary (no inline styles allowed)."""
    looks = [(rag.value, rag.look) for rag in Rag] + [("unrated", UNRATED)]
    css = "".join(
        f".hrsa-fill--{name}{{background-color:#{look.fill};color:#{look.text_colour}}}"
        f".hrsa-fill--{name} a{{color:#{look.text_colour}}}"
        f".hrsa-key--{name}{{background-color:#{look.fill}}}\n"
        for name, look in looks
    )
    response = Response(css, mimetype="text/css")
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response
