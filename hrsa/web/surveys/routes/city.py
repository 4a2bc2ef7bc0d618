"""The city's survey figures: agreement by ward and standard, the gap between the schools' own
ratings and their surveys, and the same figures to download (aggregates only, never a single
response)."""

from __future__ import annotations

from datetime import date

from flask import abort, render_template
from werkzeug.wrappers import Response

from hrsa.core.formatting import download_name
from hrsa.exports.formats import ExportFormat
from hrsa.exports.formats import chunks as export_chunks
from hrsa.extensions import db
from hrsa.models import Cycle
from hrsa.services.cycles import framework_versions, lookup
from hrsa.services.surveys import city
from hrsa.web.responses import audited_download
from hrsa.web.security import CITY_ROLES, role_required
from hrsa.web.surveys import bp
from hrsa.web.surveys.presenters import min_responses
from hrsa.web.surveys.tables import city_page, export_columns, export_rows


def _cycle_and_codes() -> tuple[Cycle, list[str]]:
    cycle = lookup.current_cycle(db.session)
    if cycle is None:
        abort(404)
    framework = framework_versions.framework_of(cycle.framework_version)
    return cycle, list(framework.standard_codes)


@bp.route("/surveys/city")
@role_required(*CITY_ROLES)
def city_results() -> str:
    """Ward by standard, and the gap between self-rating and survey per standard."""
    cycle, codes = _cycle_and_codes()
    threshold = min_responses()
    wards = city.ward_table(db.session, cycle.id, codes, min_responses=threshold)
    authorities = city.authority_table(db.session, cycle.id, codes, min_responses=threshold)
    gaps = city.gap_table(db.session, cycle.id, codes, min_responses=threshold)
    return render_template(
        "surveys/city.html",
        title="Survey results across the city",
        cycle=cycle,
        **city_page(codes, wards, gaps, threshold, authorities),
    )


@bp.route("/surveys/city/export.<fmt>")
@role_required(*CITY_ROLES)
def export_city(fmt: str) -> Response:
    """The ward-by-standard figures and the gaps as CSV or XLSX (suppressed cells left empty)."""
    if fmt not in {f.value for f in ExportFormat}:
        abort(404)
    export_format = ExportFormat(fmt)
    cycle, codes = _cycle_and_codes()
    threshold = min_responses()
    wards = city.ward_table(db.session, cycle.id, codes, min_responses=threshold)
    gaps = city.gap_table(db.session, cycle.id, codes, min_responses=threshold)
    filename = download_name(
        "hrsa", "survey results", cycle.name, on=date.today(), ext=export_format.value
    )
    content = export_chunks(
        export_format,
        export_columns(),
        export_rows(codes, wards, gaps),
        sheet_title="Survey results",
    )
    return audited_download(content, filename, export_format, entity="survey_results")
