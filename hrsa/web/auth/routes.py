"""Views for signing in and out and setting passwords."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from hrsa.extensions import db, limiter
from hrsa.models import User
from hrsa.services import audit, notifications
from hrsa.services.accounts import emails, hashing_gate, identity, links, passwords
from hrsa.web.auth import bp, sessions
from hrsa.web.auth.forms import ChangePasswordForm, ForgotPasswordForm, LoginForm, SetPasswordForm
from hrsa.web.auth.reminders import reminders_form
from hrsa.web.main.routes import landing_url
from hrsa.web.security import email_link, form_checks_csrf, safe_path

GENERIC_LOGIN_ERROR = "Enter a correct email address and password"


def _address_limit() -> str:
    return str(current_app.config["HRSA_LOGIN_ADDRESS_LIMIT"])


def _account_limit() -> str:
    return str(current_app.config["HRSA_LOGIN_ACCOUNT_LIMIT"])


def _safe_next(target: str | None) -> str:
    """Only follow a 'next' address on this site."""
    return safe_path(target) or url_for("main.index")


def _email_key() -> str:
    """Limit guesses per account as well as per address."""
    return "email:" + identity.normalise_email(request.form.get("email", ""))


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(_address_limit, methods=["POST"])
@limiter.limit(_account_limit, methods=["POST"], key_func=lambda: _email_key())
@form_checks_csrf
def login() -> str | Response | tuple[str, int] | tuple[str, int, dict[str, str]]:
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    carried = sessions.carried_fields(request.form) if request.method == "POST" else []
    if form.validate_on_submit():
        try:
            user = passwords.authenticate(
                db.session, form.email.data or "", form.password.data or ""
            )
        except hashing_gate.Busy as busy:  # the email stays; the password is typed again
            form.password.errors = [str(busy)]
            form.password.data = ""
            return _login_page(form, carried), 503, {"Retry-After": "30"}
        if user is None:
            _record_failed_sign_in(form.email.data or "")
            form.password.errors = [GENERIC_LOGIN_ERROR]
            form.password.data = ""
            return _login_page(form, carried), 200
        next_url = _safe_next(request.args.get("next"))
        if next_url == url_for("main.index"):
            next_url = landing_url(user)
        _sign_in(user)
        db.session.commit()
        if carried and next_url != landing_url(user):
            # A form sent after a timeout: one click sends it on, with a fresh CSRF token.
            return render_template(
                "auth/carry_on.html", title="Send what you typed", action=next_url, carried=carried
            )
        return redirect(next_url)
    return _login_page(form, carried)


def _record_failed_sign_in(email: str) -> None:
    """A failed sign-in to an existing account goes in that account's audit trail (what was
    typed never does: it may be a password typed in the wrong box)."""
    account = identity.find_by_email(db.session, email)
    if account is not None:
        audit.record(
            db.session,
            user_id=account.id,
            action="sign_in_failed",
            entity="user",
            entity_id=account.id,
        )
        db.session.commit()


def _sign_in(user: User) -> None:
    """Start a fresh session for `user` and record the sign-in (the caller commits)."""
    sessions.sign_in_fresh(user)
    passwords.record_login(user)
    audit.record(db.session, user_id=user.id, action="sign_in", entity="user", entity_id=user.id)


def _login_page(form: LoginForm, carried: list[tuple[str, str]]) -> str:
    return render_template(
        "auth/login.html",
        title="Sign in",
        form=form,
        action=request.full_path.rstrip("?"),
        carried=carried,
        timed_out=bool(carried),
    )


@bp.route("/sign-out", methods=["POST"])
def logout() -> Response:
    if current_user.is_authenticated:
        # Every copy of this session's cookie (and any other device's) stops working now.
        identity.end_sessions(current_user)
        db.session.commit()
    logout_user()
    session.clear()
    flash("You have signed out.", "success")
    return redirect(url_for("auth.login"))


@bp.route("/session/keep-alive", methods=["POST"])
@login_required
def keep_alive() -> tuple[str, int]:
    """Stay signed in, from the timeout warning: this request counts as using the service."""
    return "", 204


@bp.route("/account", methods=["GET", "POST"])
@login_required
@form_checks_csrf
def account() -> str | Response:
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if (
            passwords.authenticate(db.session, current_user.email, form.current_password.data or "")
            is None
        ):
            form.current_password.errors = ["Your current password is not correct"]
        else:
            with form.refusals(default="password"):
                passwords.set_password(current_user, form.password.data or "")
                audit.record(
                    db.session,
                    user_id=current_user.id,
                    action="change_password",
                    entity="user",
                    entity_id=current_user.id,
                )
                db.session.commit()
                # The session id changed with the password. Pass the User itself: login_user
                # stores what it is given as current_user, and the proxy would point at itself.
                login_user(current_user._get_current_object())
                flash("Your password has been changed.", "success")
                return redirect(url_for("auth.account"))
    return render_template(
        "auth/account.html", title="Your account", form=form, reminders=reminders_form()
    )


def _password_link(purpose: str, token: str) -> str | Response:
    try:
        auth_token = links.check_token(db.session, token, purpose, current_app.config["SECRET_KEY"])
    except links.TokenError as error:
        return render_template(
            "auth/link_problem.html", title="This link cannot be used", message=str(error)
        )
    form = SetPasswordForm()
    if form.validate_on_submit():
        with form.refusals(default="password"):
            user = links.use_token(
                db.session,
                token,
                purpose,
                current_app.config["SECRET_KEY"],
                form.password.data or "",
            )
            audit.record(
                db.session,
                user_id=user.id,
                action=f"{purpose}_accepted",
                entity="user",
                entity_id=user.id,
            )
            # Whoever followed the link has just proved it reached them: they are signed in on
            # a new session (setting the password ended every earlier one).
            _sign_in(user)
            db.session.commit()
            flash("Your password has been set and you are signed in.", "success")
            return redirect(landing_url(user))
    heading = "Set up your account" if purpose == links.PURPOSE_INVITE else "Choose a new password"
    return render_template(
        "auth/set_password.html", title=heading, form=form, person=auth_token.user
    )


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@form_checks_csrf
def accept_invitation(token: str) -> str | Response:
    return _password_link(links.PURPOSE_INVITE, token)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@form_checks_csrf
def reset_password(token: str) -> str | Response:
    return _password_link(links.PURPOSE_RESET, token)


# --- "Forgot your password?" ------------------------------------------------------------------

RESET_SENT_TO = "_hrsa_reset_sent_to"


def _reset_address_limit() -> str:
    return str(current_app.config["HRSA_RESET_ADDRESS_LIMIT"])


def _reset_account_limit() -> str:
    return str(current_app.config["HRSA_RESET_ACCOUNT_LIMIT"])


def _reset_email_key() -> str:
    """Limit requests per email address (its own count, apart from sign-in attempts)."""
    return "reset:" + identity.normalise_email(request.form.get("email", ""))


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit(_reset_address_limit, methods=["POST"])
@limiter.limit(_reset_account_limit, methods=["POST"], key_func=lambda: _reset_email_key())
@form_checks_csrf
def forgot_password() -> str | Response:
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        email = identity.normalise_email(form.email.data or "")
        with _taking_at_least(float(current_app.config["HRSA_RESET_ANSWER_SECONDS"])):
            _email_reset_link(email)
            db.session.commit()
        # The same answer whether or not there is an account, or it is disabled.
        session[RESET_SENT_TO] = email
        return redirect(url_for("auth.reset_link_sent"))
    return render_template("auth/forgot_password.html", title="Reset your password", form=form)


@contextmanager
def _taking_at_least(seconds: float) -> Iterator[None]:
    """Wait out the rest of `seconds`, so how long the answer took does not tell whether an
    email was sent (sending through a mail server takes a while)."""
    started = time.monotonic()
    yield
    time.sleep(max(0.0, seconds - (time.monotonic() - started)))


def _email_reset_link(email: str) -> None:
    """Send a reset link to the enabled account with this address, if there is one."""
    found = links.request_reset(db.session, email, secret_key=current_app.config["SECRET_KEY"])
    if found is None:
        return
    user, token = found
    config = current_app.config
    message = emails.self_reset_email(
        user,
        email_link("auth.reset_password", token=token),
        contact=f"{config['HRSA_CONTACT_NAME']} ({config['HRSA_CONTACT_EMAIL']})",
    )
    notifications.send(
        db.session, to=[message.to], subject=message.subject, body=message.body, config=config
    )


@bp.route("/forgot-password/sent")
def reset_link_sent() -> str | Response:
    sent_to = session.get(RESET_SENT_TO)
    if not isinstance(sent_to, str):
        return redirect(url_for("auth.forgot_password"))
    return render_template("auth/reset_link_sent.html", title="Check your email", sent_to=sent_to)
