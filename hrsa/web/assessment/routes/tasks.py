"""Views for the school's assessment: start, task list, a principle's page, history."""

from __future__ import annotations

import logging
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response

from hrsa.core.errors import BadInput
from hrsa.core.framework import Principle
from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.models import Assessment
from hrsa.services import access, audit
from hrsa.services.assessment import saving, starting
from hrsa.services.cycles import lookup
from hrsa.services.evidence import items
from hrsa.storage.base import Storage, StorageError
from hrsa.storage.configured import storage_from_config
from hrsa.web.assessment import bp
from hrsa.web.assessment.forms import principle as principle_form
from hrsa.web.assessment.presenters.tasks import principle_page_data, task_list_data
from hrsa.web.errors import refusal_flashed
from hrsa.web.lookups import assessment_or_404
from hrsa.web.navigation import RETURN_TO, return_path
from hrsa.web.security import csrf_token_valid, form_checks_csrf, role_required

log = logging.getLogger(__name__)


@bp.route("/assessment")
@login_required
def overview() -> str | Response:
    """A school's way in: its assessment for the current cycle, or the offer to start one."""
    if not current_user.is_school_user:
        return redirect(url_for("schools.list_schools"))
    cycle = lookup.current_cycle(db.session)
    existing = starting.find(db.session, current_user.school_id, cycle.id) if cycle else None
    if existing is not None:
        return redirect(url_for("assessment.task_list", assessment_id=existing.id))
    if cycle is None or cycle.is_closed:
        return render_template("assessment/no_cycle.html", title="Your assessment")
    previous = starting.previous_assessment(db.session, current_user.school_id, cycle)
    return render_template(
        "assessment/start.html",
        title=f"Start your {cycle.name} assessment",
        cycle=cycle,
        previous=previous,
    )


@bp.route("/assessment/start", methods=["POST"])
@role_required(Role.SCHOOL_LEAD, Role.SCHOOL_STAFF)
def start() -> Response:
    cycle = lookup.current_cycle(db.session)
    if cycle is None:
        abort(404)
    existing = starting.find(db.session, current_user.school_id, cycle.id)
    if existing is None and cycle.is_closed:
        return redirect(url_for("assessment.overview"))
    if existing is None:
        assessment = starting.start(
            db.session,
            school=current_user.school,
            cycle=cycle,
            user_id=current_user.id,
            carry_forward=request.form.get("carry_forward") == "yes",
        )
        db.session.commit()
        if assessment.carried_forward_from_id:
            flash(
                "Last cycle's ratings, evidence and open actions have been copied in. "
                "Check and save each principle to confirm them.",
                "success",
            )
        existing = assessment
    return redirect(url_for("assessment.task_list", assessment_id=existing.id))


@bp.route("/assessments/<int:assessment_id>")
@login_required
def task_list(assessment_id: int) -> str:
    assessment = assessment_or_404(assessment_id)
    return render_template(
        "assessment/task_list.html",
        title=f"{assessment.school.name}: {assessment.cycle.name} self-assessment",
        **task_list_data(db.session, current_user, assessment),
    )


@bp.route("/assessments/<int:assessment_id>/principles/<int:number>", methods=["GET", "POST"])
@login_required
@form_checks_csrf
def principle(assessment_id: int, number: int) -> str | Response | tuple[str, int]:
    assessment = assessment_or_404(assessment_id)
    framework = starting.framework_for(assessment)
    try:
        principle_def = framework.principle(number)
    except KeyError:
        abort(404)
    if request.method == "GET":
        return render_template(
            "assessment/principle.html",
            **principle_page_data(db.session, current_user, assessment, principle_def),
        )
    if not access.can_edit(current_user, assessment):
        refusal = access.edit_refusal(current_user, assessment)
        try:
            principle_form.parse(principle_def, request.form, request.files)
        except BadInput:
            refusal = None  # not this page's form: nothing typed to keep
        if refusal is None:
            abort(403)
        # Closed or submitted while they typed: the page comes back with their words.
        return _not_saved(assessment, principle_def, refusal, 409)
    return _save_principle(assessment, principle_def, is_last=number == len(framework.principles))


STORE_PROBLEM = (
    "Your answers were not saved because the file store could not take your documents. "
    "Nothing is lost from this page: try saving again in a few minutes, or save without the "
    "documents. If it keeps happening, tell the service's administrator."
)
DATABASE_PROBLEM = (
    "Your answers were not saved because the service's database did not answer. Nothing is "
    "lost from this page: try saving again in a minute. If it keeps happening, tell the "
    "service's administrator."
)


def _not_saved(
    assessment: Assessment, principle_def: Principle, problem: str, status: int
) -> tuple[str, int]:
    """The page again with everything typed and why it was not saved (files must be chosen
    again: a browser never re-sends them)."""
    fields, _ = principle_form.parse(principle_def, request.form, request.files)
    data = principle_page_data(
        db.session, current_user, assessment, principle_def, submitted=fields, problem=problem
    )
    return render_template("assessment/principle.html", **data), status


def _save_principle(
    assessment: Assessment, principle_def: Principle, *, is_last: bool
) -> Response | tuple[str, int]:
    """Save the posted page in one transaction; show it again with errors, or move on. When the
    file store or the database refuses, the page comes back with everything typed and why."""
    fields, removals = principle_form.parse(principle_def, request.form, request.files)
    if not csrf_token_valid():
        # Hours of typing must survive an expired form: show it again, nothing saved yet.
        data = principle_page_data(
            db.session, current_user, assessment, principle_def, submitted=fields, expired=True
        )
        return render_template("assessment/principle.html", **data), 400
    store = storage_from_config(current_app.config)
    try:
        return _save_and_move_on(assessment, principle_def, fields, removals, store, is_last)
    except (StorageError, OSError):
        log.exception("Principle page not saved: the file store refused")
        db.session.rollback()
        return _not_saved(assessment, principle_def, STORE_PROBLEM, 503)
    except SQLAlchemyError:
        log.exception("Principle page not saved: the database refused")
        db.session.rollback()
        return _not_saved(assessment, principle_def, DATABASE_PROBLEM, 503)


def _save_and_move_on(
    assessment: Assessment,
    principle_def: Principle,
    fields: list[principle_form.StandardFields],
    removals: list[int],
    store: Storage,
    is_last: bool,
) -> Response | tuple[str, int]:
    number = principle_def.number
    with refusal_flashed(url_for("assessment.task_list", assessment_id=assessment.id)):
        outcome = saving.save_page(
            db.session,
            store,
            assessment,
            number,
            [f.as_input() for f in fields],
            [f.as_evidence() for f in fields],
            removals,
            user_id=current_user.id,
            limits=items.limits_from_config(current_app.config),
        )
    if not outcome.ok:
        db.session.rollback()
        saving.discard_files(store, outcome)
        data = principle_page_data(
            db.session,
            current_user,
            assessment,
            principle_def,
            submitted=fields,
            errors=outcome.save.errors,
            conflicts=outcome.save.conflicts,
            files_dropped=outcome.files_accepted,
        )
        status = 409 if outcome.save.conflicts and not outcome.save.errors else 200
        return render_template("assessment/principle.html", **data), status
    db.session.commit()
    flash(f"Principle {number}: {principle_def.title} saved.", "success")
    back = return_path()
    if request.form.get("action") != "continue":
        # A draft stays on the page, still on its way back to where it came from.
        extra: dict[str, Any] = {RETURN_TO: back} if back else {}
        next_url = url_for(
            "assessment.principle", assessment_id=assessment.id, number=number, **extra
        )
    elif back:
        next_url = back  # from a Change link on "Check your answers": back there
    elif is_last:
        next_url = url_for("assessment.task_list", assessment_id=assessment.id)
    else:
        next_url = url_for("assessment.principle", assessment_id=assessment.id, number=number + 1)
    return redirect(next_url)


@bp.route("/assessments/<int:assessment_id>/standards/<code>/history")
@login_required
def standard_history(assessment_id: int, code: str) -> str:
    assessment = assessment_or_404(assessment_id)
    framework = starting.framework_for(assessment)
    if not framework.has_standard(code):
        abort(404)
    return render_template(
        "assessment/history.html",
        title=f"Changes to standard {code}",
        assessment=assessment,
        standard=framework.standard(code),
        events=audit.history(db.session, assessment_id=assessment.id, standard_code=code),
    )
