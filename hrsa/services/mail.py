"""Sending email: through SMTP when MAIL_SERVER is set, and always into the admin outbox."""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage

from sqlalchemy.orm import Session

from hrsa.models import OutboxMessage

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class MailSettings:
    server: str
    port: int
    username: str
    password: str
    use_tls: bool
    sender: str


def send(
    session: Session, settings: MailSettings, to: str, subject: str, body: str
) -> OutboxMessage:
    """Record the message in the outbox and deliver it by SMTP if a server is configured."""
    message = OutboxMessage(recipient=to, subject=subject, body=body, delivered_by_smtp=False)
    session.add(message)
    if not settings.server:
        log.info("Email to %s (no MAIL_SERVER, kept in the outbox): %s\n%s", to, subject, body)
        return message
    email = EmailMessage()
    email["From"] = settings.sender
    email["To"] = to
    email["Subject"] = subject
    email.set_content(body)
    try:
        with smtplib.SMTP(settings.server, settings.port, timeout=20) as smtp:
            if settings.use_tls:
                smtp.starttls()
            if settings.username:
                smtp.login(settings.username, settings.password)
            smtp.send_message(email)
        message.delivered_by_smtp = True
    except (OSError, smtplib.SMTPException):
        log.exception(
            "Could not send email to %s through %s; kept in the outbox", to, settings.server
        )
    return message
