"""The quality-assured resource bank (Recommendations 3 and 4 of the Healthy Relationships Final
Report): what a resource is, who it is for, what it covers, and how the advisory group's review
of it stands. Each is stored as its value; the database has CHECK constraints on the same sets."""

from __future__ import annotations

from hrsa.core.vocabulary.base import Labelled, Look, Looked


class _Worded(Labelled):
    """A resource vocabulary whose words are in _LABELS (by class name, then value)."""

    @property
    def label(self) -> str:
        return _LABELS[type(self).__name__][self.value]


class ResourceType(_Worded):
    LESSON_PLAN = "lesson_plan"
    SCHEME_OF_WORK = "scheme_of_work"
    VIDEO = "video"
    LEAFLET = "leaflet"
    PROGRAMME = "programme"
    STAFF_TRAINING = "staff_training"
    PARENT_SESSION = "parent_session"
    WEBSITE = "website"


class Audience(_Worded):
    KS1 = "ks1"
    KS2 = "ks2"
    KS3 = "ks3"
    KS4 = "ks4"
    KS5 = "ks5"
    STAFF = "staff"
    PARENTS = "parents_carers"


class Topic(_Worded):
    CONSENT = "consent"
    SEXTING = "sexting"
    HEALTHY_RELATIONSHIPS = "healthy_relationships"
    PORNOGRAPHY = "pornography"
    RESILIENCE = "resilience"
    ONLINE_SAFETY = "online_safety"
    DOMESTIC_ABUSE = "domestic_abuse"
    CSE = "child_sexual_exploitation"
    LGBT_INCLUSION = "lgbt_inclusion"
    HARMFUL_SEXUAL_BEHAVIOUR = "harmful_sexual_behaviour"


class Cost(_Worded):
    FREE = "free"
    PAID = "paid"


class ReviewState(Looked):
    """Where a resource stands with the advisory group. Only APPROVED resources reach schools."""

    PROPOSED = "proposed"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"
    LAPSED = "lapsed"
    REJECTED = "rejected"

    @property
    def look(self) -> Look:
        return _REVIEW_STATE_LOOKS[self]

    @property
    def awaits_review(self) -> bool:
        """Proposed and lapsed resources wait in the reviewer queue."""
        return self in (ReviewState.PROPOSED, ReviewState.LAPSED)

    @classmethod
    def decisions(cls) -> tuple[ReviewState, ...]:
        """What a reviewer can decide."""
        return (cls.APPROVED, cls.CHANGES_REQUESTED, cls.REJECTED)


class CriterionOutcome(Looked):
    MET = "met"
    PARTLY_MET = "partly_met"
    NOT_MET = "not_met"

    @property
    def look(self) -> Look:
        return _CRITERION_LOOKS[self]


class Criterion(_Worded):
    """The quality-assurance criteria: Recommendation 4's three, then young people's five themes."""

    VOICE_OF_THE_CHILD = "voice_of_the_child"
    DEMONSTRATES_IMPACT = "demonstrates_impact"
    DELIVERY_STYLE = "delivery_style"
    CONFIDENCE_IN_DELIVERY = "confidence_in_delivery"
    RELEVANCE = "relevance"
    KEEPING_IT_REAL = "keeping_it_real"
    INTERESTING_AND_INTERACTIVE = "interesting_and_interactive"
    WRAP_AROUND_SUPPORT = "wrap_around_support"

    @property
    def hint(self) -> str:
        return _CRITERION_HINTS[self.value]


_LABELS: dict[str, dict[str, str]] = {
    "ResourceType": {
        "lesson_plan": "Lesson plan",
        "scheme_of_work": "Scheme of work",
        "video": "Video",
        "leaflet": "Leaflet",
        "programme": "Programme",
        "staff_training": "Staff training",
        "parent_session": "Parent/carer session",
        "website": "Website",
    },
    "Audience": {
        "ks1": "Key stage 1",
        "ks2": "Key stage 2",
        "ks3": "Key stage 3",
        "ks4": "Key stage 4",
        "ks5": "Key stage 5",
        "staff": "Staff",
        "parents_carers": "Parents and carers",
    },
    "Topic": {
        "consent": "Consent",
        "sexting": "Sexting and image sharing",
        "healthy_relationships": "Healthy and unhealthy relationships",
        "pornography": "Pornography",
        "resilience": "Resilience and self-esteem",
        "online_safety": "Online safety",
        "domestic_abuse": "Domestic abuse",
        "child_sexual_exploitation": "Child sexual exploitation",
        "lgbt_inclusion": "LGBT+ inclusion",
        "harmful_sexual_behaviour": "Harmful sexual behaviour",
    },
    "Cost": {"free": "Free", "paid": "Paid"},
    "Criterion": {
        "voice_of_the_child": "Voice of the child informs delivery",
        "demonstrates_impact": "Demonstrates impact",
        "delivery_style": "Delivery style (environmental factors)",
        "confidence_in_delivery": "Confidence in delivery",
        "relevance": "Relevance",
        "keeping_it_real": "Keeping it real",
        "interesting_and_interactive": "Interesting and interactive",
        "wrap_around_support": "Wrap-around support",
    },
}

_CRITERION_HINTS = {
    "voice_of_the_child": "Children and young people helped shape what it covers or how it is run.",
    "demonstrates_impact": "It shows how a school can measure what changed for pupils.",
    "delivery_style": "Relaxed, safe, discussion-led settings where pupils can ask questions.",
    "confidence_in_delivery": "Whoever delivers it is equipped to do so with confidence.",
    "relevance": "It speaks to young people's lives now, at the right age and stage.",
    "keeping_it_real": "Honest, realistic scenarios rather than lecturing.",
    "interesting_and_interactive": "Activities that involve pupils rather than slides alone.",
    "wrap_around_support": "It points to help and support before, during and after.",
}

_REVIEW_STATE_LOOKS = {
    ReviewState.PROPOSED: Look("Waiting for review", "govuk-tag--blue", "d2e2f1", "0b0c0c"),
    ReviewState.CHANGES_REQUESTED: Look(
        "Changes requested", "govuk-tag--yellow", "fff7bf", "0b0c0c"
    ),
    ReviewState.APPROVED: Look("Quality assured", "govuk-tag--green", "cce2d8", "0b0c0c"),
    ReviewState.LAPSED: Look("Lapsed: due for re-review", "govuk-tag--orange", "fcd6c3", "0b0c0c"),
    ReviewState.REJECTED: Look("Rejected", "govuk-tag--red", "f4cdc6", "0b0c0c"),
}

_CRITERION_LOOKS = {
    CriterionOutcome.MET: Look("Met", "govuk-tag--green", "cce2d8", "0b0c0c"),
    CriterionOutcome.PARTLY_MET: Look("Partly met", "govuk-tag--yellow", "fff7bf", "0b0c0c"),
    CriterionOutcome.NOT_MET: Look("Not met", "govuk-tag--red", "f4cdc6", "0b0c0c"),
}
