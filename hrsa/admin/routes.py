"""Views for administrators: the overview, schools, cycles and the outbox."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from hrsa.admin import bp
from hrsa.admin.forms import CycleForm, SchoolForm
from hrsa.extensions import db
from hrsa.formatting import plural
from hrsa.models import Role
from hrsa.navigation import pagination, render_list, requested_page, requested_search
from hrsa.security import form_checks_csrf, role_required
from hrsa.services import ServiceError, administration, cycles, notifications, schools


@bp.route("/")
@role_required(Role.ADMIN)
def index() -> str:
    counts = administration.overview_counts(db.session)
    sections = [
        ("Schools", "admin.list_schools", plural(counts.schools, "school")),
        ("Accounts", "admin.list_accounts", plural(counts.accounts, "account")),
        ("Cycles", "admin.list_cycles", plural(counts.cycles, "assessment cycle")),
        ("Outbox", "admin.view_outbox", plural(counts.outbox, "email")),
    ]
    return render_template(
        "admin/index.html",
        title="Administration",
        sections=[{"text": t, "href": url_for(e), "count": c} for t, e, c in sections],
    )


# Schools


@bp.route("/schools")
@role_required(Role.ADMIN)
def list_schools() -> str:
    search = requested_search()
    page = administration.schools_page(db.session, requested_page(), search)
    return render_template(
        "admin/schools.html",
        title="Schools",
        page=page,
        search=search,
        pagination=pagination(page, lambda n: url_for("admin.list_schools", page=n, q=search)),
    )


@bp.route("/schools/new", methods=["GET", "POST"])
@form_checks_csrf
@role_required(Role.ADMIN)
def add_school() -> str | Response:
    form = SchoolForm()
    if form.validate_on_submit():
        try:
            school = schools.create_school(
                db.session,
                urn=form.urn.data or "",
                name=form.name.data or "",
                phase=form.phase.data or "",
                ward=form.ward.data or "",
                neighbourhood=(form.neighbourhood.data or "").strip() or None,
                user_id=current_user.id,
            )
        except ServiceError as error:
            form.show_error(error, default="urn")
        else:
            db.session.commit()
            flash(f"{school.name} has been added.", "success")
            return redirect(url_for("admin.list_schools"))
    return render_template("admin/school_form.html", title="Add a school", form=form)


# Outbox


@bp.route("/outbox")
@role_required(Role.ADMIN)
def view_outbox() -> str:
    page = notifications.outbox_page(db.session, requested_page())
    messages = [
        {"message": message, "paragraphs": [p for p in message.body.split("\n\n") if p.strip()]}
        for message in page.items
    ]
    return render_list(
        "admin/outbox.html", page, "admin.view_outbox", title="Outbox", messages=messages
    )


# Cycles


@bp.route("/cycles")
@role_required(Role.ADMIN)
def list_cycles() -> str:
    return render_template(
        "admin/cycles.html",
        title="Assessment cycles",
        cycles=administration.cycles_with_framework(db.session),
    )


@bp.route("/cycles/new", methods=["GET", "POST"])
@form_checks_csrf
@role_required(Role.ADMIN)
def open_cycle() -> str | Response:
    form = CycleForm()
    if form.validate_on_submit() and form.opens_on.data and form.closes_on.data:
        try:
            cycle = cycles.open_cycle(
                db.session,
                name=form.name.data or "",
                opens_on=form.opens_on.data,
                closes_on=form.closes_on.data,
                user_id=current_user.id,
            )
        except ServiceError as error:
            form.show_error(error, default="name")
        else:
            db.session.commit()
            flash(f"Cycle {cycle.name} has been opened.", "success")
            return redirect(url_for("admin.list_cycles"))
    return render_template("admin/cycle_form.html", title="Open a cycle", form=form)
