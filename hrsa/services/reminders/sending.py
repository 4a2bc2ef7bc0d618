"""Send each due reminder once: leave out what a person has already been told, email the rest
(through notifications, so each is in the outbox) and record every key sent.

Like every service this only adds and flushes: the caller commits, so a reminder is recorded as
sent exactly when its outbox message is kept.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from hrsa.core.service import SERVICE_NAME
from hrsa.models import ReminderSent
from hrsa.services import notifications
from hrsa.services.reminders.due import Due, Item, everything_due


@dataclass(frozen=True)
class Links:
    """Absolute links for the emails, built by the caller from HRSA_BASE_URL."""

    home: str  # the school's own start page: its assessment, started or not
    plan: Callable[[int], str]  # an assessment's delivery plan, by assessment id
    resource: Callable[[int], str]  # a resource, by id
    review_queue: str
    account: str


SUBJECTS = {
    "cycle_closing": "Reminder: your school's self-assessment has not been submitted",
    "plan_actions": "Reminder: delivery plan actions due or overdue",
    "resource_reviews": "Reminder: resources due for review",
    "waiting_proposals": "Reminder: resource proposals waiting for review",
}
OPENINGS = {
    "cycle_closing": "Your school has not yet submitted its healthy relationships self-assessment.",
    "plan_actions": "These actions in your school's delivery plan are due soon or overdue:",
    "resource_reviews": "These resources in the bank are due for review by the advisory group:",
    "waiting_proposals": "These resource proposals have waited more than 14 days for a review:",
}


def _already_sent(session: Session, due: list[Due]) -> set[tuple[int, str]]:
    wanted = {(d.recipient.id, item.key) for d in due for item in d.items}
    if not wanted:
        return set()
    pairs = session.execute(
        select(ReminderSent.recipient_id, ReminderSent.key).where(
            tuple_(ReminderSent.recipient_id, ReminderSent.key).in_(sorted(wanted))
        )
    )
    return {(recipient_id, key) for recipient_id, key in pairs}


def _link(kind: str, item: Item, links: Links) -> str:
    if kind == "cycle_closing":
        return links.home
    if kind == "plan_actions":
        return links.plan(item.target_id)
    if kind == "resource_reviews":
        return links.resource(item.target_id)
    return links.review_queue


def body(due: Due, items: list[Item], links: Links) -> str:
    """The reminder's text: who, what, where to act, and how to stop reminders."""
    lines = [f"Dear {due.recipient.name},", "", OPENINGS[due.kind], ""]
    if due.kind == "cycle_closing":
        lines += [
            f"{items[0].line}.",
            "",
            f"Finish and submit it: {_link(due.kind, items[0], links)}",
        ]
    elif due.kind == "plan_actions":
        lines += [f"- {item.line}" for item in items]
        lines += ["", f"Update the plan: {_link(due.kind, items[0], links)}"]
    else:
        lines += [f"- {item.line}: {_link(due.kind, item, links)}" for item in items]
    lines += [
        "",
        f"You can turn reminders off on your account page: {links.account}",
        "",
        SERVICE_NAME,
    ]
    return "\n".join(lines)


def send_due(
    session: Session, *, today: date, links: Links, config: Mapping[str, Any]
) -> Counter[str]:
    """Send every reminder due today that its person has not had; how many emails of each kind."""
    due = everything_due(session, today)
    sent = _already_sent(session, due)
    counts: Counter[str] = Counter()
    for reminder in due:
        new = [item for item in reminder.items if (reminder.recipient.id, item.key) not in sent]
        if not new:
            continue
        notifications.send(
            session,
            to=[reminder.recipient.email],
            subject=SUBJECTS[reminder.kind],
            body=body(reminder, new, links),
            config=config,
        )
        for key in dict.fromkeys(item.key for item in new):
            session.add(
                ReminderSent(recipient_id=reminder.recipient.id, kind=reminder.kind, key=key)
            )
            sent.add((reminder.recipient.id, key))
        counts[reminder.kind] += 1
    session.flush()
    return counts
