"""Views for administrators: the overview, schools, cycles and the outbox."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from hrsa.core.formatting import plural
from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.services import notifications
from hrsa.services.accounts import listing
from hrsa.services.cycles import lifecycle, lookup
from hrsa.services.cycles import lookup as cycles_lookup
from hrsa.services.schools import profile
from hrsa.services.schools import profile as schools
from hrsa.web.admin import bp
from hrsa.web.admin.forms import (
    CloseCycleForm,
    CycleEditForm,
    CycleForm,
    SchoolEditForm,
    SchoolForm,
)
from hrsa.web.errors import refused
from hrsa.web.lookups import cycle_or_404, school_or_404
from hrsa.web.navigation import pagination, render_list, requested_page, requested_search
from hrsa.web.schools.editing import profile_form, save_posted_profile
from hrsa.web.security import form_checks_csrf, role_required


@bp.route("/")
@role_required(Role.ADMIN)
def index() -> str:
    counts = listing.overview_counts(db.session)
    sections = [
        ("Schools", "admin.list_schools", plural(counts.schools, "school")),
        ("Authority", "admin.edit_authority", "names, contacts and wards"),
        ("Accounts", "admin.list_accounts", plural(counts.accounts, "account")),
        ("Cycles", "admin.list_cycles", plural(counts.cycles, "assessment cycle")),
        ("Outbox", "admin.view_outbox", plural(counts.outbox, "email")),
        ("Audit log", "admin.audit_trail", "every recorded event"),
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
    page = profile.schools_page(db.session, requested_page(), search)
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
        with form.refusals(default="urn"):
            school = schools.create_school(
                db.session,
                urn=form.urn.data or "",
                name=form.name.data or "",
                phase=form.phase.data or "",
                ward=form.ward.data or "",
                neighbourhood=(form.neighbourhood.data or "").strip() or None,
                user_id=current_user.id,
            )
            db.session.commit()
            flash(f"{school.name} has been added.", "success")
            return redirect(url_for("admin.list_schools"))
    return render_template("admin/school_form.html", title="Add a school", form=form)


@bp.route("/schools/<int:school_id>", methods=["GET", "POST"])
@form_checks_csrf
@role_required(Role.ADMIN)
def edit_school(school_id: int) -> str | Response:
    """Change any school: its name, URN, phase, ward and profile, from the version shown."""
    school = school_or_404(school_id)
    form = profile_form(SchoolEditForm, school)
    shown = save_posted_profile(school, form)  # saved meanwhile: the service's words
    if shown is None:
        flash(f"{school.name} has been saved.", "success")
        return redirect(url_for("admin.list_schools", q=school.urn))
    school = shown
    return render_template(
        "admin/school_edit.html", title=f"Change {school.name}", form=form, school=school
    )


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
        cycles=[
            {"cycle": cycle, "state": cycles_lookup.cycle_state(cycle)}
            for cycle in lookup.cycles_with_framework(db.session)
        ],
    )


@bp.route("/cycles/new", methods=["GET", "POST"])
@form_checks_csrf
@role_required(Role.ADMIN)
def open_cycle() -> str | Response:
    form = CycleForm()
    if form.validate_on_submit() and form.opens_on.data and form.closes_on.data:
        with form.refusals(default="name"):
            cycle = lifecycle.open_cycle(
                db.session,
                name=form.name.data or "",
                opens_on=form.opens_on.data,
                closes_on=form.closes_on.data,
                user_id=current_user.id,
            )
            db.session.commit()
            flash(f"Cycle {cycle.name} has been opened.", "success")
            return redirect(url_for("admin.list_cycles"))
    return render_template("admin/cycle_form.html", title="Open a cycle", form=form)


@bp.route("/cycles/<int:cycle_id>", methods=["GET", "POST"])
@form_checks_csrf
@role_required(Role.ADMIN)
def edit_cycle(cycle_id: int) -> str | Response:
    cycle = cycle_or_404(cycle_id)
    form = CycleEditForm(obj=cycle)
    if form.validate_on_submit() and form.opens_on.data and form.closes_on.data:
        with form.refusals(default="name"):
            lifecycle.update_cycle(
                db.session,
                cycle,
                name=form.name.data or "",
                opens_on=form.opens_on.data,
                closes_on=form.closes_on.data,
                user_id=current_user.id,
            )
            db.session.commit()
            flash(f"Cycle {cycle.name} has been saved.", "success")
            return redirect(url_for("admin.list_cycles"))
    return render_template(
        "admin/cycle_edit.html", title=f"Change the {cycle.name} cycle", form=form, cycle=cycle
    )


@bp.route("/cycles/<int:cycle_id>/close", methods=["GET", "POST"])
@form_checks_csrf
@role_required(Role.ADMIN)
def close_cycle(cycle_id: int) -> str | Response:
    """Ask, then close: the cycle's assessments become read-only for good."""
    cycle = cycle_or_404(cycle_id)
    form = CloseCycleForm()
    problem = None
    if form.validate_on_submit():
        with refused() as refusal:
            lifecycle.close_cycle(db.session, cycle, user_id=current_user.id)
            db.session.commit()
            flash(f"Cycle {cycle.name} has been closed.", "success")
            return redirect(url_for("admin.list_cycles"))
        problem = str(refusal)
    return render_template(
        "admin/cycle_close.html",
        title=f"Close the {cycle.name} cycle",
        form=form,
        cycle=cycle,
        problem=problem,
        counts=lookup.cycle_assessment_counts(db.session, cycle),
    )
