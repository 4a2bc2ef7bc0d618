"""The emails an account causes (an invitation, a reset link), written for notifications.send."""

from __future__ import annotations

from dataclasses import dataclass

from hrsa.core.service import SERVICE_NAME
from hrsa.models import User
from hrsa.services.accounts.links import TOKEN_LIFETIME

LINK_HOURS = int(TOKEN_LIFETIME.total_seconds() // 3600)


@dataclass(frozen=True)
class Email:
    """A message to one person, ready for notifications.send."""

    to: str
    subject: str
    body: str


def _where(user: User) -> str:
    return f" at {user.school.name}" if user.school is not None else ""


def invitation_email(user: User, link: str, *, invited_by: str) -> Email:
    """The email that lets a new person choose a password through `link`."""
    body = (
        f"Dear {user.name},\n\n"
        f"{invited_by} has invited you to use the {SERVICE_NAME} service as "
        f"{user.role_enum.label.lower()}{_where(user)}.\n\n"
        "To set up your account, open this link and choose a password:\n\n"
        f"{link}\n\n"
        f"The link works once and lasts {LINK_HOURS} hours. If it has expired, ask an "
        "administrator to send you a new one.\n\n"
        "If you were not expecting this email, you can ignore it."
    )
    return Email(user.email, f"Set up your account for the {SERVICE_NAME}", body)


def reset_email(user: User, link: str) -> Email:
    """The email that lets a person choose a new password through `link`."""
    body = (
        f"Dear {user.name},\n\n"
        f"An administrator has sent you a link to choose a new password for the {SERVICE_NAME}:"
        f"\n\n{link}\n\n"
        f"The link works once and lasts {LINK_HOURS} hours. Your current password keeps working "
        "until you use it.\n\n"
        "If you did not ask for a new password, tell your administrator."
    )
    return Email(user.email, f"Choose a new password for the {SERVICE_NAME}", body)


def self_reset_email(user: User, link: str, *, contact: str) -> Email:
    """The email answering "Forgot your password?": a link to choose a new one."""
    body = (
        f"Dear {user.name},\n\n"
        f"Someone asked to reset the password for your {SERVICE_NAME} account. If it was you, "
        "open this link and choose a new password:\n\n"
        f"{link}\n\n"
        f"The link works once and lasts {LINK_HOURS} hours. Your current password keeps working "
        "until you use it.\n\n"
        "If you did not ask for a new password, you can ignore this email: nothing has changed. "
        f"If you keep getting these emails, tell {contact}."
    )
    return Email(user.email, f"Choose a new password for the {SERVICE_NAME}", body)
