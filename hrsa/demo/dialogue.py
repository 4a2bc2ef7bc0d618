"""The demo's moderation dialogue: this cycle, two schools have replied to a challenge, one has
asked for a reopening, and the advisory group has drawn a random sample, so the moderation queue
shows every kind of work on first run. Made through the services, as people would make it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from hrsa.core.vocabulary.assessment import AssessmentStatus
from hrsa.core.vocabulary.people import Role
from hrsa.models import Assessment, Moderation, Rating, User
from hrsa.models.dialogue import ReopenRequest
from hrsa.services.accounts import people
from hrsa.services.moderation import dialogue, sample
from hrsa.services.moderation.dialogue import Mail, ReplyInput

MAIL = Mail(link="http://127.0.0.1:5000/moderation", config={})
ANSWERS = [
    "Our relationships policy was updated in September and is on the school website; every "
    "class has had the first two lessons.",
    "We accept this: the training was planned but has not happened yet. It is in our plan.",
]


NAMES = ["Priya Shah", "Tom Penrose", "Grace Okafor"]


def _lead(session: Session, assessment: Assessment) -> User:
    """The school's lead; most bulk demo schools have no accounts, so one is added (invited,
    with no password yet) for the schools that take part in the dialogue."""
    found = session.scalar(
        select(User)
        .where(User.school_id == assessment.school_id, User.role == Role.SCHOOL_LEAD.value)
        .order_by(User.id)
        .limit(1)
    )
    if found is not None:
        return found
    name = NAMES[assessment.id % len(NAMES)]
    return people.create_user(
        session,
        email=f"lead.{assessment.school.urn}@school.example",
        name=name,
        role=Role.SCHOOL_LEAD,
        school_id=assessment.school_id,
    )


def seed(session: Session, cycle_id: int, moderator: User) -> list[str]:
    """Replies, one reopening request and a sample of five in the cycle (once only)."""
    if session.scalar(select(ReopenRequest.id).limit(1)) is not None:
        return []
    challenged = session.execute(
        select(Assessment, Rating.standard_code)
        .join(Rating, Rating.assessment_id == Assessment.id)
        .join(Moderation, Moderation.rating_id == Rating.id)
        .where(
            Assessment.cycle_id == cycle_id,
            Assessment.status == AssessmentStatus.SUBMITTED.value,
            Moderation.outcome == "challenge",
        )
        .order_by(Assessment.id, Rating.id)
    ).all()
    replied: list[int] = []
    for assessment, code in challenged:
        if assessment.id in replied or len(replied) == len(ANSWERS):
            continue
        lead = _lead(session, assessment)
        choice = "answer" if not replied else "accept"
        text = ANSWERS[len(replied)] if choice == "answer" else ""
        dialogue.reply(session, lead, assessment, code, ReplyInput(choice, text), MAIL)
        replied.append(assessment.id)
    asking = session.scalars(
        select(Assessment)
        .where(
            Assessment.cycle_id == cycle_id,
            Assessment.status == AssessmentStatus.SUBMITTED.value,
            Assessment.id.not_in(replied),
        )
        .order_by(Assessment.id.desc())
        .limit(1)
    ).first()
    asker = _lead(session, asking) if asking else None
    if asking is not None and asker is not None:
        dialogue.ask_to_reopen(
            session,
            asker,
            asking,
            "We have since found our updated anti-bullying policy and want to change our "
            "rating for standard 3.1.",
            MAIL,
        )
    cycle = asking.cycle if asking else None
    drawn = (
        sample.draw(session, moderator, cycle, 5)
        if cycle and sample.available(session, cycle) >= 5
        else []
    )
    return [
        f"{len(replied)} replies to challenges, {1 if asker else 0} reopening request and a "
        f"sample of {len(drawn)} schools for moderation."
    ]
