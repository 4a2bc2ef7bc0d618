"""Views for administrators: schools, accounts and invitations, cycles and the outbox."""

from __future__ import annotations

from typing import Any

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from hrsa.admin import bp, mailer
from hrsa.admin import services as admin
from hrsa.admin.forms import CycleForm, InviteForm, SchoolForm
from hrsa.extensions import db
from hrsa.models import OutboxMessage, Role, User
from hrsa.security import form_checks_csrf, role_required
from hrsa.services import ServiceError, cycles, schools


def _page_number() -> int:
    return request.args.get("page", 1, type=int) or 1


def _page_numbers(current: int, last: int) -> list[int | None]:
    """First, last and the neighbours of the current page; None marks a gap."""
    wanted = sorted({1, last, current - 1, current, current + 1} & set(range(1, last + 1)))
    numbers: list[int | None] = []
    for number in wanted:
        if numbers and number - (numbers[-1] or 0) > 1:
            numbers.append(None)
        numbers.append(number)
    return numbers


def _pagination(page: admin.Page[Any], endpoint: str) -> dict[str, Any] | None:
    """govukPagination's parameters, or None when everything fits on one page."""
    if page.pages <= 1:
        return None
    params: dict[str, Any] = {
        "items": [
            {"ellipsis": True}
            if number is None
            else {
                "number": number,
                "href": url_for(endpoint, page=number),
                "current": number == page.number,
            }
            for number in _page_numbers(page.number, page.pages)
        ]
    }
    if page.number > 1:
        params["previous"] = {"href": url_for(endpoint, page=page.number - 1)}
    if page.number < page.pages:
        params["next"] = {"href": url_for(endpoint, page=page.number + 1)}
    return params


def _plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count} {word if count == 1 else (words or word + 's')}"


def _sent(message: OutboxMessage, what: str, email: str) -> str:
    if message.delivered_by_smtp:
        return f"{what} has been sent to {email}."
    return f"{what} for {email} is in the outbox: it was not sent by email."


@bp.route("/")
@role_required(Role.ADMIN)
def index() -> str:
    counts = admin.overview_counts(db.session)
    sections = [
        ("Schools", "admin.list_schools", _plural(counts.schools, "school")),
        ("Accounts", "admin.list_accounts", _plural(counts.accounts, "account")),
        ("Cycles", "admin.list_cycles", _plural(counts.cycles, "assessment cycle")),
        ("Outbox", "admin.view_outbox", _plural(counts.outbox, "email")),
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
    page = admin.schools_page(db.session, _page_number())
    return render_template(
        "admin/schools.html",
        title="Schools",
        page=page,
        pagination=_pagination(page, "admin.list_schools"),
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
            form.urn.errors.append(str(error))
        else:
            db.session.commit()
            flash(f"{school.name} has been added.", "success")
            return redirect(url_for("admin.list_schools"))
    return render_template("admin/school_form.html", title="Add a school", form=form)


# Accounts


@bp.route("/accounts")
@role_required(Role.ADMIN)
def list_accounts() -> str:
    page = admin.accounts_page(db.session, _page_number())
    return render_template(
        "admin/accounts.html",
        title="Accounts",
        page=page,
        pagination=_pagination(page, "admin.list_accounts"),
    )


@bp.route("/accounts/invite", methods=["GET", "POST"])
@form_checks_csrf
@role_required(Role.ADMIN)
def invite_person() -> str | Response:
    form = InviteForm()
    form.use_schools(admin.school_choices(db.session))
    if form.validate_on_submit():
        try:
            user, token = admin.invite_person(
                db.session,
                email=form.email.data or "",
                name=form.name.data or "",
                role=form.role.data or "",
                school_id=form.school_id,
                secret_key=current_app.config["SECRET_KEY"],
                invited_by_id=current_user.id,
            )
        except ServiceError as error:
            form.email.errors.append(str(error))
        else:
            message = mailer.send_invitation(user, token, invited_by=current_user.name)
            db.session.commit()
            flash(_sent(message, "An invitation", user.email), "success")
            return redirect(url_for("admin.show_account", user_id=user.id))
    return render_template("admin/invite.html", title="Invite a person", form=form)


def _account_page(user: User, problem: str | None = None) -> str:
    return render_template(
        "admin/account.html",
        title=user.name,
        person=user,
        summary=admin.summarise(user),
        is_you=user.id == current_user.id,
        problem=problem,
    )


@bp.route("/accounts/<int:user_id>")
@role_required(Role.ADMIN)
def show_account(user_id: int) -> str:
    return _account_page(db.get_or_404(User, user_id))


@bp.route("/accounts/<int:user_id>/reset-link", methods=["POST"])
@role_required(Role.ADMIN)
def send_reset_link(user_id: int) -> str | Response:
    user = db.get_or_404(User, user_id)
    try:
        token = admin.issue_reset_link(
            db.session,
            user,
            secret_key=current_app.config["SECRET_KEY"],
            by_user_id=current_user.id,
        )
    except ServiceError as error:
        return _account_page(user, str(error))
    message = mailer.send_reset_link(user, token)
    db.session.commit()
    flash(_sent(message, "A password reset link", user.email), "success")
    return redirect(url_for("admin.show_account", user_id=user.id))


@bp.route("/accounts/<int:user_id>/invitation", methods=["POST"])
@role_required(Role.ADMIN)
def resend_invitation(user_id: int) -> str | Response:
    user = db.get_or_404(User, user_id)
    try:
        token = admin.reissue_invitation(
            db.session,
            user,
            secret_key=current_app.config["SECRET_KEY"],
            by_user_id=current_user.id,
        )
    except ServiceError as error:
        return _account_page(user, str(error))
    message = mailer.send_invitation(user, token, invited_by=current_user.name)
    db.session.commit()
    flash(_sent(message, "A new invitation", user.email), "success")
    return redirect(url_for("admin.show_account", user_id=user.id))


def _switch_account(user_id: int, enabled: bool) -> str | Response:
    user = db.get_or_404(User, user_id)
    try:
        admin.set_account_enabled(db.session, user, enabled, by_user_id=current_user.id)
    except ServiceError as error:
        return _account_page(user, str(error))
    db.session.commit()
    flash(f"{user.name}'s account is {'enabled' if enabled else 'disabled'}.", "success")
    return redirect(url_for("admin.show_account", user_id=user.id))


@bp.route("/accounts/<int:user_id>/disable", methods=["POST"])
@role_required(Role.ADMIN)
def disable_account(user_id: int) -> str | Response:
    return _switch_account(user_id, enabled=False)


@bp.route("/accounts/<int:user_id>/enable", methods=["POST"])
@role_required(Role.ADMIN)
def enable_account(user_id: int) -> str | Response:
    return _switch_account(user_id, enabled=True)


# Outbox


@bp.route("/outbox")
@role_required(Role.ADMIN)
def view_outbox() -> str:
    page = admin.outbox_page(db.session, _page_number())
    messages = [
        {"message": message, "paragraphs": [p for p in message.body.split("\n\n") if p.strip()]}
        for message in page.items
    ]
    return render_template(
        "admin/outbox.html",
        title="Outbox",
        page=page,
        messages=messages,
        pagination=_pagination(page, "admin.view_outbox"),
    )


# Cycles


@bp.route("/cycles")
@role_required(Role.ADMIN)
def list_cycles() -> str:
    return render_template(
        "admin/cycles.html",
        title="Assessment cycles",
        cycles=admin.cycles_with_framework(db.session),
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
            form.name.errors.append(str(error))
        else:
            db.session.commit()
            flash(f"Cycle {cycle.name} has been opened.", "success")
            return redirect(url_for("admin.list_cycles"))
    return render_template("admin/cycle_form.html", title="Open a cycle", form=form)
