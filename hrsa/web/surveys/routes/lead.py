"""The school lead's survey pages: open a survey from the task list, share its link and QR code,
watch the number of responses and close it early. The school's other people and the city's
roles may look; only the school's lead changes anything."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from hrsa.core.errors import NotFound
from hrsa.core.formatting import uk_today
from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.surveys import SurveyAudience
from hrsa.extensions import db
from hrsa.models import Assessment, Survey
from hrsa.services import access
from hrsa.services.assessment import starting
from hrsa.services.evidence import items, uploads
from hrsa.services.surveys import evidence as survey_evidence
from hrsa.services.surveys import running
from hrsa.storage.configured import storage_from_config
from hrsa.web.errors import refusal_flashed
from hrsa.web.lookups import assessment_or_404
from hrsa.web.security import form_checks_csrf
from hrsa.web.surveys import bp
from hrsa.web.surveys.forms import CloseSurveyForm, OpenSurveyForm
from hrsa.web.surveys.presenters import (
    min_responses,
    public_url,
    qr_code,
    results_beside_ratings,
    survey_rows,
)


def _is_lead_of(assessment: Assessment) -> bool:
    return current_user.has_role(Role.SCHOOL_LEAD) and current_user.school_id == (
        assessment.school_id
    )


def _survey_or_404(assessment: Assessment, survey_id: int) -> Survey:
    try:
        survey = running.school_survey(db.session, assessment.school_id, survey_id)
    except NotFound:
        abort(404)
    if survey.cycle_id != assessment.cycle_id:
        abort(404)
    return survey


@bp.route("/assessments/<int:assessment_id>/surveys", methods=["GET", "POST"])
@login_required
@form_checks_csrf
def list_surveys(assessment_id: int) -> str | Response:
    """The school's surveys this cycle, and (for its lead) the form to open another."""
    assessment = assessment_or_404(assessment_id)
    form = OpenSurveyForm()
    can_open = _is_lead_of(assessment) and not assessment.cycle.is_closed
    if form.is_submitted() and not can_open:
        abort(403)
    if form.validate_on_submit() and form.opens.data and form.closes.data:
        with form.refusals(default="audience"):
            survey = running.open_survey(
                db.session,
                school_id=assessment.school_id,
                cycle=assessment.cycle,
                audience=form.audience.data or "",
                opens_on=form.opens.data,
                closes_on=form.closes.data,
                today=uk_today(),
                cap=int(current_app.config["HRSA_SURVEY_CAP"]),
                user_id=current_user.id,
            )
            db.session.commit()
            flash(f"Survey of {SurveyAudience(survey.audience).label.lower()} opened.", "success")
            return redirect(
                url_for("surveys.show_survey", assessment_id=assessment.id, survey_id=survey.id)
            )
    summaries = running.school_surveys(
        db.session, assessment.school_id, assessment.cycle_id, uk_today()
    )
    return render_template(
        "surveys/list.html",
        title="Surveys",
        assessment=assessment,
        rows=survey_rows(summaries, assessment),
        form=form,
        can_open=can_open,
        min_responses=min_responses(),
    )


@bp.route("/assessments/<int:assessment_id>/surveys/<int:survey_id>")
@login_required
def show_survey(assessment_id: int, survey_id: int) -> str:
    """One survey: its link and QR code to print or project, and its responses so far."""
    assessment = assessment_or_404(assessment_id)
    survey = _survey_or_404(assessment, survey_id)
    responses = running.response_count(db.session, survey.id)
    url = public_url(survey)
    return render_template(
        "surveys/show.html",
        title=f"Survey of {SurveyAudience(survey.audience).label.lower()}",
        assessment=assessment,
        survey=survey,
        responses=responses,
        open_now=running.takes_answers(survey, uk_today(), responses),
        url=url,
        qr=qr_code(url),
        can_close=_is_lead_of(assessment) and not survey.closed_early,
        close_form=CloseSurveyForm(),
        min_responses=min_responses(),
    )


@bp.route("/assessments/<int:assessment_id>/surveys/<int:survey_id>/close", methods=["POST"])
@login_required
def close_survey(assessment_id: int, survey_id: int) -> Response:
    """Close the survey now: it takes no more answers; those it has are kept."""
    assessment = assessment_or_404(assessment_id)
    survey = _survey_or_404(assessment, survey_id)
    if not _is_lead_of(assessment):
        abort(403)
    running.close_early(db.session, survey)
    db.session.commit()
    flash("The survey is closed. It takes no more answers.", "success")
    return redirect(
        url_for("surveys.show_survey", assessment_id=assessment.id, survey_id=survey.id)
    )


@bp.route(
    "/assessments/<int:assessment_id>/standards/<code>/survey-evidence", methods=["GET", "POST"]
)
@login_required
def attach_results(assessment_id: int, code: str) -> str | Response:
    """Attach what the surveys found about a standard to it as evidence (a CSV of the figures)."""
    assessment = assessment_or_404(assessment_id)
    framework = starting.framework_for(assessment)
    if not framework.has_standard(code):
        abort(404)
    if not access.can_edit(current_user, assessment):
        abort(403)
    number = framework.standard(code).principle_number
    back = url_for(
        "assessment.principle",
        assessment_id=assessment.id,
        number=number,
        _anchor=f"standard-{code}",
    )
    if request.method == "POST":
        with refusal_flashed(back):
            item = survey_evidence.attach(
                db.session,
                storage_from_config(current_app.config),
                assessment,
                code,
                user_id=current_user.id,
                limits=uploads.limits_from(current_app.config),
                min_responses=min_responses(),
                today=uk_today(),
            )
            db.session.commit()
            flash(f"Survey results added to standard {code} as {item.title}.", "success")
        return redirect(back)
    ratings = {code: items.rating_for_standard(db.session, assessment.id, code).rag}
    return render_template(
        "surveys/attach.html",
        title=f"Add survey results to standard {code} as evidence",
        assessment=assessment,
        code=code,
        back=back,
        found=results_beside_ratings(db.session, assessment, ratings).get(code),
    )
