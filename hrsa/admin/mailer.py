"""The emails administrators cause: invitations and password reset links.

Builds the mail settings from the app's MAIL_* configuration and the full link with url_for, so
the views stay short. Every message also lands in the outbox (see hrsa.services.mail).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import current_app, url_for

from hrsa import SERVICE_NAME
from hrsa.extensions import db
from hrsa.models import OutboxMessage, User
from hrsa.services import accounts, mail

LINK_HOURS = int(accounts.TOKEN_LIFETIME.total_seconds() // 3600)


def mail_settings(config: Mapping[str, Any]) -> mail.MailSettings:
    """The SMTP settings from the app's MAIL_* configuration (no MAIL_SERVER: outbox only)."""
    return mail.MailSettings(
        server=str(config.get("MAIL_SERVER") or ""),
        port=int(config.get("MAIL_PORT") or 587),
        username=str(config.get("MAIL_USERNAME") or ""),
        password=str(config.get("MAIL_PASSWORD") or ""),
        use_tls=bool(config.get("MAIL_USE_TLS", True)),
        sender=str(config.get("MAIL_DEFAULT_SENDER") or ""),
    )


def send_email(to: str, subject: str, body: str) -> OutboxMessage:
    """Send one email with the app's settings; the caller commits."""
    return mail.send(db.session, mail_settings(current_app.config), to, subject, body)


def _where(user: User) -> str:
    if user.school is not None:
        return f" at {user.school.name}"
    return ""


def send_invitation(user: User, token: str, invited_by: str) -> OutboxMessage:
    """Email a new person the link that lets them choose a password."""
    link = url_for("auth.accept_invitation", token=token, _external=True)
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
    return send_email(user.email, f"Set up your account for the {SERVICE_NAME}", body)


def send_reset_link(user: User, token: str) -> OutboxMessage:
    """Email a person the link that lets them choose a new password."""
    link = url_for("auth.reset_password", token=token, _external=True)
    body = (
        f"Dear {user.name},\n\n"
        f"An administrator has sent you a link to choose a new password for the {SERVICE_NAME}:\n\n"
        f"{link}\n\n"
        f"The link works once and lasts {LINK_HOURS} hours. Your current password keeps working "
        "until you use it.\n\n"
        "If you did not ask for a new password, tell your administrator."
    )
    return send_email(user.email, f"Choose a new password for the {SERVICE_NAME}", body)
