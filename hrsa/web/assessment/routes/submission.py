"""Views for submitting an assessment (the school's lead) and reopening it (advisory group)."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from hrsa.core.errors import Conflict
from hrsa.core.framework import Framework
from hrsa.extensions import db
from hrsa.models import Assessment, OutboxMessage
from hrsa.services import access
from hrsa.services.assessment import emails, starting, submission
from hrsa.web.assessment import bp
from hrsa.web.assessment.forms.actions import ReopenForm
from hrsa.web.assessment.presenters.answers import check_page_data
from hrsa.web.errors import refused
from hrsa.web.lookups import assessment_or_404
from hrsa.web.security import email_link, form_checks_csrf


def _task_list(assessment: Assessment) -> Response:
    return redirect(url_for("assessment.task_list", assessment_id=assessment.id))


def _mailing(assessment: Assessment) -> emails.Mailing:
    """An email about this assessment links to its task list, at HRSA_BASE_URL."""
    link = email_link("assessment.task_list", assessment_id=assessment.id)
    return emails.Mailing(link=link, config=current_app.config)


def _changed_meanwhile(assessment: Assessment, conflict: Conflict) -> Response:
    """Someone else saved the assessment first (nothing of ours was kept): say so, back to the
    task list."""
    flash(str(conflict))
    return _task_list(assessment)


def _own_school_or_403(assessment: Assessment) -> None:
    """Only the school's own people check and submit its assessment."""
    if not (current_user.is_school_user and current_user.school_id == assessment.school_id):
        abort(403)


@bp.route("/assessments/<int:assessment_id>/submit", methods=["GET", "POST"])
@login_required
def submit(assessment_id: int) -> str | Response:
    """Check your answers, then (the school's lead only) submit."""
    assessment = assessment_or_404(assessment_id)
    _own_school_or_403(assessment)
    if assessment.is_submitted:
        flash("This assessment has already been submitted.")
        return _task_list(assessment)
    if request.method == "GET":
        return render_template(
            "assessment/submit.html", **check_page_data(db.session, current_user, assessment)
        )
    if not access.can_submit_from_pages(current_user, assessment):
        abort(403)
    with refused() as refusal:
        submission.submit(db.session, assessment, user=current_user)
        emails.tell_advisory_group(
            db.session, assessment, by=current_user, mailing=_mailing(assessment)
        )
        db.session.commit()
        return redirect(url_for("assessment.submitted", assessment_id=assessment.id))
    if isinstance(refusal.error, Conflict):
        return _changed_meanwhile(assessment, refusal.error)
    return render_template(
        "assessment/submit.html",
        error=str(refusal),
        **check_page_data(db.session, current_user, assessment),
    )


@bp.route("/assessments/<int:assessment_id>/submitted")
@login_required
def submitted(assessment_id: int) -> str | Response:
    """The confirmation after submitting: what happens next, and the report."""
    assessment = assessment_or_404(assessment_id)
    _own_school_or_403(assessment)
    if not assessment.is_submitted:
        return _task_list(assessment)
    return render_template(
        "assessment/submitted.html", title="Assessment submitted", assessment=assessment
    )


@bp.route("/assessments/<int:assessment_id>/reopen", methods=["GET", "POST"])
@form_checks_csrf
@login_required
def reopen(assessment_id: int) -> str | Response:
    """Reopen a submitted assessment with a reason, naming the standards to change if any."""
    assessment = assessment_or_404(assessment_id)
    if not access.can_reopen(current_user):
        abort(403)
    if not assessment.is_submitted:
        flash("This assessment is not submitted, so it is already open for changes.")
        return _task_list(assessment)
    if access.in_earlier_cycle(assessment):
        flash(
            f"A later cycle has started, so the {assessment.cycle.name} assessment can no longer "
            "be reopened."
        )
        return _task_list(assessment)
    framework = starting.framework_for(assessment)
    form = ReopenForm()
    form.standards.choices = [(code, code) for code in framework.standard_codes]
    if form.validate_on_submit():
        with refused() as refusal:
            emailed = submission.reopen(
                db.session,
                assessment,
                user=current_user,
                reason=form.reason.data or "",
                mailing=_mailing(assessment),
                standard_codes=form.standards.data or [],
            )
            db.session.commit()
            flash(
                f"{assessment.school.name}'s assessment has been reopened. {_told(emailed)}",
                "success",
            )
            return _task_list(assessment)
        if isinstance(refusal.error, Conflict):
            return _changed_meanwhile(assessment, refusal.error)
        if refusal.error is not None:
            form.show_error(refusal.error, default="reason")
    return render_template(
        "assessment/reopen.html",
        title=f"Reopen {assessment.school.name}'s assessment",
        assessment=assessment,
        form=form,
        max_reason=submission.MAX_REASON,
        standard_groups=_standard_groups(framework, set(form.standards.data or ())),
    )


def _told(emailed: list[OutboxMessage]) -> str:
    """Who the reopening's email went to, for the confirmation banner."""
    if emailed:
        return "The school's lead and staff have been emailed your reason."
    return (
        "The school has no active lead or staff account to email, so it will see your reason "
        "on its task list when someone signs in."
    )


def _standard_groups(framework: Framework, chosen: set[str]) -> list[dict[str, Any]]:
    """The standards as one group of checkboxes per principle (govukCheckboxes parameters)."""
    return [
        {
            "legend": f"Principle {principle.number}: {principle.title}",
            # The first group's first box has the field's id, so the error summary links to it.
            # The macro numbers later boxes prefix-2, prefix-3...: other groups' prefixes must not
            # look like those ids, or a label ticks another principle's box.
            "id_prefix": "standards" if index == 0 else f"standards-principle-{principle.number}",
            "items": [
                {
                    "value": standard.code,
                    "text": f"Standard {standard.code}",
                    "hint": {"text": standard.text},
                    "checked": standard.code in chosen,
                }
                for standard in principle.standards
            ],
        }
        for index, principle in enumerate(framework.principles)
    ]
