"""The emails a school's assessment causes: a submission tells the advisory group, a reopening
tells the school's people what to change.

Who hears: a submission goes to every enabled advisory group member, because they moderate and
reopen. Commissioners and administrators are not told: commissioners follow the city through the
dashboard and act on no single school's submission, and an administrator's part is accounts,
not assessments. A reopening goes to every enabled lead and staff member of that school.

Like every service this only adds and flushes: the caller commits, so the outbox row is kept
exactly when the submission or reopening is. Links are absolute, built by the caller from
HRSA_BASE_URL (hrsa.web.security.email_link), never from the request.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from hrsa.core.formatting import format_date
from hrsa.core.framework import Standard
from hrsa.core.service import SERVICE_NAME
from hrsa.core.vocabulary.people import Role
from hrsa.models import Assessment, OutboxMessage, User
from hrsa.services import notifications


@dataclass(frozen=True)
class Mailing:
    """What a service needs to send one of these emails: the absolute link it points to (from
    HRSA_BASE_URL) and the app's configuration (its MAIL_* settings)."""

    link: str
    config: Mapping[str, Any]


def _service_name() -> str:
    return SERVICE_NAME


def submitted_email(assessment: Assessment, *, by: User, link: str) -> tuple[str, str]:
    """Subject and body telling the advisory group that a school has submitted."""
    school, cycle = assessment.school.name, assessment.cycle.name
    again = assessment.reopened_at is not None
    verb = "resubmitted" if again else "submitted"
    subject = f"{school} has {verb} its {cycle} self-assessment"
    reopened = (
        [
            f"It had been reopened on {format_date(assessment.reopened_at)} so that the school "
            "could change it.",
            "",
        ]
        if again
        else []
    )
    body = "\n".join(
        [
            f"{school} has {verb} its healthy relationships self-assessment for {cycle}.",
            "",
            *reopened,
            f"Submitted by: {by.name}, {by.role_enum.label.lower()}",
            "",
            "To read the assessment, moderate its ratings or reopen it for changes, go to:",
            link,
            "",
            "You are getting this email because you are a member of the advisory group for the "
            f"{_service_name()} service.",
        ]
    )
    return subject, body


def reopened_email(
    assessment: Assessment,
    *,
    by: User,
    reason: str,
    standards: Sequence[Standard],
    link: str,
) -> tuple[str, str]:
    """Subject and body telling a school that its assessment was reopened, why, and where."""
    school, cycle = assessment.school.name, assessment.cycle.name
    subject = f"{school}: your {cycle} self-assessment has been reopened"
    lines = [
        f"{by.name} ({by.role_enum.label.lower()}) has reopened {school}'s healthy "
        f"relationships self-assessment for {cycle}, so that you can change it.",
        "",
        "The reason they gave:",
        "",
        reason,
    ]
    if standards:
        lines += ["", "They asked you to look again at:", ""]
        lines += [f"- standard {s.code}: {s.text}" for s in standards]
    lines += [
        "",
        "Make your changes and save each principle you change. Your school lead will then "
        "need to submit the assessment again.",
        "",
        "Go to your task list:",
        link,
        "",
        f"You are getting this email because you have an account for {school} on the "
        f"{_service_name()} service.",
    ]
    return subject, "\n".join(lines)


def tell_advisory_group(
    session: Session,
    assessment: Assessment,
    *,
    by: User,
    mailing: Mailing,
) -> list[OutboxMessage]:
    """Email every enabled advisory group member that the school has submitted."""
    subject, body = submitted_email(assessment, by=by, link=mailing.link)
    to = notifications.addresses(session, roles=[Role.ADVISORY])
    return notifications.send(session, to=to, subject=subject, body=body, config=mailing.config)


def tell_school(
    session: Session,
    assessment: Assessment,
    *,
    by: User,
    reason: str,
    standards: Sequence[Standard],
    mailing: Mailing,
) -> list[OutboxMessage]:
    """Email every enabled lead and staff member of the school that it was reopened, and why."""
    subject, body = reopened_email(
        assessment, by=by, reason=reason, standards=standards, link=mailing.link
    )
    to = notifications.addresses(session, roles=Role.school_roles(), school_id=assessment.school_id)
    return notifications.send(session, to=to, subject=subject, body=body, config=mailing.config)
