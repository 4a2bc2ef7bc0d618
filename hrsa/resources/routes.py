"""Views of the resource bank: the bank, a resource, proposing and editing, the reviewer queue
and decisions. Each view parses the request, calls a service, commits, flashes and redirects."""

from __future__ import annotations

from datetime import date, datetime

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from hrsa.extensions import db
from hrsa.formatting import UK
from hrsa.framework import Framework
from hrsa.models import Resource
from hrsa.resources import bp, view_data
from hrsa.resources.forms import ResourceForm, ReviewForm, decision_input
from hrsa.security import form_checks_csrf, role_required
from hrsa.services import Conflict, NotFound, ServiceError
from hrsa.services import resources as service
from hrsa.services import resources_review as review_service
from hrsa.services.notifications import mail_settings
from hrsa.services.resources import REVIEWER_ROLES, ResourceInputError


def _today() -> date:
    return datetime.now(UK).date()


def _framework() -> Framework:
    framework: Framework = current_app.extensions["hrsa_framework_file"]
    return framework


def _resource_or_404(resource_id: int) -> Resource:
    try:
        return service.resource_for(db.session, current_user, resource_id, _today())
    except NotFound:
        abort(404)


@bp.route("")
@login_required
def bank() -> str:
    filters = view_data.filters_from(request.args, _framework())
    page = service.search_bank(db.session, filters, today=_today())
    return render_template(
        "resources/bank.html",
        title="Resource bank",
        is_reviewer=service.is_reviewer(current_user),
        **view_data.bank_page(page, filters, _framework(), request.args),
    )


@bp.route("/<int:resource_id>")
@login_required
def show(resource_id: int) -> str:
    resource = _resource_or_404(resource_id)
    return render_template(
        "resources/show.html",
        title=resource.title,
        **view_data.resource_page(db.session, current_user, resource, _framework(), _today()),
    )


@bp.route("/propose", methods=["GET", "POST"])
@login_required
@form_checks_csrf
def propose() -> str | Response:
    form = ResourceForm()
    form.use_framework(_framework())
    if request.method == "POST" and form.validate():
        try:
            resource = service.propose(
                db.session,
                form.as_input(),
                user=current_user,
                standard_codes=_framework().standard_codes,
                today=_today(),
            )
        except ResourceInputError as refused:
            form.show_errors(refused.errors)
        else:
            db.session.commit()
            flash(
                f"Thank you. “{resource.title}” has been sent to the advisory group for review.",
                "success",
            )
            return redirect(url_for("resources.show", resource_id=resource.id))
    return render_template(
        "resources/resource_form.html", title="Propose a resource", form=form, resource=None
    )


@bp.route("/<int:resource_id>/edit", methods=["GET", "POST"])
@login_required
@form_checks_csrf
def edit(resource_id: int) -> str | Response:
    resource = _resource_or_404(resource_id)
    if not service.can_edit(current_user, resource):
        abort(403)
    form = ResourceForm(obj=view_data.form_values(resource) if request.method == "GET" else None)
    form.use_framework(_framework())
    if request.method == "POST" and form.validate():
        version = form.version.data or ""
        try:
            service.update(
                db.session,
                resource,
                form.as_input(),
                user=current_user,
                expected_version=int(version) if version.isdecimal() else -1,
                standard_codes=_framework().standard_codes,
                today=_today(),
            )
        except ResourceInputError as refused:
            form.show_errors(refused.errors)
        except Conflict as conflict:
            db.session.rollback()
            flash(str(conflict))
            return redirect(url_for("resources.edit", resource_id=resource_id))
        else:
            db.session.commit()
            flash(view_data.saved_message(resource), "success")
            return redirect(url_for("resources.show", resource_id=resource.id))
    return render_template(
        "resources/resource_form.html",
        title=f"Change “{resource.title}”",
        form=form,
        resource=resource,
    )


@bp.route("/yours")
@login_required
def mine() -> str:
    return render_template(
        "resources/mine.html",
        title="Resources you have proposed",
        cards=service.proposals_by(db.session, current_user),
    )


@bp.route("/review")
@role_required(*REVIEWER_ROLES)
def queue() -> str:
    lapsed = review_service.lapse_due(db.session, today=_today())
    db.session.commit()
    rows = review_service.queue(db.session, today=_today())
    return render_template(
        "resources/queue.html", title="Resources waiting for review", rows=rows, lapsed=lapsed
    )


@bp.route("/<int:resource_id>/review", methods=["GET", "POST"])
@role_required(*REVIEWER_ROLES)
@form_checks_csrf
def review(resource_id: int) -> str | Response:
    resource = _resource_or_404(resource_id)
    form = ReviewForm()
    if request.method == "GET":
        form.version.data = str(resource.version)
    if request.method == "POST" and form.validate():
        try:
            review_service.decide(
                db.session,
                resource,
                decision_input(form, request.form.to_dict()),
                reviewer=current_user,
                today=_today(),
                mail_settings=mail_settings(current_app.config),
                resource_link=url_for("resources.show", resource_id=resource.id, _external=True),
            )
        except ResourceInputError as refused:
            return _review_page(resource, form, refused.errors)
        except Conflict as conflict:
            db.session.rollback()
            flash(str(conflict))
            return redirect(url_for("resources.show", resource_id=resource_id))
        except ServiceError:
            abort(403)
        db.session.commit()
        flash(view_data.decided_message(resource), "success")
        return redirect(url_for("resources.queue"))
    return _review_page(resource, form, {})


def _review_page(resource: Resource, form: ReviewForm, errors: dict[str, str]) -> str:
    for name in ("decision", "reason", "review_by"):
        if name in errors:
            getattr(form, name).errors = [errors[name]]
    return render_template(
        "resources/review.html",
        title=f"Review “{resource.title}”",
        **view_data.review_page(db.session, resource, form, errors, request.form, _today()),
    )
