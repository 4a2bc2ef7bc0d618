"""The service's domain vocabulary, defined once: each value with its label and presentation.

Every page, audit history, heatmap, PDF and spreadsheet takes its words and colours from here,
so "Amber" is spelt, coloured and lettered the same everywhere. The stored value is the enum's
string value (the database has CHECK constraints on the same sets). The meaning of each rating
shown to users comes from the framework file's `rag` section (see hrsa.core.framework), not from
here.

No Flask and no SQLAlchemy: the PDF renderer and the XLSX writer import this too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True)
class Look:
    """How one value is presented: its words, GOV.UK tag class, and cell colours (hex, no #)."""

    label: str
    tag_class: str
    fill: str
    text_colour: str
    letter: str = ""


class Rag(StrEnum):
    """The framework's rating scale, weakest first."""

    RED = "red"
    AMBER = "amber"
    GREEN = "green"

    @property
    def look(self) -> Look:
        return _RAG_LOOKS[self]

    @property
    def label(self) -> str:
        return self.look.label

    @property
    def letter(self) -> str:
        return self.look.letter

    @property
    def score(self) -> int:
        """Red 0, Amber 1, Green 2: the scale the citywide means and changes are measured on."""
        return _RAG_SCORES[self]

    @property
    def is_gap(self) -> bool:
        """Red and Amber are gaps: they get delivery-plan actions and recommended resources."""
        return self is not Rag.GREEN

    @classmethod
    def gaps(cls) -> tuple[Rag, ...]:
        return tuple(rag for rag in cls if rag.is_gap)

    @classmethod
    def values(cls) -> tuple[str, ...]:
        return tuple(rag.value for rag in cls)


MAX_RAG_SCORE = 2

# A standard with no rating yet: presented like a value, stored as NULL.
UNRATED = Look(
    label="Not yet rated",
    tag_class="govuk-tag--grey",
    fill="f3f2f1",
    text_colour="0b0c0c",
    letter="–",
)

_RAG_LOOKS = {
    # Cell fills are GOV.UK palette colours; each text colour passes WCAG AA contrast on its fill.
    Rag.RED: Look("Red", "govuk-tag--red", "d4351c", "ffffff", "R"),
    Rag.AMBER: Look("Amber", "govuk-tag--orange", "f47738", "0b0c0c", "A"),
    Rag.GREEN: Look("Green", "govuk-tag--green", "00703c", "ffffff", "G"),
}
_RAG_SCORES = {Rag.RED: 0, Rag.AMBER: 1, Rag.GREEN: 2}


def rag_look(value: str | None) -> Look:
    """The presentation of a stored rating, or of no rating yet (None)."""
    return UNRATED if value is None else Rag(value).look


def words(labels: Iterable[str], conjunction: str = "or") -> str:
    """Labels in a sentence: 'Red, Amber or Green' (no serial comma, GOV.UK style)."""
    items = list(labels)
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def rag_scores() -> str:
    """The scale with its scores in words: 'Red 0, Amber 1, Green 2'."""
    return ", ".join(f"{rag.label} {rag.score}" for rag in Rag)


def rag_words(*, gaps: bool = False, conjunction: str = "or") -> str:
    """The scale in a sentence, 'Red, Amber or Green'; the gaps only with gaps=True."""
    return words((rag.label for rag in (Rag.gaps() if gaps else Rag)), conjunction)


class AssessmentStatus(StrEnum):
    """Where a school's assessment for a cycle stands. NOT_STARTED is never stored: it is the
    absence of an assessment row."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"

    @property
    def look(self) -> Look:
        return _ASSESSMENT_LOOKS[self]

    @property
    def label(self) -> str:
        return self.look.label

    @classmethod
    def stored_values(cls) -> tuple[str, ...]:
        return (cls.IN_PROGRESS.value, cls.SUBMITTED.value)


_ASSESSMENT_LOOKS = {
    AssessmentStatus.NOT_STARTED: Look("Not started", "govuk-tag--grey", "f3f2f1", "0b0c0c"),
    AssessmentStatus.IN_PROGRESS: Look("In progress", "govuk-tag--light-blue", "d2e2f1", "0b0c0c"),
    AssessmentStatus.SUBMITTED: Look("Submitted", "govuk-tag--green", "cce2d8", "0b0c0c"),
}


class PrincipleProgress(StrEnum):
    """A principle on the task list: how many of its standards are rated, and whether the
    advisory group asked for changes to it when reopening the assessment. Computed, never
    stored (services/assessments.principle_status)."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    CHECK_CARRIED_FORWARD = "check_carried_forward"
    CHANGES_REQUESTED = "changes_requested"
    COMPLETED = "completed"

    @property
    def look(self) -> Look:
        return _PROGRESS_LOOKS[self]

    @property
    def label(self) -> str:
        return self.look.label


_PROGRESS_LOOKS = {
    PrincipleProgress.NOT_STARTED: Look("Not started", "govuk-tag--grey", "f3f2f1", "0b0c0c"),
    PrincipleProgress.IN_PROGRESS: Look("In progress", "govuk-tag--light-blue", "d2e2f1", "0b0c0c"),
    PrincipleProgress.CHECK_CARRIED_FORWARD: Look(
        "Check carried-forward answers", "govuk-tag--yellow", "fff7bf", "0b0c0c"
    ),
    # The same words and look as a resource the advisory group sent back (ReviewState).
    PrincipleProgress.CHANGES_REQUESTED: Look(
        "Changes requested", "govuk-tag--yellow", "fff7bf", "0b0c0c"
    ),
    PrincipleProgress.COMPLETED: Look("Completed", "", "ffffff", "0b0c0c"),
}


class TaskProgress(StrEnum):
    """A task on the task list other than a principle: the school's details, the delivery plan,
    and "Check and submit" (which cannot start until nothing blocks submission)."""

    CANNOT_START_YET = "cannot_start_yet"
    NOT_STARTED = "not_started"
    INCOMPLETE = "incomplete"
    COMPLETED = "completed"
    SUBMITTED = "submitted"

    @property
    def look(self) -> Look:
        return _TASK_LOOKS[self]

    @property
    def label(self) -> str:
        return self.look.label


# GOV.UK task list: a task still to do has a tag; a finished one, or one that cannot start
# yet, is plain text (no tag class).
_TASK_LOOKS = {
    TaskProgress.CANNOT_START_YET: Look("Cannot start yet", "", "ffffff", "505a5f"),
    TaskProgress.NOT_STARTED: Look("Not started", "govuk-tag--grey", "f3f2f1", "0b0c0c"),
    TaskProgress.INCOMPLETE: Look("Incomplete", "govuk-tag--light-blue", "d2e2f1", "0b0c0c"),
    TaskProgress.COMPLETED: Look("Completed", "", "ffffff", "0b0c0c"),
    TaskProgress.SUBMITTED: Look("Submitted", "", "ffffff", "0b0c0c"),
}


class ActionStatus(StrEnum):
    """A delivery-plan action's status."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"

    @property
    def look(self) -> Look:
        return _ACTION_LOOKS[self]

    @property
    def label(self) -> str:
        return self.look.label

    @classmethod
    def values(cls) -> tuple[str, ...]:
        return tuple(status.value for status in cls)


_ACTION_LOOKS = {
    ActionStatus.NOT_STARTED: Look("Not started", "govuk-tag--grey", "f3f2f1", "0b0c0c"),
    ActionStatus.IN_PROGRESS: Look("In progress", "govuk-tag--light-blue", "d2e2f1", "0b0c0c"),
    ActionStatus.DONE: Look("Done", "govuk-tag--green", "cce2d8", "0b0c0c"),
}


def value_label(enum: type[StrEnum], value: str | None) -> str:
    """A stored value of any vocabulary in words; unknown values are shown as they are."""
    if value is None:
        return ""
    try:
        member = enum(value)
    except ValueError:
        return value
    return str(getattr(member, "label", value))


class ModerationOutcome(StrEnum):
    """The advisory group's view of one submitted rating."""

    AGREE = "agree"
    CHALLENGE = "challenge"

    @property
    def look(self) -> Look:
        return _MODERATION_LOOKS[self]

    @property
    def label(self) -> str:
        return self.look.label

    @classmethod
    def values(cls) -> tuple[str, ...]:
        return tuple(outcome.value for outcome in cls)


_MODERATION_LOOKS = {
    ModerationOutcome.AGREE: Look("Agreed", "govuk-tag--green", "cce2d8", "0b0c0c"),
    ModerationOutcome.CHALLENGE: Look("Challenged", "govuk-tag--purple", "dbd5e9", "0b0c0c"),
}


class CycleState(StrEnum):
    """Where a cycle stands for administrators: computed from its dates and whether an
    administrator closed it (services/cycles.cycle_state), never stored."""

    NOT_OPEN_YET = "not_open_yet"
    OPEN = "open"
    PAST_CLOSING_DATE = "past_closing_date"
    CLOSED = "closed"

    @property
    def look(self) -> Look:
        return _CYCLE_LOOKS[self]

    @property
    def label(self) -> str:
        return self.look.label


_CYCLE_LOOKS = {
    CycleState.NOT_OPEN_YET: Look("Not open yet", "govuk-tag--light-blue", "d2e2f1", "0b0c0c"),
    CycleState.OPEN: Look("Open", "govuk-tag--green", "cce2d8", "0b0c0c"),
    CycleState.PAST_CLOSING_DATE: Look(
        "Past closing date", "govuk-tag--yellow", "fff7bf", "0b0c0c"
    ),
    CycleState.CLOSED: Look("Closed", "govuk-tag--grey", "f3f2f1", "0b0c0c"),
}


# ---------------------------------------------------------------------------------------------
# The quality-assured resource bank (Recommendations 3 and 4 of the Healthy Relationships Final
# Report): what a resource is, who it is for, what it covers, and how the advisory group's review
# of it stands. Each is stored as its value; the database has CHECK constraints on the same sets.


class _Labelled(StrEnum):
    """A vocabulary whose members each have a label (and, for states, a GOV.UK tag look)."""

    @property
    def label(self) -> str:
        return _LABELS[type(self).__name__][self.value]

    @classmethod
    def values(cls) -> tuple[str, ...]:
        return tuple(member.value for member in cls)

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """(value, label) pairs in the vocabulary's order, for form fields and filters."""
        return [(member.value, member.label) for member in cls]


class ResourceType(_Labelled):
    LESSON_PLAN = "lesson_plan"
    SCHEME_OF_WORK = "scheme_of_work"
    VIDEO = "video"
    LEAFLET = "leaflet"
    PROGRAMME = "programme"
    STAFF_TRAINING = "staff_training"
    PARENT_SESSION = "parent_session"
    WEBSITE = "website"


class Audience(_Labelled):
    KS1 = "ks1"
    KS2 = "ks2"
    KS3 = "ks3"
    KS4 = "ks4"
    KS5 = "ks5"
    STAFF = "staff"
    PARENTS = "parents_carers"


class Topic(_Labelled):
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


class Cost(_Labelled):
    FREE = "free"
    PAID = "paid"


class ReviewState(_Labelled):
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
    def label(self) -> str:
        return self.look.label

    @property
    def awaits_review(self) -> bool:
        """Proposed and lapsed resources wait in the reviewer queue."""
        return self in (ReviewState.PROPOSED, ReviewState.LAPSED)

    @classmethod
    def decisions(cls) -> tuple[ReviewState, ...]:
        """What a reviewer can decide."""
        return (cls.APPROVED, cls.CHANGES_REQUESTED, cls.REJECTED)


class CriterionOutcome(_Labelled):
    MET = "met"
    PARTLY_MET = "partly_met"
    NOT_MET = "not_met"

    @property
    def look(self) -> Look:
        return _CRITERION_LOOKS[self]

    @property
    def label(self) -> str:
        return self.look.label


class Criterion(_Labelled):
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


class AuditAction(StrEnum):
    """What an audit event records; every action written to the trail is one of these."""

    START = "start"
    UPDATE = "update"
    CONFIRM = "confirm"
    ADD_EVIDENCE = "add_evidence"
    REMOVE_EVIDENCE = "remove_evidence"
    RESTORE_EVIDENCE = "restore_evidence"
    PURGE_EVIDENCE = "purge_evidence"
    ADD_ACTION = "add_action"
    DELETE_ACTION = "delete_action"
    SUBMIT = "submit"
    REOPEN = "reopen"
    REQUEST_CHANGE = "request_change"
    ADDRESS_CHANGE = "address_change"
    CREATE = "create"
    INVITE = "invite"
    REINVITE = "reinvite"
    SEND_RESET_LINK = "send_reset_link"
    ENABLE = "enable"
    DISABLE = "disable"
    CHANGE_ROLE = "change_role"
    SIGN_IN = "sign_in"
    CHANGE_PASSWORD = "change_password"  # noqa: S105 (an action name, not a password)
    INVITE_ACCEPTED = "invite_accepted"
    RESET_ACCEPTED = "reset_accepted"
    REQUEST_RESET = "request_reset"
    EXPORT = "export"
    PROPOSE_RESOURCE = "propose_resource"
    RESUBMIT_RESOURCE = "resubmit_resource"
    REVIEW_RESOURCE = "review_resource"
    LAPSE_RESOURCE = "lapse_resource"
    USE_RESOURCE = "use_resource"
    CLOSE_CYCLE = "close_cycle"

    @property
    def label(self) -> str:
        """The action in words for history pages ('update' events name their field instead)."""
        return _AUDIT_LABELS[self]


_AUDIT_LABELS = {
    AuditAction.START: "Assessment started",
    AuditAction.UPDATE: "Changed",
    AuditAction.CONFIRM: "Carried-forward rating confirmed",
    AuditAction.ADD_EVIDENCE: "Evidence added",
    AuditAction.REMOVE_EVIDENCE: "Evidence removed",
    AuditAction.RESTORE_EVIDENCE: "Evidence restored",
    AuditAction.PURGE_EVIDENCE: "Evidence deleted permanently",
    AuditAction.ADD_ACTION: "Action added",
    AuditAction.DELETE_ACTION: "Action deleted",
    AuditAction.SUBMIT: "Assessment submitted",
    AuditAction.REOPEN: "Assessment reopened",
    AuditAction.REQUEST_CHANGE: "Changes requested on reopening",
    AuditAction.ADDRESS_CHANGE: "Requested changes saved",
    AuditAction.CREATE: "Created",
    AuditAction.INVITE: "Invitation sent",
    AuditAction.REINVITE: "Invitation sent again",
    AuditAction.SEND_RESET_LINK: "Password reset link sent",
    AuditAction.ENABLE: "Account enabled",
    AuditAction.DISABLE: "Account disabled",
    AuditAction.CHANGE_ROLE: "Role changed",
    AuditAction.SIGN_IN: "Signed in",
    AuditAction.CHANGE_PASSWORD: "Password changed",
    AuditAction.INVITE_ACCEPTED: "Invitation accepted",
    AuditAction.RESET_ACCEPTED: "Password reset",
    AuditAction.REQUEST_RESET: "Password reset asked for",
    AuditAction.EXPORT: "Data exported",
    AuditAction.PROPOSE_RESOURCE: "Resource proposed",
    AuditAction.RESUBMIT_RESOURCE: "Resource resubmitted for review",
    AuditAction.REVIEW_RESOURCE: "Resource reviewed",
    AuditAction.LAPSE_RESOURCE: "Resource review lapsed",
    AuditAction.USE_RESOURCE: "Resource marked as used",
    AuditAction.CLOSE_CYCLE: "Cycle closed",
}
