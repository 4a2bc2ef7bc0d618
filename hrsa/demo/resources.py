"""The demo resource bank: a believable bank in every review state, built through the services.

It starts with the five sessions Barnardo's and the NSPCC piloted in two Plymouth secondary
schools (consent, sexting, healthy and unhealthy relationships, pornography, resilience) and adds
staff, parent and whole-school resources. Mapped standards leave leadership, staff wellbeing and
impact measurement thin, so the resource-gap report shows real gaps. Links point at an example
domain: the demo names real kinds of provider but invents every resource. Idempotent: a bank
that already has resources is left as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from hrsa.core.framework import DEFAULT_FRAMEWORK_PATH, load_framework
from hrsa.core.vocabulary.resources import Criterion, CriterionOutcome, ReviewState
from hrsa.models import Resource, ResourceUse, School, User
from hrsa.models.base import utcnow
from hrsa.services.notifications import MailSettings
from hrsa.services.resources import proposals, review

OUTBOX_ONLY = MailSettings(server="", port=587, username="", password="", use_tls=True, sender="")
MET, PARTLY, NOT_MET = CriterionOutcome.MET, CriterionOutcome.PARTLY_MET, CriterionOutcome.NOT_MET


@dataclass(frozen=True)
class DemoResource:
    title: str
    summary: str
    provider: str
    kind: str
    standards: tuple[str, ...]
    audiences: tuple[str, ...]
    topics: tuple[str, ...]
    state: ReviewState
    cost: str = "free"
    reason: str = ""
    weak: tuple[str, ...] = ()  # criteria rated partly met (not met when changes are asked)
    days_waiting: int = 3
    schools_using: int = 0


PILOT = "Barnardo's and NSPCC (Plymouth pilot)"
BANK = (
    DemoResource(
        "Consent: negotiation, agreement and boundaries",
        "Session 1 of the pilot. Year 9 explore negotiation and agreement, how to communicate "
        "boundaries, wants and needs, how ideas and preconceptions shape behaviour, and the "
        "difference between consent and non-consent. Ends with where to find support.",
        PILOT,
        "lesson_plan",
        ("3.1", "3.2"),
        ("ks3", "ks4"),
        ("consent", "healthy_relationships"),
        ReviewState.APPROVED,
        schools_using=9,
    ),
    DemoResource(
        "Sexting: images, consent and the law",
        "Session 2 of the pilot: the consequences of sexting, appropriate and inappropriate use "
        "of social media, how images get shared and exposed, self-respect, and the links "
        "between consent and sexting.",
        PILOT,
        "lesson_plan",
        ("3.1",),
        ("ks3", "ks4"),
        ("sexting", "online_safety", "consent"),
        ReviewState.APPROVED,
        schools_using=7,
    ),
    DemoResource(
        "Healthy and unhealthy relationships: power and control",
        "Session 3 of the pilot: the role of power in relationships, power and consent, telling "
        "healthy from unhealthy behaviour and recognising abuse.",
        PILOT,
        "lesson_plan",
        ("3.1", "8.2"),
        ("ks3", "ks4"),
        ("healthy_relationships", "domestic_abuse"),
        ReviewState.APPROVED,
        schools_using=6,
    ),
    DemoResource(
        "Pornography: real life and what you see online",
        "Session 4 of the pilot: the law and ethics of pressuring others to watch porn, porn "
        "versus real relationships, and healthy decisions about watching it.",
        PILOT,
        "lesson_plan",
        ("3.1",),
        ("ks4",),
        ("pornography",),
        ReviewState.CHANGES_REQUESTED,
        reason="Add signposting for pupils who are worried after the session (wrap-around "
        "support), and a short guide for staff on handling disclosures.",
        weak=("wrap_around_support", "confidence_in_delivery"),
        days_waiting=9,
    ),
    DemoResource(
        "Resilience: valuing yourself",
        "Session 5 of the pilot: the pitfalls of comparison and media images, labelling, stigma "
        "and stereotyping (with an LGBT+ focus), sexual health, and valuing yourself.",
        PILOT,
        "scheme_of_work",
        ("3.2",),
        ("ks3", "ks4"),
        ("resilience", "lgbt_inclusion"),
        ReviewState.APPROVED,
        schools_using=5,
    ),
    DemoResource(
        "Recognising harmful sexual behaviour: training for staff",
        "A half-day course on the continuum of sexual behaviour, responding to incidents and "
        "recording concerns, for designated safeguarding leads and pastoral staff.",
        "Plymouth Safeguarding Children Partnership",
        "staff_training",
        ("5.1", "8.1"),
        ("staff",),
        ("harmful_sexual_behaviour", "child_sexual_exploitation"),
        ReviewState.APPROVED,
        cost="paid",
        schools_using=4,
    ),
    DemoResource(
        "Talking to your child about relationships",
        "An evening session for parents and carers: what the school teaches, how to start the "
        "conversation at home, and where families can get help.",
        "Plymouth Parent Partnership",
        "parent_session",
        ("7.2",),
        ("parents_carers",),
        ("healthy_relationships", "online_safety"),
        ReviewState.PROPOSED,
        days_waiting=12,
    ),
    DemoResource(
        "Respect films for tutor time",
        "Five short films about controlling behaviour in teenage relationships, with tutor notes.",
        "Respect Campaign",
        "video",
        ("3.1", "2.1"),
        ("ks3", "ks4", "ks5"),
        ("healthy_relationships", "domestic_abuse"),
        ReviewState.LAPSED,
        schools_using=3,
    ),
    DemoResource(
        "Online safety leaflet for families (2016)",
        "A printed leaflet on privacy settings and apps.",
        "A national charity",
        "leaflet",
        ("7.1", "7.2"),
        ("parents_carers",),
        ("online_safety",),
        ReviewState.REJECTED,
        reason="The advice on apps is out of date and the leaflet does not mention image "
        "sharing or where to report concerns.",
        weak=("relevance", "keeping_it_real", "wrap_around_support"),
    ),
    DemoResource(
        "Peer mentors for healthy relationships",
        "A programme to train Year 10 peer mentors, with aims, session plans and supervision.",
        "Young people's participation group",
        "programme",
        ("4.3",),
        ("ks4", "ks5"),
        ("healthy_relationships", "resilience"),
        ReviewState.PROPOSED,
        days_waiting=5,
    ),
    DemoResource(
        "Pupil voice survey toolkit",
        "Survey questions, a consultation policy template and a way to feed results back to "
        "pupils, so their views shape the curriculum.",
        "Plymouth City Council public health",
        "website",
        ("4.1", "4.2", "6.1"),
        ("ks2", "ks3", "ks4", "staff"),
        ("healthy_relationships",),
        ReviewState.APPROVED,
        weak=("demonstrates_impact",),
        schools_using=8,
    ),
    DemoResource(
        "LGBT+ inclusive relationships lessons",
        "Six lessons for Key Stage 2 and 3 on families, friendships and respect for difference.",
        "An LGBT+ youth charity",
        "scheme_of_work",
        ("2.2", "3.1"),
        ("ks2", "ks3"),
        ("lgbt_inclusion", "healthy_relationships"),
        ReviewState.PROPOSED,
        days_waiting=1,
    ),
    DemoResource(
        "Domestic abuse: what schools do the morning after",
        "Guidance for key adults on supporting a pupil after a domestic abuse incident at home.",
        "Operation Encompass",
        "website",
        ("8.1", "8.2"),
        ("staff",),
        ("domestic_abuse",),
        ReviewState.APPROVED,
        schools_using=2,
    ),
    DemoResource(
        "Child sexual exploitation: spotting the signs (Year 8)",
        "A lesson on grooming, online and offline, and how to ask for help.",
        "A regional safeguarding charity",
        "lesson_plan",
        ("3.1", "8.2"),
        ("ks3",),
        ("child_sexual_exploitation", "online_safety"),
        ReviewState.CHANGES_REQUESTED,
        reason="Young people found the case study dated: update it with the group, and add how "
        "schools can tell whether the lesson worked.",
        weak=("keeping_it_real", "demonstrates_impact", "voice_of_the_child"),
        days_waiting=4,
    ),
)


def _slug(title: str) -> str:
    return "-".join("".join(ch if ch.isalnum() else " " for ch in title.lower()).split())


def _criteria(item: DemoResource) -> tuple[review.CriterionInput, ...]:
    low = NOT_MET if item.state is not ReviewState.APPROVED else PARTLY
    return tuple(
        review.CriterionInput(
            criterion.value,
            (low if criterion.value in item.weak else MET).value,
            "See the reason below." if criterion.value in item.weak else "",
        )
        for criterion in Criterion
    )


def _add(
    session: Session, item: DemoResource, proposer: User, reviewer: User, today: date
) -> Resource:
    codes = load_framework(DEFAULT_FRAMEWORK_PATH).standard_codes
    resource = proposals.propose(
        session,
        proposals.ResourceInput(
            title=item.title,
            summary=item.summary,
            provider=item.provider,
            resource_type=item.kind,
            cost=item.cost,
            url=f"https://resources.example.org/{_slug(item.title)}",
            review_by=today + timedelta(days=365),
            standards=item.standards,
            audiences=item.audiences,
            topics=item.topics,
        ),
        user=proposer,
        standard_codes=codes,
        today=today,
    )
    if item.state is not ReviewState.PROPOSED:
        decision = ReviewState.APPROVED if item.state is ReviewState.LAPSED else item.state
        review.decide(
            session,
            resource,
            review.DecisionInput(
                decision=decision.value,
                reason=item.reason,
                review_by=today + timedelta(days=300),
                criteria=_criteria(item),
                expected_version=resource.version,
            ),
            reviewer=reviewer,
            today=today,
            mail_settings=OUTBOX_ONLY,
            resource_link=f"/resources/{resource.id}",
        )
    session.execute(
        update(Resource)
        .where(Resource.id == resource.id)
        .values(waiting_since=utcnow() - timedelta(days=item.days_waiting))
    )
    return resource


def seed(
    session: Session, people: dict[str, User], schools: list[School], *, today: date | None = None
) -> list[str]:
    """Fill an empty resource bank with the demo resources; return what to tell the person."""
    if session.scalar(select(func.count(Resource.id))):
        return []
    today = today or date.today()
    proposers = [
        people["staff@school.example"],
        people["lead2@school.example"],
        people["advisory@city.example"],
    ]
    reviewer = people["advisory@city.example"]
    lapsing: list[int] = []
    for index, item in enumerate(BANK):
        proposer = proposers[index % len(proposers)]
        # Nobody reviews their own proposal: the administrator reviews the advisory member's.
        checker = people["admin@city.example"] if proposer is reviewer else reviewer
        resource = _add(session, item, proposer, checker, today)
        if item.state is ReviewState.LAPSED:
            lapsing.append(resource.id)
        for school in schools[1 : 1 + item.schools_using]:
            session.add(ResourceUse(resource_id=resource.id, school_id=school.id))
    session.flush()
    session.execute(
        update(Resource)
        .where(Resource.id.in_(lapsing))
        .values(review_by=today - timedelta(days=3), version=Resource.version + 1)
    )
    review.lapse_due(session, today=today)
    states = {state: sum(1 for item in BANK if item.state is state) for state in ReviewState}
    summary = ", ".join(f"{count} {state.label.lower()}" for state, count in states.items())
    return [f"Resource bank: {len(BANK)} resources ({summary})."]
