"""Where an assessment, its tasks, its delivery-plan actions and its cycle stand, and which way a
standard's rating moved since the previous cycle."""

from __future__ import annotations

from hrsa.core.vocabulary.base import Labelled, Look, Looked


class AssessmentStatus(Looked):
    """Where a school's assessment for a cycle stands. NOT_STARTED is never stored: it is the
    absence of an assessment row."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"

    @property
    def look(self) -> Look:
        return _ASSESSMENT_LOOKS[self]

    @classmethod
    def stored_values(cls) -> tuple[str, ...]:
        return (cls.IN_PROGRESS.value, cls.SUBMITTED.value)


_ASSESSMENT_LOOKS = {
    AssessmentStatus.NOT_STARTED: Look("Not started", "govuk-tag--grey", "f3f2f1", "0b0c0c"),
    AssessmentStatus.IN_PROGRESS: Look("In progress", "govuk-tag--light-blue", "d2e2f1", "0b0c0c"),
    AssessmentStatus.SUBMITTED: Look("Submitted", "govuk-tag--green", "cce2d8", "0b0c0c"),
}


class PrincipleProgress(Looked):
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


class TaskProgress(Looked):
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


# GOV.UK task list: a task still to do has a tag; a finished one, or one that cannot start
# yet, is plain text (no tag class).
_TASK_LOOKS = {
    TaskProgress.CANNOT_START_YET: Look("Cannot start yet", "", "ffffff", "505a5f"),
    TaskProgress.NOT_STARTED: Look("Not started", "govuk-tag--grey", "f3f2f1", "0b0c0c"),
    TaskProgress.INCOMPLETE: Look("Incomplete", "govuk-tag--light-blue", "d2e2f1", "0b0c0c"),
    TaskProgress.COMPLETED: Look("Completed", "", "ffffff", "0b0c0c"),
    TaskProgress.SUBMITTED: Look("Submitted", "", "ffffff", "0b0c0c"),
}


class ActionStatus(Looked):
    """A delivery-plan action's status."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"

    @property
    def look(self) -> Look:
        return _ACTION_LOOKS[self]


_ACTION_LOOKS = {
    ActionStatus.NOT_STARTED: Look("Not started", "govuk-tag--grey", "f3f2f1", "0b0c0c"),
    ActionStatus.IN_PROGRESS: Look("In progress", "govuk-tag--light-blue", "d2e2f1", "0b0c0c"),
    ActionStatus.DONE: Look("Done", "govuk-tag--green", "cce2d8", "0b0c0c"),
}


class CycleState(Looked):
    """Where a cycle stands for administrators: computed from its dates and whether an
    administrator closed it (services/cycles.cycle_state), never stored."""

    NOT_OPEN_YET = "not_open_yet"
    OPEN = "open"
    PAST_CLOSING_DATE = "past_closing_date"
    CLOSED = "closed"

    @property
    def look(self) -> Look:
        return _CYCLE_LOOKS[self]


_CYCLE_LOOKS = {
    CycleState.NOT_OPEN_YET: Look("Not open yet", "govuk-tag--light-blue", "d2e2f1", "0b0c0c"),
    CycleState.OPEN: Look("Open", "govuk-tag--green", "cce2d8", "0b0c0c"),
    CycleState.PAST_CLOSING_DATE: Look(
        "Past closing date", "govuk-tag--yellow", "fff7bf", "0b0c0c"
    ),
    CycleState.CLOSED: Look("Closed", "govuk-tag--grey", "f3f2f1", "0b0c0c"),
}


class ChangeDirection(Labelled):
    """Which way a standard's rating moved since the previous cycle (Rag scores compared)."""

    IMPROVED = "improved"
    SAME = "same"
    DECLINED = "declined"

    @property
    def label(self) -> str:
        return _CHANGE_LABELS[self]

    @property
    def report_label(self) -> str:
        """The PDF report's words, which say "No change" where the pages say "Same"."""
        return "No change" if self is ChangeDirection.SAME else self.label


_CHANGE_LABELS = {
    ChangeDirection.IMPROVED: "Improved",
    ChangeDirection.SAME: "Same",
    ChangeDirection.DECLINED: "Declined",
}
