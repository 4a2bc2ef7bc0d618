"""Views for administrators' work on people: the accounts list, invitations, reset links,
disabling and enabling. The rules are in hrsa.services.accounts.people; emails go through
hrsa.services.notifications."""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app, flash, redirect, render_template, session, url_for
from flask_login import current_user, logout_user
from werkzeug.wrappers import Response

from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.models import School, User
from hrsa.services import notifications
from hrsa.services.accounts import emails, links, listing, people
from hrsa.services.schools import profile
from hrsa.web.admin import bp
from hrsa.web.admin.forms import AccountForm, InviteForm
from hrsa.web.errors import refused
from hrsa.web.lookups import account_or_404
from hrsa.web.navigation import pagination, requested_page, requested_search
from hrsa.web.security import email_link, form_checks_csrf, role_required


def _deliver(email: emails.Email) -> bool:
    """Send the email (the caller commits); whether it went by email, not only to the outbox."""
    (message,) = notifications.send(
        db.session,
        to=[email.to],
        subject=email.subject,
        body=email.body,
        config=current_app.config,
    )
    return message.delivered_by_smtp


def _send(email: emails.Email, what: str) -> str:
    """Send the email (the caller commits) and say where it went, for the flash message."""
    if _deliver(email):
        return f"{what} has been sent to {email.to}."
    return f"{what} for {email.to} is in the outbox: it was not sent by email."


def _invitation(user: User, token: str) -> emails.Email:
    link = email_link("auth.accept_invitation", token=token)
    return emails.invitation_email(user, link, invited_by=current_user.name)


def send_invitation(user: User, token: str) -> bool:
    """Email a new person their invitation (the caller commits); whether it went by email
    rather than only to the outbox."""
    return _deliver(_invitation(user, token))


def _find_school(text: str) -> School:
    return profile.find_school(db.session, text)


@bp.route("/accounts")
@role_required(Role.ADMIN)
def list_accounts() -> str:
    search = requested_search()
    page = listing.accounts_page(db.session, requested_page(), search)
    return render_template(
        "admin/accounts.html",
        title="Accounts",
        page=page,
        search=search,
        pagination=pagination(page, lambda n: url_for("admin.list_accounts", page=n, q=search)),
    )


@bp.route("/accounts/invite", methods=["GET", "POST"])
@form_checks_csrf
@role_required(Role.ADMIN)
def invite_person() -> str | Response:
    form = InviteForm()
    form.find_schools_with(_find_school)
    if form.validate_on_submit():
        with form.refusals(default="email"):
            user, token = people.invite_person(
                db.session,
                email=form.email.data or "",
                name=form.name.data or "",
                role=form.role.data or "",
                school_id=form.school_id,
                secret_key=current_app.config["SECRET_KEY"],
                invited_by_id=current_user.id,
            )
            sent = _send(_invitation(user, token), "An invitation")
            db.session.commit()
            flash(sent, "success")
            return redirect(url_for("admin.show_account", user_id=user.id))
    return render_template("admin/invite.html", title="Invite a person", form=form)


def _account_page(user: User, problem: str | None = None) -> str:
    return render_template(
        "admin/account.html",
        title=user.name,
        person=user,
        summary=listing.summarise(user),
        is_you=user.id == current_user.id,
        problem=problem,
    )


@bp.route("/accounts/<int:user_id>")
@role_required(Role.ADMIN)
def show_account(user_id: int) -> str:
    return _account_page(account_or_404(user_id))


@bp.route("/accounts/<int:user_id>/edit", methods=["GET", "POST"])
@form_checks_csrf
@role_required(Role.ADMIN)
def edit_account(user_id: int) -> str | Response:
    """Change a person's name, role and school; a new role or school signs them out."""
    user = account_or_404(user_id)
    form = AccountForm(
        data={
            "name": user.name,
            "role": user.role,
            "school": user.school.urn if user.school else "",
        }
    )
    form.find_schools_with(_find_school)
    if form.validate_on_submit():
        token_before = user.session_token
        with form.refusals(default="role"):
            people.edit_account(
                db.session,
                user,
                name=form.name.data or "",
                role=form.role.data or "",
                school_id=form.school_id,
                by_user_id=current_user.id,
            )
            db.session.commit()
            if user.id == current_user.id and user.session_token != token_before:
                return _signed_out_by_own_change(user)
            flash(f"{user.name}'s account has been saved.", "success")
            return redirect(url_for("admin.show_account", user_id=user.id))
    return render_template(
        "admin/account_edit.html",
        title=f"Change {user.name}'s account",
        form=form,
        person=user,
        is_you=user.id == current_user.id,
    )


def _signed_out_by_own_change(user: User) -> Response:
    """An administrator who changed their own role was signed out by it: say so on the sign-in
    page (flashed after the session is cleared, so the message is in the new session)."""
    role = Role(user.role).label.lower()
    logout_user()
    session.clear()
    flash(
        f"Your account has been saved. Your role is now {role}, so you have been signed out: "
        "sign in again to carry on.",
        "info",
    )
    return redirect(url_for("auth.login"))


def _reset(user: User, token: str) -> emails.Email:
    link = email_link("auth.reset_password", token=token)
    return emails.reset_email(user, link)


def _send_link(
    user_id: int,
    issue: Callable[..., str],
    email_for: Callable[[User, str], emails.Email],
    what: str,
) -> str | Response:
    """Issue a link token by the given rule, email it, and come back to the account."""
    user = account_or_404(user_id)
    with refused() as refusal:
        token = issue(
            db.session,
            user,
            secret_key=current_app.config["SECRET_KEY"],
            by_user_id=current_user.id,
        )
    if refusal:
        return _account_page(user, str(refusal))
    sent = _send(email_for(user, token), what)
    db.session.commit()
    flash(sent, "success")
    return redirect(url_for("admin.show_account", user_id=user.id))


@bp.route("/accounts/<int:user_id>/reset-link", methods=["POST"])
@role_required(Role.ADMIN)
def send_reset_link(user_id: int) -> str | Response:
    return _send_link(user_id, links.issue_reset_link, _reset, "A password reset link")


@bp.route("/accounts/<int:user_id>/invitation", methods=["POST"])
@role_required(Role.ADMIN)
def resend_invitation(user_id: int) -> str | Response:
    return _send_link(user_id, links.reissue_invitation, _invitation, "A new invitation")


def _switch_account(user_id: int, enabled: bool) -> str | Response:
    user = account_or_404(user_id)
    with refused() as refusal:
        people.set_account_enabled(db.session, user, enabled, by_user_id=current_user.id)
    if refusal:
        return _account_page(user, str(refusal))
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
