"""A person's choice of reminders by email, on their account page."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput
from werkzeug.wrappers import Response
from wtforms import RadioField, SubmitField
from wtforms.fields.choices import SelectChoice

from hrsa.extensions import db
from hrsa.services import audit
from hrsa.web.auth import bp
from hrsa.web.auth.forms import ChangePasswordForm
from hrsa.web.forms import BaseForm
from hrsa.web.security import form_checks_csrf

YES, NO = "yes", "no"


class RemindersForm(BaseForm):
    wants_reminders = RadioField(
        "Do you want reminders by email?",
        widget=GovRadioInput(),
        choices=[
            SelectChoice(YES, "Yes, send me reminders"),
            SelectChoice(NO, "No, do not send me reminders"),
        ],
        description=(
            "For example when a cycle is about to close, plan actions are due, or resources "
            "are due for review. Other emails, such as invitations and password links, still come."
        ),
        invalid_choice_message="Choose whether you want reminders by email",
    )
    save_reminders = SubmitField("Save reminder choice", widget=GovSubmitInput())


def reminders_form() -> RemindersForm:
    """The form as the account page shows it, with the person's current choice."""
    return RemindersForm(formdata=None, wants_reminders=YES if current_user.wants_reminders else NO)


@bp.route("/account/reminders", methods=["POST"])
@login_required
@form_checks_csrf
def reminders() -> str | Response:
    form = RemindersForm()
    if not form.validate_on_submit():
        return render_template(
            "auth/account.html",
            title="Your account",
            form=ChangePasswordForm(formdata=None),
            reminders=form,
            error_form=form,
        )
    current_user.wants_reminders = form.wants_reminders.data == YES
    audit.record(
        db.session,
        user_id=current_user.id,
        action="reminders_on" if current_user.wants_reminders else "reminders_off",
        entity="user",
        entity_id=current_user.id,
    )
    db.session.commit()
    flash(
        "You will get reminders by email."
        if current_user.wants_reminders
        else "You will not get reminders by email.",
        "success",
    )
    return redirect(url_for("auth.account"))
