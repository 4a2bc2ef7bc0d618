"""What every dashboard page shares: reading the filters, the chosen cycle, the page links and
rendering with status 400 when the filters were not valid."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from flask import render_template, request, url_for

from hrsa.core.framework import Framework
from hrsa.extensions import db
from hrsa.models import Cycle
from hrsa.services.authorities import records as authorities
from hrsa.services.cycles import framework_versions, lookup
from hrsa.services.schools import profile
from hrsa.web.dashboard.forms import FilterForm

FormT = TypeVar("FormT", bound=FilterForm)


@dataclass(frozen=True)
class Chosen:
    """The cycle the filters chose, the one before it, and its framework."""

    cycle: Cycle
    previous: Cycle | None
    framework: Framework


def read_filters(form_class: type[FormT]) -> tuple[FormT, Chosen | None, bool]:
    """(form, chosen cycle or None when no cycle exists, whether the filters are valid)."""
    all_cycles = lookup.all_cycles(db.session)
    form = form_class(formdata=request.args)
    if not all_cycles:
        return form, None, False
    default = lookup.current_cycle(db.session) or all_cycles[0]
    wards = sorted(
        set(authorities.ward_names(db.session, None)) | set(profile.wards_in_use(db.session))
    )
    form.offer(all_cycles, wards, default.id)
    valid = form.validate()
    index = next(
        (i for i, c in enumerate(all_cycles) if valid and c.id == form.cycle_id()),
        all_cycles.index(default),
    )
    cycle = all_cycles[index]
    previous = lookup.previous_of(all_cycles, cycle)
    framework = framework_versions.framework_of(cycle.framework_version)
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


PAGES = [
    ("City overview", "dashboard.overview"),
    ("Schools heatmap", "dashboard.school_heatmap"),
    ("Areas heatmap", "dashboard.area_heatmap"),
    ("Gap ranking", "dashboard.gap_ranking"),
    ("Trends", "dashboard.trends"),
]


def render(template: str, form: FilterForm, valid: bool, **context: Any) -> tuple[str, int]:
    """Render a dashboard page: status 400, and no figures, when the filters were not valid."""
    status = 200 if valid else 400
    counting = form.filters().counting.label  # named on every page, like the exports and PDF
    return (
        render_template(
            template, form=form, links=page_links(form), valid=valid, counting=counting, **context
        ),
        status,
    )
