"""The school's side of moderation: replying to a challenge and asking for a reopening.

A school lead or staff member replies to a challenged standard: they accept the challenge, or
answer it with a comment and, if they like, a link to more evidence (added to the standard's
evidence, so moderators and the report see it where they see the rest). Only a school lead asks
for a submitted assessment to be reopened, with a reason. Both are audited on the assessment
(a reply on its standard, so it shows in the standard's history), appear in the advisory group's
queue and are emailed to every enabled advisory group member. The advisory group answers a
reopening request by reopening the assessment (which grants it) or by declining it with a reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from hrsa.core.errors import NotFound, ServiceError
from hrsa.core.invisible import one_line
from hrsa.core.service import SERVICE_NAME
from hrsa.core.vocabulary.audit import AuditAction
from hrsa.core.vocabulary.people import Role
from hrsa.models import Assessment, Moderation, Rating, User
from hrsa.models.base import utcnow
from hrsa.models.dialogue import ModerationReply, ReopenRequest
from hrsa.services import audit, notifications
from hrsa.services.evidence import items as evidence
from hrsa.services.evidence.items import LinkRejected
from hrsa.services.moderation.decisions import closed_cycle_problem

MAX_TEXT = 2000


class Refused(ServiceError):
    """This reply or request cannot be made now; the message says why."""


@dataclass(frozen=True)
class Mail:
    """Where the advisory group's email links to, and the app's MAIL_* settings."""

    link: str
    config: Mapping[str, Any]


@dataclass(frozen=True)
class ReplyInput:
    """What the school sent: 'accept' or 'answer', a comment, and an optional evidence link."""

    choice: str | None
    comment: str
    evidence_url: str = ""
    evidence_title: str = ""


def _tell_advisory_group(session: Session, subject: str, lines: list[str], mail: Mail) -> None:
    body = "\n".join(
        [
            *lines,
            "",
            "To read it and answer, go to:",
            mail.link,
            "",
            "You are getting this email because you are a member of the advisory group for the "
            f"{SERVICE_NAME} service.",
        ]
    )
    to = notifications.addresses(session, roles=[Role.ADVISORY])
    notifications.send(session, to=to, subject=one_line(subject), body=body, config=mail.config)


def _school_user(user: User, assessment: Assessment) -> None:
    if not user.role_enum.is_school_role or user.school_id != assessment.school_id:
        raise Refused("Only the school's own lead and staff can reply to its moderation")


def _open_for_dialogue(assessment: Assessment) -> None:
    if not assessment.is_submitted:
        raise Refused(
            "Your assessment has been reopened, so you can change the rating itself: there is "
            "nothing to reply to until it is submitted again"
        )
    closed = closed_cycle_problem(assessment)
    if closed:
        raise Refused(closed)


def reply_problems(data: ReplyInput) -> dict[str, str]:
    """The reply rules: a choice; an answer needs a comment; texts within MAX_TEXT."""
    errors: dict[str, str] = {}
    if data.choice not in ("accept", "answer"):
        errors["choice"] = "Choose whether you accept the challenge or want to answer it"
    elif data.choice == "answer" and not data.comment.strip():
        errors["comment"] = "Enter your answer to the challenge"
    if len(data.comment.strip()) > MAX_TEXT:
        errors["comment"] = f"Your answer must be {MAX_TEXT:,} characters or fewer"
    return errors


def challenge_of(session: Session, assessment: Assessment, code: str) -> tuple[Rating, Moderation]:
    """The standard's rating and its current challenge (NotFound when it is not challenged)."""
    row = session.execute(
        select(Rating, Moderation)
        .join(Moderation, Moderation.rating_id == Rating.id)
        .where(Rating.assessment_id == assessment.id, Rating.standard_code == code)
    ).first()
    if row is None or row[1].outcome != "challenge":
        raise NotFound("This standard has not been challenged")
    return row[0], row[1]


def reply(
    session: Session,
    user: User,
    assessment: Assessment,
    code: str,
    data: ReplyInput,
    mail: Mail,
) -> ModerationReply | dict[str, str]:
    """Record the school's reply to the challenge of standard `code` and tell the advisory
    group; returns the reply, or errors by field (nothing saved). Only flushes."""
    _school_user(user, assessment)
    rating, moderation = challenge_of(session, assessment, code)
    _open_for_dialogue(assessment)
    errors = reply_problems(data)
    url = data.evidence_url.strip()
    if url and not errors and data.choice == "answer":
        try:
            evidence.add_link(
                session, rating=rating, url=url, title=data.evidence_title, user_id=user.id
            )
        except LinkRejected as rejected:
            errors["evidence_url"] = str(rejected)
    if errors:
        return errors
    accepted = data.choice == "accept"
    saved = ModerationReply(
        assessment_id=assessment.id,
        standard_code=code,
        moderation_id=moderation.id,
        moderation_version=moderation.version,
        accepted=accepted,
        comment=data.comment.strip(),
        evidence_url=(url or None) if not accepted else None,
        author_id=user.id,
    )
    session.add(saved)
    session.flush()
    words = "accepted the challenge" if accepted else "answered the challenge"
    audit.record(
        session,
        user_id=user.id,
        action=AuditAction.REPLY_TO_CHALLENGE,
        entity="moderation_reply",
        entity_id=saved.id,
        school_id=assessment.school_id,
        assessment_id=assessment.id,
        standard_code=code,
        new=words,
        detail=saved.comment or None,
    )
    school = assessment.school.name
    _tell_advisory_group(
        session,
        f"{school} has {words} on standard {code}",
        [
            f"{user.name} of {school} has {words} on standard {code} of its "
            f"{assessment.cycle.name} self-assessment.",
            *(["", "What they said:", "", saved.comment] if saved.comment else []),
            *(["", f"They added evidence: {url}"] if saved.evidence_url else []),
        ],
        mail,
    )
    return saved


def replies(session: Session, assessment_id: int) -> dict[str, list[ModerationReply]]:
    """Each standard's replies, oldest first (one query)."""
    found: dict[str, list[ModerationReply]] = {}
    rows = session.scalars(
        select(ModerationReply)
        .options(selectinload(ModerationReply.author))
        .where(ModerationReply.assessment_id == assessment_id)
        .order_by(ModerationReply.created_at, ModerationReply.id)
    )
    for row in rows:
        found.setdefault(row.standard_code, []).append(row)
    return found


# --- reopening requests ---------------------------------------------------------------------


def open_request(session: Session, assessment_id: int) -> ReopenRequest | None:
    """The assessment's reopening request still waiting for an answer, if any."""
    return session.scalar(
        select(ReopenRequest)
        .options(selectinload(ReopenRequest.requested_by))
        .where(ReopenRequest.assessment_id == assessment_id, ReopenRequest.resolved_at.is_(None))
    )


def last_request(session: Session, assessment_id: int) -> ReopenRequest | None:
    """The assessment's latest reopening request, answered or not."""
    return session.scalar(
        select(ReopenRequest)
        .options(selectinload(ReopenRequest.requested_by))
        .where(ReopenRequest.assessment_id == assessment_id)
        .order_by(ReopenRequest.created_at.desc(), ReopenRequest.id.desc())
        .limit(1)
    )


def reason_problem(reason: str, what: str) -> str | None:
    if not reason.strip():
        return f"Enter {what}"
    if len(reason.strip()) > MAX_TEXT:
        return f"The reason must be {MAX_TEXT:,} characters or fewer"
    return None


def ask_to_reopen(
    session: Session, user: User, assessment: Assessment, reason: str, mail: Mail
) -> ReopenRequest | str:
    """A school lead asks the advisory group to reopen the submitted assessment; returns the
    request, or what is wrong with the reason. Only flushes."""
    _school_user(user, assessment)
    if user.role_enum is not Role.SCHOOL_LEAD:
        raise Refused("Only your school lead can ask for the assessment to be reopened")
    _open_for_dialogue(assessment)
    if open_request(session, assessment.id) is not None:
        raise Refused("You have already asked for a reopening: the advisory group will answer")
    problem = reason_problem(reason, "why you want the assessment reopened")
    if problem:
        return problem
    request = ReopenRequest(
        assessment_id=assessment.id, reason=reason.strip(), requested_by_id=user.id
    )
    session.add(request)
    session.flush()
    audit.record(
        session,
        user_id=user.id,
        action=AuditAction.ASK_TO_REOPEN,
        entity="reopen_request",
        entity_id=request.id,
        school_id=assessment.school_id,
        assessment_id=assessment.id,
        detail=request.reason,
    )
    school = assessment.school.name
    _tell_advisory_group(
        session,
        f"{school} asks for its {assessment.cycle.name} self-assessment to be reopened",
        [
            f"{user.name}, school lead at {school}, asks for the school's "
            f"{assessment.cycle.name} self-assessment to be reopened.",
            "",
            "The reason they gave:",
            "",
            request.reason,
        ],
        mail,
    )
    return request


def decline(
    session: Session, user: User, request: ReopenRequest, answer: str, *, config: Mapping[str, Any]
) -> str | None:
    """The advisory group declines a reopening request, saying why (emailed to the school's
    lead and staff); returns what is wrong with the answer, or None. Only flushes."""
    if not user.has_role(Role.ADVISORY, Role.ADMIN):
        raise Refused("Only the advisory group and administrators can answer a reopening request")
    if request.resolved_at is not None:
        raise Refused("This request has already been answered")
    problem = reason_problem(answer, "why you are not reopening the assessment")
    if problem:
        return problem
    _resolve(request, user, "declined", answer.strip())
    assessment = request.assessment
    audit.record(
        session,
        user_id=user.id,
        action=AuditAction.DECLINE_REOPENING,
        entity="reopen_request",
        entity_id=request.id,
        school_id=assessment.school_id,
        assessment_id=assessment.id,
        detail=request.answer,
    )
    school = assessment.school.name
    body = "\n".join(
        [
            f"{user.name} of the advisory group has answered your request to reopen "
            f"{school}'s {assessment.cycle.name} self-assessment. It stays submitted.",
            "",
            "Their answer:",
            "",
            request.answer,
            "",
            f"You are getting this email because you have an account for {school} on the "
            f"{SERVICE_NAME} service.",
        ]
    )
    to = notifications.addresses(session, roles=Role.school_roles(), school_id=assessment.school_id)
    notifications.send(
        session,
        to=to,
        subject=one_line(f"{school}: your request to reopen the self-assessment"),
        body=body,
        config=config,
    )
    session.flush()
    return None


def granted_by_reopening(session: Session, assessment: Assessment, user: User) -> None:
    """Reopening the assessment answers any waiting request (called by the reopening)."""
    waiting = open_request(session, assessment.id)
    if waiting is not None:
        _resolve(waiting, user, "reopened", assessment.reopen_reason or "")


def _resolve(request: ReopenRequest, user: User, outcome: str, answer: str) -> None:
    request.outcome = outcome
    request.answer = answer
    request.resolved_by_id = user.id
    request.resolved_at = utcnow()


def request_for(session: Session, user: User, request_id: int) -> ReopenRequest:
    """A reopening request for the advisory group (NotFound for anyone else)."""
    found = session.get(ReopenRequest, request_id)
    if found is None or not user.has_role(Role.ADVISORY, Role.ADMIN):
        raise NotFound("Request not found")
    return found
