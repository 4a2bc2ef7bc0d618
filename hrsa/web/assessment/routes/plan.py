"""Views for the delivery plan: actions against the standards a school rated as gaps."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from markupsafe import Markup
from werkzeug.wrappers import Response

from hrsa.core.errors import BadInput, Conflict, ServiceError
from hrsa.core.vocabulary.assessment import ActionStatus
from hrsa.core.vocabulary.ratings import rag_words
from hrsa.extensions import db
from hrsa.models import Assessment, PlanAction
from hrsa.services import access
from hrsa.services.assessment import journey, starting
from hrsa.services.assessment import plan as plan_service
from hrsa.services.cycles import lookup
from hrsa.web.assessment import bp
from hrsa.web.assessment.forms.actions import ActionForm
from hrsa.web.assessment.presenters.plan import CONFLICT_MESSAGE, OVERDUE_TAG, plan_url, status_tag
from hrsa.web.assessment.presenters.tasks import rag_tag
from hrsa.web.errors import refusal_flashed, refused
from hrsa.web.forms import ascii_number
from hrsa.web.lookups import action_or_404, assessment_or_404, editable_assessment
from hrsa.web.navigation import return_path
from hrsa.web.security import form_checks_csrf


def _action_or_404(assessment: Assessment, action_id: int) -> PlanAction:
    action = action_or_404(action_id)
    if action.rating.assessment_id != assessment.id:
        abort(404)
    return action


def _reject_tampered_status() -> None:
    """A status no radio button offers means the form was tampered with: 400, nothing saved."""
    status = request.form.get("status")
    if request.method == "POST" and status and status not in ActionStatus.values():
        abort(400)


def _saved(message: str, code: str) -> None:
    """The success banner at the top of the plan (focused, so in view), linking to the standard.

    The plan opens at its top rather than at the standard's anchor: jumping to the anchor left
    the banner out of sight."""
    flash(
        Markup(
            '{} <a class="govuk-notification-banner__link" href="#standard-{}">'
            "Go to standard {}</a>"
        ).format(message, code, code),
        "success",
    )


def _plan_view(assessment: Assessment, can_edit: bool) -> list[dict[str, Any]]:
    """The plan as the page shows it: tags, labels, links and overdue flags ready."""
    groups = []
    for principle in plan_service.plan_for(db.session, assessment, date.today()):
        standards = []
        for standard in principle.standards:
            actions = [
                {
                    "what": action.what,
                    "who": action.who,
                    "due_on": action.due_on,
                    "status_tag": status_tag(action.status),
                    "overdue_tag": OVERDUE_TAG if action.overdue else None,
                    "carried_forward": action.carried_forward,
                    "edit_href": url_for(
                        "assessment.edit_action", assessment_id=assessment.id, action_id=action.id
                    )
                    if can_edit
                    else None,
                    "delete_href": url_for(
                        "assessment.delete_action", assessment_id=assessment.id, action_id=action.id
                    )
                    if can_edit
                    else None,
                }
                for action in standard.actions
            ]
            standards.append(
                {
                    "code": standard.code,
                    "text": standard.text,
                    "rag_tag": rag_tag(standard.rag),
                    "actions": actions,
                    "overdue": sum(1 for action in standard.actions if action.overdue),
                    "add_href": url_for(
                        "assessment.add_action", assessment_id=assessment.id, standard=standard.code
                    )
                    if can_edit and standard.accepts_actions
                    else None,
                }
            )
        groups.append(
            {
                "heading": f"{principle.number}. {principle.title}",
                "standards": standards,
                "change_href": url_for(
                    "assessment.change_actions",
                    assessment_id=assessment.id,
                    principle=principle.number,
                )
                if can_edit and any(s["actions"] for s in standards)
                else None,
                "number": principle.number,
            }
        )
    return groups


@bp.route("/plan")
@login_required
def plan_redirect() -> Response:
    """A school's way to its plan: the one for its current-cycle assessment."""
    if not current_user.is_school_user:
        return redirect(url_for("schools.list_schools"))
    cycle = lookup.current_cycle(db.session)
    existing = starting.find(db.session, current_user.school_id, cycle.id) if cycle else None
    if existing is None:
        flash(
            f"Your delivery plan is made from the standards you rate {rag_words(gaps=True)}: "
            "start your self-assessment first."
        )
        return redirect(url_for("assessment.overview"))
    return redirect(url_for("assessment.plan", assessment_id=existing.id))


def _check_href(assessment: Assessment, can_edit: bool) -> str | None:
    """'Check and submit' straight from the plan, when the journey allows it (journey rules)."""
    if not can_edit or assessment.is_submitted:
        return None
    steps = journey.journey(db.session, assessment, assessment.school)
    if not journey.check_from_plan(steps, submits=access.can_submit(current_user, assessment)):
        return None
    return url_for("assessment.submit", assessment_id=assessment.id)


@bp.route("/assessments/<int:assessment_id>/plan")
@login_required
def plan(assessment_id: int) -> str:
    assessment = assessment_or_404(assessment_id)
    can_edit = access.can_edit_plan(current_user, assessment)
    groups = _plan_view(assessment, can_edit)
    overdue = sum(s["overdue"] for g in groups for s in g["standards"])
    missing = plan_service.standards_without_action(db.session, assessment)
    has_actions = any(s["actions"] for g in groups for s in g["standards"])
    return render_template(
        "assessment/plan.html",
        title=f"{assessment.school.name}: {assessment.cycle.name} delivery plan",
        assessment=assessment,
        groups=groups,
        can_edit=can_edit,
        overdue=overdue,
        overdue_text=f"{overdue} {'action is' if overdue == 1 else 'actions are'} overdue",
        missing=[
            {"code": s.code, "rag_tag": rag_tag(s.rag), "href": f"#standard-{s.code}"}
            for s in missing
        ],
        missing_text=(
            f"{len(missing)} {'standard' if len(missing) == 1 else 'standards'} rated "
            f"{rag_words(gaps=True)} {'has' if len(missing) == 1 else 'have'} no action yet:"
        ),
        add_all_href=url_for("assessment.add_actions", assessment_id=assessment.id)
        if can_edit and missing
        else None,
        change_href=url_for("assessment.change_actions", assessment_id=assessment.id)
        if can_edit and has_actions
        else None,
        check_href=_check_href(assessment, can_edit),
    )


def _standard_context(assessment: Assessment, code: str) -> dict[str, Any]:
    framework = starting.framework_for(assessment)
    return {"code": code, "text": framework.standard(code).text}


@bp.route("/assessments/<int:assessment_id>/plan/actions/new", methods=["GET", "POST"])
@form_checks_csrf
@login_required
def add_action(assessment_id: int) -> str | Response:
    assessment = editable_assessment(assessment_id)
    code = request.args.get("standard", "")
    try:
        rating = plan_service.rating_for_action(db.session, assessment, code)
    except BadInput:  # the standard is in the address: one the framework lacks is no page
        abort(404)
    except ServiceError as error:
        flash(f"{error}: standard {code} is not.")
        return redirect(plan_url(assessment))
    _reject_tampered_status()
    form = ActionForm(new=True)
    if form.validate_on_submit():
        with refusal_flashed(plan_url(assessment)):
            plan_service.add_action(
                db.session, assessment, code, user_id=current_user.id, **form.values()
            )
        db.session.commit()
        _saved(f"Action added to standard {code}.", code)
        return redirect(plan_url(assessment))
    return render_template(
        "assessment/action_form.html",
        title=f"Add an action for standard {code}",
        assessment=assessment,
        standard=_standard_context(assessment, code),
        rag_tag=rag_tag(rating.rag),
        form=form,
        back_href=plan_url(assessment, code),
        conflict=None,
    )


@bp.route("/assessments/<int:assessment_id>/plan/actions/<int:action_id>", methods=["GET", "POST"])
@form_checks_csrf
@login_required
def edit_action(assessment_id: int, action_id: int) -> str | Response | tuple[str, int]:
    assessment = editable_assessment(assessment_id)
    action = _action_or_404(assessment, action_id)
    code = action.rating.standard_code
    _reject_tampered_status()
    form = ActionForm(obj=action)
    conflict = None
    back = return_path()
    if form.validate_on_submit():
        expected = form.expected_version
        if expected is None:
            abort(400)
        with refused() as refusal:
            plan_service.update_action(
                db.session,
                action,
                values=form.values(),
                expected_version=expected,
                user_id=current_user.id,
            )
            db.session.commit()
            if back:  # from a Change link on "Check your answers": back there
                flash(f"Action for standard {code} saved.", "success")
                return redirect(back)
            _saved(f"Action for standard {code} saved.", code)
            return redirect(plan_url(assessment))
        if isinstance(refusal.error, Conflict):
            conflict = {
                "what": action.what,
                "who": action.who,
                "due_on": action.due_on,
                "status_tag": status_tag(action.status),
                "updated_at": action.updated_at,
            }
            # Saving again means "keep mine": the form now names the newer version.
            form.version.data = str(action.version)
        elif refusal:
            flash(str(refusal))
    page = render_template(
        "assessment/action_form.html",
        title=f"Change an action for standard {code}",
        assessment=assessment,
        standard=_standard_context(assessment, code),
        rag_tag=rag_tag(action.rating.rag),
        form=form,
        back_href=back or plan_url(assessment, code),
        back_text="Back" if back else None,
        conflict=conflict,
        conflict_message=CONFLICT_MESSAGE,
    )
    return (page, 409) if conflict else page


@bp.route(
    "/assessments/<int:assessment_id>/plan/actions/<int:action_id>/delete",
    methods=["GET", "POST"],
)
@login_required
def delete_action(assessment_id: int, action_id: int) -> str | Response:
    assessment = editable_assessment(assessment_id)
    action = _action_or_404(assessment, action_id)
    code = action.rating.standard_code
    if request.method == "POST":
        version = ascii_number(request.form.get("version", ""))
        if version is None:
            abort(400)
        try:
            plan_service.delete_action(
                db.session, action, user_id=current_user.id, expected_version=version
            )
        except Conflict:  # this page's own message, and back to the question it asked
            db.session.rollback()
            flash(
                "Someone else changed this action since you chose to delete it, so it has not "
                "been deleted. Check it below and try again."
            )
            return redirect(request.path)
        db.session.commit()
        _saved(f"Action for standard {code} deleted.", code)
        return redirect(plan_url(assessment))
    return render_template(
        "assessment/action_delete.html",
        title=f"Delete an action for standard {code}",
        assessment=assessment,
        action=action,
        status_tag=status_tag(action.status),
        back_href=plan_url(assessment, code),
    )
