"""Sending email from any area: through SMTP when MAIL_SERVER is set, and always into the outbox.

The outbox (administration → Outbox) keeps every message, so a local install without a mail
server still shows what would have been sent. Callers build the subject and body; this module
only delivers. Like every service it only adds and flushes: the caller commits.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hrsa.core.errors import ServiceError
from hrsa.core.pagination import Page, paginate
from hrsa.core.vocabulary.people import Role
from hrsa.models import OutboxMessage, User

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class MailSettings:
    """Where mail goes: no server means the outbox only."""

    server: str
    port: int
    username: str
    password: str
    use_tls: bool
    sender: str


def mail_settings(config: Mapping[str, Any]) -> MailSettings:
    """The SMTP settings from the app's MAIL_* configuration (no MAIL_SERVER: outbox only)."""
    return MailSettings(
        server=str(config.get("MAIL_SERVER") or ""),
        port=int(config.get("MAIL_PORT") or 587),
        username=str(config.get("MAIL_USERNAME") or ""),
        password=str(config.get("MAIL_PASSWORD") or ""),
        use_tls=bool(config.get("MAIL_USE_TLS", True)),
        sender=str(config.get("MAIL_DEFAULT_SENDER") or ""),
    )


def addresses(
    session: Session, *, roles: Sequence[Role], school_id: int | None = None
) -> list[str]:
    """The email addresses of every enabled account with one of these roles (of one school if
    school_id is given), in a stable order: who a notification goes to."""
    query = select(User.email).where(
        User.role.in_([role.value for role in roles]), User.is_enabled.is_(True)
    )
    if school_id is not None:
        query = query.where(User.school_id == school_id)
    return list(session.scalars(query.order_by(User.email)))


def send(
    session: Session,
    *,
    to: Sequence[str],
    subject: str,
    body: str,
    config: Mapping[str, Any],
) -> list[OutboxMessage]:
    """Send one message to each address (none sees the others) with the app's MAIL_* settings.

    Returns the outbox records, whose `delivered_by_smtp` says whether a mail server took each.
    """
    settings = mail_settings(config)
    recipients = [to] if isinstance(to, str) else list(to)
    for header in (subject, *recipients):
        if _breaks_header(header):
            raise ServiceError(HEADER_PROBLEM)
    return [deliver(session, settings, address, subject, body) for address in recipients]


HEADER_PROBLEM = "An email's subject and address must each be one line: nothing was sent"


def _breaks_header(value: str) -> bool:
    """A line break (or NUL) in a header would end it and start another: header injection."""
    return any(character in value for character in "\r\n\x00\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def deliver(
    session: Session, settings: MailSettings, to: str, subject: str, body: str
) -> OutboxMessage:
    """Record one message in the outbox and deliver it by SMTP if a server is configured; a
    subject or address that is not one line is refused first (ServiceError), nothing kept."""
    if _breaks_header(subject) or _breaks_header(to):
        raise ServiceError(HEADER_PROBLEM)
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


def outbox_page(session: Session, page: int) -> Page[OutboxMessage]:
    """The outbox, newest first."""
    query = select(OutboxMessage).order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
    return paginate(session, query, page)
