"""Views for the citywide dashboard: read the filters, call one service, display.

Every page is for city roles only (school users get 403), reads its filters from the query
string through a form (bad values: the page with an error message and status 400), and runs a
fixed number of queries whatever the number of schools.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from flask import Response, abort, render_template, url_for
from flask_login import login_required

from hrsa.core.formatting import download_name
from hrsa.core.vocabulary.ratings import UNRATED, Rag
from hrsa.exports import Column, ExportFormat
from hrsa.exports import chunks as export_chunks
from hrsa.extensions import db
from hrsa.services.cycles import framework_versions, lookup
from hrsa.services.dashboard import heatmaps
from hrsa.services.dashboard import overview as overview_service
from hrsa.services.dashboard import trends as trends_service
from hrsa.services.dashboard.counting import Counting
from hrsa.web.dashboard import bp
from hrsa.web.dashboard.forms import AreaHeatmapForm, FilterForm, SchoolHeatmapForm, TrendsForm
from hrsa.web.dashboard.presenters import heatmap_rows, trend_charts
from hrsa.web.dashboard.presenters import heatmaps as heatmap_data
from hrsa.web.dashboard.presenters import overview as view_data
from hrsa.web.dashboard.presenters.area_heatmap import share_css
from hrsa.web.dashboard.presenters.filters import Chosen, read_filters, render
from hrsa.web.dashboard.presenters.heatmap_pages import (
    area_heatmap_context,
    area_heatmap_result,
    school_heatmap_context,
    school_heatmap_print_context,
)
from hrsa.web.lookups import school_or_404
from hrsa.web.responses import audited_download
from hrsa.web.security import CITY_ROLES, role_required


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
        report_href=url_for("dashboard.city_report", **form.query_args()),
        **view_data.overview_context(result, chosen.cycle.name),
    )


@bp.route("/heatmap/schools")
@role_required(*CITY_ROLES)
def school_heatmap() -> tuple[str, int]:
    form, chosen, valid = read_filters(SchoolHeatmapForm)
    if chosen is None:
        return render_template("dashboard/no_cycle.html", title="Schools heatmap"), 200
    context: dict[str, Any] = {"title": "Schools heatmap", "cycle": chosen.cycle}
    if valid:
        result = heatmaps.school_heatmap(
            db.session,
            chosen.framework,
            chosen.cycle.id,
            form.filters(),
            page=form.page.data or 1,
            **form.listing(),
        )
        context |= school_heatmap_context(form, chosen.framework, result)
    return render("dashboard/school_heatmap.html", form, valid, **context)


@bp.route("/heatmap/schools/print")
@role_required(*CITY_ROLES)
def print_school_heatmap() -> tuple[str, int]:
    """Every matching school on one page laid out for A4 landscape (a board paper)."""
    form, chosen, valid = read_filters(SchoolHeatmapForm)
    if chosen is None or not valid:
        abort(400 if chosen else 404)
    rows = heatmaps.school_heatmap_rows(
        db.session, chosen.framework, chosen.cycle.id, form.filters(), **form.listing()
    )
    context = school_heatmap_print_context(form, chosen, rows)
    return render_template("dashboard/school_heatmap_print.html", **context), 200


@bp.route("/heatmap/areas")
@role_required(*CITY_ROLES)
def area_heatmap() -> tuple[str, int]:
    form, chosen, valid = read_filters(AreaHeatmapForm)
    if chosen is None:
        return render_template("dashboard/no_cycle.html", title="Areas heatmap"), 200
    context: dict[str, Any] = {"title": "Areas heatmap", "cycle": chosen.cycle}
    if valid:
        result = area_heatmap_result(form, chosen)
        context |= area_heatmap_context(form, chosen.framework, result)
    return render("dashboard/area_heatmap.html", form, valid, **context)


@bp.route("/gaps")
@role_required(*CITY_ROLES)
def gap_ranking() -> tuple[str, int]:
    form, chosen, valid = read_filters(FilterForm)
    if chosen is None:
        return render_template("dashboard/no_cycle.html", title="Gap ranking"), 200
    context: dict[str, Any] = {"title": "Gap ranking", "cycle": chosen.cycle}
    if valid:
        ranking = trends_service.gap_ranking(
            db.session,
            chosen.framework,
            chosen.cycle.id,
            chosen.previous.id if chosen.previous else None,
            form.filters(),
        )
        context |= heatmap_data.gap_context(ranking) | {"previous": chosen.previous}
    return render("dashboard/gap_ranking.html", form, valid, **context)


@bp.route("/trends")
@role_required(*CITY_ROLES)
def trends() -> tuple[str, int]:
    form, chosen, valid = read_filters(TrendsForm)
    if chosen is None:
        return render_template("dashboard/no_cycle.html", title="Trends"), 200
    context: dict[str, Any] = {"title": "Trends"}
    if valid:
        every_cycle = lookup.all_cycles(db.session)
        result = trends_service.trends(
            db.session,
            chosen.framework,
            every_cycle,
            form.filters(),
            same_schools=form.same_schools,
        )
        context |= trend_charts.trends_context(result, chosen.framework)
    return render("dashboard/trends.html", form, valid, **context)


@bp.route("/heatmap/schools.<any(csv, xlsx):fmt>")
@role_required(*CITY_ROLES)
def export_school_heatmap(fmt: str) -> Response:
    """Every school matching the page's filters, in its order, as the heatmap shows them."""
    form, chosen, valid = read_filters(SchoolHeatmapForm)
    if chosen is None or not valid:
        abort(400)
    rows = heatmaps.school_heatmap_rows(
        db.session, chosen.framework, chosen.cycle.id, form.filters(), **form.listing()
    )
    columns = heatmap_rows.school_columns(chosen.framework)
    counting = form.filters().counting
    return send_export(
        "schools heatmap", chosen, counting, fmt, columns, heatmap_rows.school_rows(rows)
    )


@bp.route("/heatmap/areas.<any(csv, xlsx):fmt>")
@role_required(*CITY_ROLES)
def export_area_heatmap(fmt: str) -> Response:
    """The areas heatmap's figures with the small-number rule, as the page shows them."""
    form, chosen, valid = read_filters(AreaHeatmapForm)
    if chosen is None or not valid:
        abort(400)
    result = area_heatmap_result(form, chosen)
    columns = heatmap_rows.area_columns(result, chosen.framework)
    counting = form.filters().counting
    rows = heatmap_rows.area_rows(result, counting)
    return send_export("areas heatmap", chosen, counting, fmt, columns, rows)


def send_export(
    what: str,
    chosen: Chosen,
    counting: Counting,
    fmt: str,
    columns: Sequence[Column],
    rows: Iterable[Any],
) -> Response:
    """Audit the download and stream it, named with what it is, the cycle, which assessments
    it counts and the date."""
    export_format = ExportFormat(fmt)
    filename = download_name(
        "hrsa", what, chosen.cycle.name, counting.short, on=date.today(), ext=export_format.value
    )
    chunks = export_chunks(export_format, columns, rows, sheet_title=what.capitalize())
    return audited_download(chunks, filename, export_format, entity="heatmap")


@bp.route("/schools/<int:school_id>/history")
@login_required
def school_history(school_id: int) -> str:
    """A school's own rating of each standard in every cycle (its users and city roles)."""
    school = school_or_404(school_id)
    history = trends_service.school_history(db.session, school.id)
    version = framework_versions.latest_version(db.session)
    if version is None:  # no framework imported yet, so no standards to show (was a 500)
        abort(404)
    return render_template(
        "dashboard/school_history.html",
        title=f"{school.name}: ratings in each cycle",
        school=school,
        profile_href=url_for("schools.show_profile", school_id=school.id),
        key=heatmap_data.legend(),
        **heatmap_data.history_context(history, framework_versions.framework_of(version)),
    )


@bp.route("/colours.css")
def colours() -> Response:
    """Fill and text colours of each RAG value (from the vocabulary) and of the areas heatmap's
    grades (no inline styles allowed)."""
    looks = [(rag.value, rag.look) for rag in Rag] + [("unrated", UNRATED)]
    css = (
        "".join(
            f".hrsa-fill--{name}{{background-color:#{look.fill};color:#{look.text_colour}}}"
            f".hrsa-fill--{name} a{{color:#{look.text_colour}}}"
            f".hrsa-key--{name}{{background-color:#{look.fill}}}\n"
            for name, look in looks
        )
        + share_css()
    )
    response = Response(css, mimetype="text/css")
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response
