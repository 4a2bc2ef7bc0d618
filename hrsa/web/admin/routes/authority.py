"""Views for administrators: the authority's details and its wards."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from hrsa.core.errors import NotFound
from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.models import Authority
from hrsa.services.authorities import records as authorities
from hrsa.web.admin import bp
from hrsa.web.admin.forms import AuthorityForm, WardForm
from hrsa.web.security import form_checks_csrf, role_required


def _authority() -> Authority:
    """The service's authority, or the 404 page before there is one."""
    authority = authorities.service_authority(db.session)
    if authority is None:
        raise NotFound("No authority has been set up yet")
    return authority


@bp.route("/authority", methods=["GET", "POST"])
@form_checks_csrf
@role_required(Role.ADMIN)
def edit_authority() -> str | Response:
    """The authority's names and contacts, as every page shows them."""
    authority = authorities.service_authority(db.session)
    if authority is None:
        return render_template("admin/authority_missing.html", title="Authority")
    form = AuthorityForm(obj=authority)
    if form.validate_on_submit():
        with form.refusals(default="name"):
            authorities.update_authority(
                db.session, authority, form.details(), user_id=current_user.id
            )
            db.session.commit()
            flash(f"{authority.name}'s details have been saved.", "success")
            return redirect(url_for("admin.edit_authority"))
    return render_template(
        "admin/authority.html",
        title=f"{authority.name} ({authority.code})",
        form=form,
        authority=authority,
        wards=authorities.ward_rows(db.session, authority.id),
    )


@bp.route("/authority/wards/<int:ward_id>", methods=["GET", "POST"])
@form_checks_csrf
@role_required(Role.ADMIN)
def edit_ward(ward_id: int) -> str | Response:
    """Rename a ward (its schools move with it) or give its ONS code."""
    ward = authorities.ward_or_404(db.session, ward_id)
    if ward.authority_id != _authority().id:
        raise NotFound("No such ward")
    form = WardForm(obj=ward)
    if form.validate_on_submit():
        with form.refusals(default="name"):
            authorities.update_ward(
                db.session,
                ward,
                name=form.name.data or "",
                code=form.code.data,
                user_id=current_user.id,
            )
            db.session.commit()
            flash(f"The {ward.name} ward has been saved.", "success")
            return redirect(url_for("admin.edit_authority"))
    return render_template("admin/ward_edit.html", title=f"Change the {ward.name} ward", form=form)
