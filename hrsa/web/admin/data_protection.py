"""Data protection for administrators: erase a person (after confirming) and download
everything held about a school."""

from __future__ import annotations

import io

from flask import current_app, flash, redirect, render_template, send_file, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput
from werkzeug.wrappers import Response
from wtforms import SubmitField

from hrsa.core.formatting import download_name, uk_today
from hrsa.core.vocabulary.audit import AuditAction
from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.services import audit, data_protection
from hrsa.storage.configured import storage_from_config
from hrsa.web.admin import bp
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


@bp.route("/schools/<int:school_id>/export")
@role_required(Role.ADMIN)
def export_school(school_id: int) -> Response:
    """Everything held about the school (JSON) and its evidence files, as one ZIP."""
    school = school_or_404(school_id)
    # Built in memory: a file left open by a download the browser abandons would leak. A school
    # with a very large evidence store should use `hrsa export-school` until exports are jobs.
    spool = io.BytesIO()
    data_protection.write_school_export(
        db.session, storage_from_config(current_app.config), school, spool
    )
    spool.seek(0)
    name = download_name(school.name, "data-protection-export", ext="zip", on=uk_today())
    audit.record(
        db.session,
        user_id=current_user.id,
        action=AuditAction.EXPORT,
        entity="school",
        entity_id=school.id,
        school_id=school.id,
        detail=name,
    )
    db.session.commit()
    return send_file(spool, mimetype="application/zip", as_attachment=True, download_name=name)
