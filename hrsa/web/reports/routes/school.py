"""Views: one school's report as a PDF download."""

from __future__ import annotations

from flask import Response, current_app
from flask_login import login_required

from hrsa.extensions import db
from hrsa.models.base import utcnow
from hrsa.pdf import render_school_report
from hrsa.services.reports import school_report as reports
from hrsa.web.lookups import assessment_or_404
from hrsa.web.reports import bp
from hrsa.web.responses import audited_download


@bp.route("/assessments/<int:assessment_id>/report.pdf")
@login_required
def school_report(assessment_id: int) -> Response:
    """The school's report, for its own people and city roles (404 for anyone else)."""
    assessment = assessment_or_404(assessment_id)
    data = reports.school_report(
        db.session,
        assessment,
        now=utcnow(),
        min_schools=current_app.config["HRSA_MIN_CELL_SCHOOLS"],
        min_responses=current_app.config["HRSA_SURVEY_MIN_RESPONSES"],
    )
    pdf = render_school_report(data)
    return audited_download(
        pdf,
        reports.report_filename(data),
        "application/pdf",
        entity="report",
        entity_id=assessment.id,
    )
