"""Forms for signing in and setting passwords."""

from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput, GovTextInput
from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import Email, EqualTo, InputRequired, Length

from hrsa.services.accounts.passwords import MIN_PASSWORD_LENGTH
from hrsa.web.forms import BaseForm


def _email_field(**kwargs: object) -> EmailField:
    return EmailField(
        "Email address",
        widget=GovTextInput(),
        # People paste addresses with a space before or after: that is not their mistake.
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
        validators=[
            InputRequired("Enter your email address"),
            Email("Enter an email address in the correct format, like name@example.org"),
            Length(max=254, message="Email address must be 254 characters or fewer"),
        ],
        **kwargs,
    )


class LoginForm(BaseForm):
    email = _email_field()
    password = PasswordField(
        "Password",
        widget=GovPasswordInput(),
        validators=[InputRequired("Enter your password"), Length(max=200)],
    )
    submit = SubmitField("Sign in", widget=GovSubmitInput())


class SetPasswordForm(BaseForm):
    password = PasswordField(
        "New password",
        widget=GovPasswordInput(),
        description=(
            f"Use {MIN_PASSWORD_LENGTH} characters or more. A few unrelated words work well: "
            "not your name, your email address or a common password."
        ),
        validators=[
            InputRequired("Enter a new password"),
            Length(
                min=MIN_PASSWORD_LENGTH,
                max=200,
                message=f"Password must be between {MIN_PASSWORD_LENGTH} and 200 characters",
            ),
        ],
    )
    confirm = PasswordField(
        "Confirm new password",
        widget=GovPasswordInput(),
        validators=[
            InputRequired("Confirm your new password"),
            EqualTo("password", message="The passwords do not match"),
        ],
    )
    submit = SubmitField("Save password", widget=GovSubmitInput())


class ChangePasswordForm(SetPasswordForm):
    current_password = PasswordField(
        "Current password",
        widget=GovPasswordInput(),
        validators=[InputRequired("Enter your current password")],
    )
    submit = SubmitField("Change password", widget=GovSubmitInput())


class ForgotPasswordForm(BaseForm):
    email = _email_field(description="The address you sign in with, usually your work email")
    submit = SubmitField("Send me a link", widget=GovSubmitInput())
