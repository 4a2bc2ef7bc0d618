"""`hrsa send-reminders`, run in-process as the daily scheduler would."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from hrsa.core.formatting import uk_today
from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.models import OutboxMessage


def test_sends_todays_reminders_once_with_links_to_the_service(app, factory) -> None:
    today = uk_today()
    factory.cycle(
        "2026/27", opens_on=today - timedelta(days=60), closes_on=today + timedelta(days=3)
    )
    lead = factory.user(Role.SCHOOL_LEAD)
    runner = app.test_cli_runner()

    first = runner.invoke(args=["send-reminders"])
    again = runner.invoke(args=["send-reminders"])

    assert first.exit_code == 0, first.output
    assert first.output.strip() == "Sent 1 reminder email(s): 1 cycle closing."
    assert again.output.strip() == "Sent 0 reminder email(s)."
    (message,) = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == lead.email)
    )
    base = app.config["HRSA_BASE_URL"].rstrip("/")
    assert f"{base}/account" in message.body
