"""The timetable: each task is due once a UK day from its hour, or once an hour."""

from __future__ import annotations

from datetime import UTC, datetime

from hrsa.services.jobs import schedule


def test_daily_tasks_are_due_from_their_hour_in_uk_time_and_hourly_ones_every_hour() -> None:
    early = datetime(2026, 7, 1, 0, 30, tzinfo=UTC)  # 01:30 in London (summer time)
    morning = datetime(2026, 7, 1, 6, 5, tzinfo=UTC)  # 07:05 in London

    assert [(task.command, p) for task, p in schedule.due(early)] == [
        ("expire-downloads", "2026-07-01T01")
    ]
    assert [(task.command, p) for task, p in schedule.due(morning)] == [
        ("expire-downloads", "2026-07-01T07"),
        ("lapse-resources", "2026-07-01"),
        ("purge-evidence", "2026-07-01"),
        ("send-reminders", "2026-07-01"),
    ]
    task = schedule.SCHEDULE[3]
    assert schedule.claim_key(task, "2026-07-01") == "hrsa:scheduled:send-reminders:2026-07-01"
