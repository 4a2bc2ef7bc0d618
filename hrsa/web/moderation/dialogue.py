"""Views of the dialogue after moderation: a school replies to a challenge or asks for its
assessment to be reopened; the advisory group declines a reopening request."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from hrsa.core.vocabulary.ratings import rag_look
from hrsa.extensions import db
from hrsa.models import Assessment
from hrsa.services.moderation import decisions, dialogue
from hrsa.services.moderation.dialogue import MAX_TEXT, Mail
from hrsa.web.errors import refusal_flashed
from hrsa.web.lookups import assessment_or_404
from hrsa.web.moderation import bp
from hrsa.web.moderation.forms import AskReopenForm, DeclineForm, ReplyForm
from hrsa.web.security import email_link, form_checks_csrf


def _mail(assessment: Assessment) -> Mail:
    """The advisory group's email links to the school's moderation page."""
    link = email_link("moderation.school_sheet", assessment_id=assessment.id)
    return Mail(link=link, config=current_app.config)


def _task_list(assessment: Assessment) -> str:
    return url_for("assessment.task_list", assessment_id=assessment.id)


@bp.route("/assessments/<int:assessment_id>/standards/<code>/reply", methods=["GET", "POST"])
@form_checks_csrf
@login_required
def reply(assessment_id: int, code: str) -> str | Response | tuple[str, int]:
    """The school accepts or answers the challenge of one standard."""
    assessment = assessment_or_404(assessment_id)
    rating, _ = dialogue.challenge_of(db.session, assessment, code)
    back = url_for(
        "assessment.principle",
        assessment_id=assessment.id,
        number=rating.principle_number,
        _anchor=f"moderation-{code}",
    )
    form = ReplyForm()
    if form.validate_on_submit():
        with refusal_flashed(back):
            saved = dialogue.reply(
                db.session, current_user, assessment, code, form.values(), _mail(assessment)
            )
        if not isinstance(saved, dict):
            db.session.commit()
            flash(f"Your reply on standard {code} has been sent to the advisory group.", "success")
            return redirect(back)
        db.session.rollback()
        form.show_errors(saved)
    status = 400 if form.errors or any(f.errors for f in form) else 200
    return (
        render_template(
            "moderation/reply.html",
            title=f"Reply to the challenge of standard {code}",
            assessment=assessment,
            rating=rating,
            rating_look=rag_look(rating.rag),
            feedback=decisions.feedback(db.session, assessment.id).get(code),
            code=code,
            form=form,
            back=back,
            max_text=MAX_TEXT,
        ),
        status,
    )


@bp.route("/assessments/<int:assessment_id>/ask-to-reopen", methods=["GET", "POST"])
@form_checks_csrf
@login_required
def ask_to_reopen(assessment_id: int) -> str | Response | tuple[str, int]:
    """The school lead asks the advisory group to reopen the submitted assessment."""
    assessment = assessment_or_404(assessment_id)
    back = _task_list(assessment)
    form = AskReopenForm()
    if form.validate_on_submit():
        with refusal_flashed(back):
            made = dialogue.ask_to_reopen(
                db.session, current_user, assessment, form.reason.data or "", _mail(assessment)
            )
        if not isinstance(made, str):
            db.session.commit()
            flash(
                "Your request has been sent to the advisory group. You will get an email when "
                "they answer.",
                "success",
            )
            return redirect(back)
        db.session.rollback()
        form.reason.errors = [made]
    return (
        render_template(
            "moderation/ask_to_reopen.html",
            title="Ask for your assessment to be reopened",
            assessment=assessment,
            form=form,
            back=back,
            max_text=MAX_TEXT,
            last=dialogue.last_request(db.session, assessment.id),
        ),
        400 if form.reason.errors else 200,
    )


@bp.route("/moderation/reopen-requests/<int:request_id>/decline", methods=["GET", "POST"])
@form_checks_csrf
@login_required
def decline(request_id: int) -> str | Response | tuple[str, int]:
    """The advisory group declines a school's request to reopen, saying why."""
    found = dialogue.request_for(db.session, current_user, request_id)
    assessment = assessment_or_404(found.assessment_id)
    back = url_for("moderation.school_sheet", assessment_id=assessment.id)
    form = DeclineForm()
    if form.validate_on_submit():
        with refusal_flashed(back):
            problem = dialogue.decline(
                db.session, current_user, found, form.answer.data or "", config=current_app.config
            )
        if problem is None:
            db.session.commit()
            flash(
                f"You declined {assessment.school.name}'s request. The school has been emailed "
                "your answer.",
                "success",
            )
            return redirect(back)
        db.session.rollback()
        form.answer.errors = [problem]
    return (
        render_template(
            "moderation/decline.html",
            title=f"Decline {assessment.school.name}'s request to reopen",
            assessment=assessment,
            request_row=found,
            form=form,
            back=back,
            max_text=MAX_TEXT,
        ),
        400 if form.answer.errors else 200,
    )
