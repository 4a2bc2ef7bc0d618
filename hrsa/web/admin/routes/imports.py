"""Views for administrators: importing the authority's schools from the national register
(upload, a preview of what would be added, changed and left alone, then confirm)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from hrsa.core.errors import ServiceError
from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.services.authorities import records as authorities
from hrsa.services.schools import register_holding, register_import
from hrsa.services.schools.register_extract import ExtractRefused, read_extract
from hrsa.web.admin import bp
from hrsa.web.admin.forms import ConfirmImportForm, ImportSchoolsForm
from hrsa.web.security import form_checks_csrf, role_required


@bp.route("/schools/import", methods=["GET", "POST"])
@form_checks_csrf
@role_required(Role.ADMIN)
def import_schools() -> str | Response:
    """Upload an extract: checked whole, then held for the preview."""
    authority = authorities.service_authority(db.session)
    form = ImportSchoolsForm(data={"authority": authority.code if authority else ""})
    problems: list[str] = []
    if form.validate_on_submit() and form.file.data:
        try:
            extract = read_extract(form.file.data.stream, form.authority.data.strip())
            register_import.plan_import(db.session, extract)
        except ExtractRefused as refusal:
            problems = [str(problem) for problem in refusal.problems]
            form.file.errors = [_sentence(refusal)]
        except ServiceError as refusal:
            form.show_error(refusal, default="authority")
        else:
            held = register_holding.hold(
                db.session, extract, filename=form.file.data.filename or "", user_id=current_user.id
            )
            db.session.commit()
            return redirect(url_for("admin.preview_import", import_id=held.id))
    return render_template(
        "admin/import_schools.html", title="Import schools", form=form, problems=problems
    )


@bp.route("/schools/import/<int:import_id>", methods=["GET", "POST"])
@form_checks_csrf
@role_required(Role.ADMIN)
def preview_import(import_id: int) -> str | Response:
    """What the held extract would add, change and leave alone; confirming imports it."""
    held, extract = register_holding.held(db.session, import_id, user_id=current_user.id)
    form = ConfirmImportForm()
    if form.validate_on_submit():
        plan = register_import.apply_import(db.session, extract, user_id=current_user.id)
        register_holding.release(db.session, held)
        db.session.commit()
        if plan.new_authority:
            flash(f"The authority {plan.authority_name} ({plan.authority_code}) has been set up.")
        flash(f"Schools {plan.summary(done=True)}.", "success")
        return redirect(url_for("admin.list_schools"))
    plan = register_import.plan_import(db.session, extract)
    return render_template(
        "admin/import_preview.html",
        title="Check the import",
        form=form,
        plan=plan,
        filename=held.filename,
        encoding=extract.encoding,
    )


def _sentence(refusal: ExtractRefused) -> str:
    """The refusal as the error summary says it: a capital first letter."""
    message = str(refusal)
    return message[:1].upper() + message[1:]
