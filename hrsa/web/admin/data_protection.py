"""Data protection for administrators: erase a person (after confirming) and download
everything held about a school."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput
from werkzeug.wrappers import Response
from wtforms import SubmitField

from hrsa.core.vocabulary.jobs import JobKind
from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.services.operations import data_protection
from hrsa.web.admin import bp
from hrsa.web.jobs.starting import start_job
from hrsa.web.lookups import account_or_404, school_or_404
from hrsa.web.security import form_checks_csrf, role_required


class EraseForm(FlaskForm):
    submit = SubmitField("Erase this person", widget=GovSubmitInput())


@bp.route("/accounts/<int:user_id>/erase", methods=["GET", "POST"])
@form_checks_csrf
@role_required(Role.ADMIN)
def erase_account(user_id: int) -> str | Response:
    """Ask, then erase: the person's name and email go from everything the service holds."""
    person = account_or_404(user_id)
    form = EraseForm()
    if person.id == current_user.id:
        flash("You cannot erase your own account: ask another administrator.")
        return redirect(url_for("admin.show_account", user_id=person.id))
    if form.validate_on_submit():
        erased = data_protection.erase_person(
            db.session,
            person.email,
            secret=str(current_app.config["SECRET_KEY"]),
            by_user_id=current_user.id,
        )
        db.session.commit()
        flash(f"The person has been erased. They now appear as ‘{erased.pseudonym}’.", "success")
        return redirect(url_for("admin.show_account", user_id=user_id))
    return render_template(
        "admin/erase.html", title=f"Erase {person.name}", form=form, person=person
    )


@bp.route("/schools/<int:school_id>/export", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def export_school(school_id: int) -> Response | tuple[str, int]:
    """POST: start the job making the school's export (its JSON and evidence files, one ZIP);
    GET (an old link): the school's page, whose button starts it."""
    school = school_or_404(school_id)
    if request.method != "POST":
        return redirect(url_for("admin.edit_school", school_id=school.id))
    return start_job(JobKind.SCHOOL_EXPORT, {"school_id": school.id})
