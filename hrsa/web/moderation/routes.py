"""View: record or change the moderation of one standard of a submitted assessment."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from hrsa.core.vocabulary.ratings import Rag, rag_look
from hrsa.extensions import db
from hrsa.services.assessment import starting
from hrsa.services.evidence import items as evidence
from hrsa.services.moderation import decisions
from hrsa.services.moderation.decisions import Target
from hrsa.web.errors import refusal_flashed
from hrsa.web.moderation import bp
from hrsa.web.moderation.forms import ModerationForm
from hrsa.web.security import form_checks_csrf
from hrsa.web.surveys.presenters import results_beside_ratings

CHANGED_MEANWHILE = (
    "Someone else moderated this standard while you were working. Nothing was saved: their "
    "outcome is shown below and what you typed is still in the form."
)
NOT_SAVED = "nothing was saved. Copy anything you need from this page."


def _target_or_404(assessment_id: int, code: str) -> Target:
    """The standard to moderate (its NotFound is the 404 page)."""
    return decisions.target(db.session, current_user, assessment_id, code)


def _principle_page(found: Target) -> str:
    return url_for(
        "assessment.principle",
        assessment_id=found.assessment.id,
        number=found.rating.principle_number,
        _anchor=f"standard-{found.rating.standard_code}",
    )


@bp.route("/assessments/<int:assessment_id>/standards/<code>/moderate", methods=["GET", "POST"])
@form_checks_csrf
@login_required
def moderate(assessment_id: int, code: str) -> str | Response | tuple[str, int]:
    found = _target_or_404(assessment_id, code)
    if not decisions.can_moderate(current_user):
        abort(403)
    refusal = _refusal(found)
    form = ModerationForm()
    if refusal and form.is_submitted():
        # Closed or reopened while they typed: their words come back with the reason.
        form.version.errors = [f"{refusal.rstrip('.')}: {NOT_SAVED}"]
        return _page(found, form), 409
    if refusal:
        flash(refusal)
        return redirect(_principle_page(found))
    if form.validate_on_submit():
        with refusal_flashed(_principle_page(found)):
            result = decisions.record(db.session, found, current_user, form.values())
        if result.ok:
            db.session.commit()
            flash(f"Moderation of standard {code} recorded. The school can see it.", "success")
            return redirect(_principle_page(found))
        db.session.rollback()
        form.show_errors(result.errors)
        if not result.errors:  # someone else moderated meanwhile: show theirs, keep the typing
            found = _target_or_404(assessment_id, code)
            form.version.data = str(found.moderation.version if found.moderation else 0)
            form.version.errors = [CHANGED_MEANWHILE]
    elif not form.is_submitted():
        _fill(form, found)
    return _page(found, form)


def _refusal(found: Target) -> str | None:
    """Why the standard cannot be moderated now (None when it can)."""
    if not found.assessment.is_submitted:
        return decisions.NOT_SUBMITTED
    return decisions.closed_cycle_problem(found.assessment)


def _fill(form: ModerationForm, found: Target) -> None:
    current = found.moderation
    form.version.data = str(current.version if current else 0)
    if current is not None:
        form.outcome.data = current.outcome
        form.moderated_rag.data = current.moderated_rag if current.outcome == "challenge" else None
        form.comment.data = current.comment


def _page(found: Target, form: ModerationForm) -> str:
    standard = starting.framework_for(found.assessment).standard(found.rating.standard_code)
    items = evidence.live_items_for_ratings(db.session, [found.rating.id])[found.rating.id]
    return render_template(
        "moderation/moderate.html",
        title=f"Moderate standard {standard.code}",
        assessment=found.assessment,
        rating=found.rating,
        standard=standard,
        evidence_items=items,
        rating_look=rag_look(found.rating.rag),
        rag_items=[
            {"value": rag.value, "text": rag.label, "checked": form.moderated_rag.data == rag.value}
            for rag in Rag
        ],
        current=decisions.feedback(db.session, found.assessment.id).get(standard.code),
        form=form,
        principle_url=_principle_page(found),
        max_comment=decisions.MAX_COMMENT,
        survey_results=results_beside_ratings(
            db.session, found.assessment, {standard.code: found.rating.rag}
        ),
    )
