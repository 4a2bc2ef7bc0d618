"""Email goes through SMTP when a server is configured, and is always kept in the outbox."""

from __future__ import annotations

import smtplib

import pytest
from sqlalchemy import func, select

from hrsa.core.errors import ServiceError
from hrsa.extensions import db
from hrsa.models import OutboxMessage
from hrsa.services import notifications as mail

NO_SMTP = mail.MailSettings(
    server="",
    port=587,
    username="",
    password="",
    use_tls=True,
    sender="hrsa <no-reply@example.org>",
)


class FakeSMTP:
    sent: list = []

    def __init__(self, host, port, timeout):  # type: ignore[no-untyped-def]
        self.host, self.port = host, port
        self.calls: list[str] = []

    def __enter__(self):  # type: ignore[no-untyped-def]
        return self

    def __exit__(self, *exc):  # type: ignore[no-untyped-def]
        return False

    def starttls(self):  # type: ignore[no-untyped-def]
        self.calls.append("starttls")

    def login(self, user, password):  # type: ignore[no-untyped-def]
        self.calls.append(f"login {user}")

    def send_message(self, message):  # type: ignore[no-untyped-def]
        FakeSMTP.sent.append((self.host, self.port, self.calls, message))


def test_without_a_server_mail_is_only_kept_in_the_outbox(app, monkeypatch):
    monkeypatch.setattr(
        smtplib, "SMTP", lambda *a, **k: (_ for _ in ()).throw(AssertionError("no SMTP"))
    )
    mail.deliver(db.session, NO_SMTP, "lead@school.example", "Your invitation", "Follow this link")
    db.session.commit()
    message = db.session.scalar(select(OutboxMessage))
    assert (message.recipient, message.subject, message.delivered_by_smtp) == (
        "lead@school.example",
        "Your invitation",
        False,
    )


def test_with_a_server_mail_is_sent_by_smtp_with_tls_and_login(app, monkeypatch):
    FakeSMTP.sent = []
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    settings = mail.MailSettings(
        server="smtp.example.org",
        port=2525,
        username="hrsa",
        password="secret",
        use_tls=True,
        sender="hrsa <no-reply@example.org>",
    )
    message = mail.deliver(
        db.session, settings, "lead@school.example", "Reset your password", "Link"
    )
    host, port, calls, sent = FakeSMTP.sent[0]
    assert (host, port, calls) == ("smtp.example.org", 2525, ["starttls", "login hrsa"])
    assert sent["To"] == "lead@school.example" and sent["Subject"] == "Reset your password"
    assert message.delivered_by_smtp is True


def test_a_failing_smtp_server_keeps_the_message_for_the_outbox(app, monkeypatch):
    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise ConnectionRefusedError("refused")

    monkeypatch.setattr(smtplib, "SMTP", refuse)
    settings = mail.MailSettings(
        server="smtp.example.org",
        port=25,
        username="",
        password="",
        use_tls=False,
        sender="hrsa <no-reply@example.org>",
    )
    message = mail.deliver(db.session, settings, "lead@school.example", "Invitation", "Link")
    assert message.delivered_by_smtp is False
    db.session.commit()
    assert db.session.scalar(select(OutboxMessage.subject)) == "Invitation"


def test_send_keeps_one_message_per_recipient_with_the_apps_settings(app, monkeypatch):
    FakeSMTP.sent = []
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    config = {"MAIL_SERVER": "smtp.example.org", "MAIL_PORT": "2525", "MAIL_USE_TLS": False}
    messages = mail.send(
        db.session,
        to=["a@school.example", "b@school.example"],
        subject="Assessment submitted",
        body="Thank you",
        config=config,
    )
    db.session.commit()
    assert [m.recipient for m in messages] == ["a@school.example", "b@school.example"]
    # Each person gets their own message: nobody sees the other addresses.
    assert [(host, port, sent["To"]) for host, port, _, sent in FakeSMTP.sent] == [
        ("smtp.example.org", 2525, "a@school.example"),
        ("smtp.example.org", 2525, "b@school.example"),
    ]
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 2


def test_send_without_a_mail_server_only_fills_the_outbox(app, monkeypatch):
    monkeypatch.setattr(
        smtplib, "SMTP", lambda *a, **k: (_ for _ in ()).throw(AssertionError("no SMTP"))
    )
    (message,) = mail.send(
        db.session, to="lead@school.example", subject="Hello", body="Text", config={}
    )
    db.session.commit()
    assert message.delivered_by_smtp is False
    assert db.session.scalar(select(OutboxMessage.recipient)) == "lead@school.example"


@pytest.mark.parametrize(
    ("to", "subject"),
    [
        ("lead@school.example", "Tamar View\r\nBcc: everyone@example.org"),
        ("lead@school.example", "Line one\nline two"),
        ("lead@school.example", "Next\u2028line"),
        ("lead@school.example\nBcc: x@example.org", "Invitation"),
    ],
)
def test_a_header_with_a_line_break_is_refused_before_delivery(app, monkeypatch, to, subject):
    monkeypatch.setattr(
        smtplib, "SMTP", lambda *a, **k: (_ for _ in ()).throw(AssertionError("no SMTP"))
    )
    with pytest.raises(ServiceError, match="must each be one line"):
        mail.send(db.session, to=[to], subject=subject, body="Body", config={})
    with pytest.raises(ServiceError, match="must each be one line"):
        mail.deliver(db.session, NO_SMTP, to, subject, "Body")
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0
