"""The two heatmap pages' view data: running the service for the chosen filters and building
what the templates show (pagination, drill-down links, export links)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import current_app, url_for

from hrsa.config import DEFAULT_MIN_CELL_SCHOOLS
from hrsa.core.figures import AreaHeatmap
from hrsa.core.formatting import format_date, uk_today
from hrsa.core.framework import Framework
from hrsa.core.pagination import PER_PAGE
from hrsa.core.vocabulary.schools import PHASES
from hrsa.exports import ExportFormat
from hrsa.extensions import db
from hrsa.services.dashboard import heatmaps
from hrsa.services.dashboard.heatmaps import SchoolHeatmap, SchoolRow
from hrsa.services.schools import profile
from hrsa.web.dashboard.forms import AREA_KINDS, SORTS, VALUES, AreaHeatmapForm, SchoolHeatmapForm
from hrsa.web.dashboard.presenters import area_heatmap
from hrsa.web.dashboard.presenters import heatmaps as heatmap_data
from hrsa.web.dashboard.presenters.filters import Chosen
from hrsa.web.navigation import pagination_links


def export_links(endpoint: str, args: dict[str, Any]) -> list[dict[str, str]]:
    """Download links for the page's figures, keeping its filters."""
    return [
        {"text": f"Download as {fmt.label}", "href": url_for(endpoint, fmt=fmt.value, **args)}
        for fmt in ExportFormat
    ]


def pagination(endpoint: str, args: dict[str, Any], page: int, pages: int) -> Any:
    """govukPagination's parameters, keeping the filters, or None on a single page (or on a
    page that does not exist)."""
    if not 1 <= page <= pages:
        return None
    return pagination_links(page, pages, lambda number: url_for(endpoint, **args, page=number))


def school_heatmap_context(
    form: SchoolHeatmapForm, framework: Framework, result: SchoolHeatmap
) -> dict[str, Any]:
    args = form.query_args()
    first = (result.page - 1) * PER_PAGE + 1
    return {
        "result": result,
        "principles": heatmap_data.principle_headings(framework),
        "rows": heatmap_data.school_rows(result.rows, framework),
        "key": heatmap_data.legend(),
        "pagination": pagination("dashboard.school_heatmap", args, result.page, result.pages),
        "showing": f"{first:,} to {first + len(result.rows) - 1:,} of {result.total:,}"
        if result.rows
        else "",
        "last_page_href": url_for("dashboard.school_heatmap", **args, page=result.pages),
        "exports": export_links("dashboard.export_school_heatmap", args),
        "print_href": url_for("dashboard.print_school_heatmap", **args),
        "searched": bool(form.q.data),
    }


def chosen_words(form: SchoolHeatmapForm) -> str:
    """The filters in words for the print view: 'All wards, all phases, schools' own ratings'."""
    filters = form.filters()
    parts = [
        f"Ward: {filters.ward}" if filters.ward else "All wards",
        f"phase: {PHASES.get(filters.phase, filters.phase)}" if filters.phase else "all phases",
        VALUES["moderated" if filters.moderated else "self"].lower(),
    ]
    if form.q.data:
        parts.append(f"names containing “{form.q.data}”")
    parts.append(f"sorted by {SORTS[form.sort.data].lower()}")
    return ", ".join(parts)


def school_heatmap_print_context(
    form: SchoolHeatmapForm, chosen: Chosen, rows: Iterable[SchoolRow]
) -> dict[str, Any]:
    """Every matching school for the print view, with the filters in words."""
    shown = heatmap_data.school_rows(rows, chosen.framework)
    counting = form.filters().counting
    return {
        "title": f"Schools heatmap: {chosen.cycle.name} (print view)",
        "cycle": chosen.cycle,
        "counting": counting.label,
        "verb": counting.verb,
        "chosen_words": chosen_words(form),
        "principles": heatmap_data.principle_headings(chosen.framework),
        "rows": shown,
        "total": len(shown),
        "key": heatmap_data.legend(),
        "generated": format_date(uk_today()),
        "back_href": url_for("dashboard.school_heatmap", **form.query_args()),
    }


def area_heatmap_result(form: AreaHeatmapForm, chosen: Chosen) -> AreaHeatmap:
    by = form.by.data
    areas = profile.wards_in_use(db.session) if by == "ward" else list(PHASES)
    result = heatmaps.area_heatmap(
        db.session,
        chosen.framework,
        chosen.cycle.id,
        form.filters(),
        by=by,
        areas=areas,
        min_schools=min_schools(),
    )
    return heatmaps.sort_areas(result, **form.sorting())


def min_schools() -> int:
    """The small-number rule's setting (HRSA_MIN_CELL_SCHOOLS)."""
    return int(current_app.config.get("HRSA_MIN_CELL_SCHOOLS", DEFAULT_MIN_CELL_SCHOOLS))


def area_heatmap_context(
    form: AreaHeatmapForm, framework: Framework, result: AreaHeatmap
) -> dict[str, Any]:
    """The page's rows (already in the chosen order), its sorting headings and graded key."""
    args = form.query_args()
    drill = {k: v for k, v in args.items() if k not in ("by", "show", "sort", "order")}
    sorting = form.sorting()
    rag = sorting["rag"]
    area_label = AREA_KINDS[result.by]
    return {
        "result": result,
        "area_label": area_label,
        "shown": rag.label,
        "headings": area_heatmap.sort_headings(
            framework, area_label, args, sorting["key"], sorting["descending"]
        ),
        "rows": area_heatmap.area_rows(result, framework, rag, drill),
        "grades": area_heatmap.grade_key(rag),
        "has_results": result.city.schools > 0,
        "exports": export_links("dashboard.export_area_heatmap", args),
        "sort_fields": {"sort": form.sort.data or "name", "order": form.order.data or "asc"},
    }
