"""The task list's rules for the tasks beyond the principles, and the start of a narrative as
"Check your answers" shows it."""

from __future__ import annotations

import pytest

from hrsa.core.formatting import first_words
from hrsa.core.vocabulary.assessment import TaskProgress
from hrsa.services.assessment.journey import check_status, details_status, plan_status


def test_school_details_are_completed_only_with_every_header_field():
    assert details_status([]) is TaskProgress.COMPLETED
    assert details_status([("telephone", "Telephone")]) is TaskProgress.INCOMPLETE


@pytest.mark.parametrize(
    ("actions", "without_action", "nothing_to_plan", "status"),
    [
        (0, 0, False, TaskProgress.NOT_STARTED),  # nothing rated yet
        (0, 3, False, TaskProgress.NOT_STARTED),
        (2, 1, False, TaskProgress.INCOMPLETE),
        (3, 0, False, TaskProgress.COMPLETED),
        (0, 0, True, TaskProgress.COMPLETED),  # all rated Green: nothing to plan
    ],
)
def test_the_delivery_plan_status(actions, without_action, nothing_to_plan, status):
    assert (
        plan_status(actions=actions, without_action=without_action, nothing_to_plan=nothing_to_plan)
        is status
    )


def test_check_and_submit_cannot_start_while_something_blocks_submission():
    assert check_status(submitted=False, blocked=True) is TaskProgress.CANNOT_START_YET
    assert check_status(submitted=False, blocked=False) is TaskProgress.NOT_STARTED
    assert check_status(submitted=True, blocked=False) is TaskProgress.SUBMITTED


def test_task_labels_come_from_the_vocabulary():
    assert [status.label for status in TaskProgress] == [
        "Cannot start yet",
        "Not started",
        "Incomplete",
        "Completed",
        "Submitted",
    ]


def test_the_start_of_a_narrative_is_cut_at_a_word():
    text = "We run a weekly assembly on healthy relationships and consent for every year group."
    assert first_words(text, 200) == text
    assert first_words(text, 30) == "We run a weekly assembly on…"
    assert first_words("  spaced\n\nout   words  ", 50) == "spaced out words"
    assert first_words("x" * 50, 10) == "x" * 10 + "…"
    assert first_words("", 10) == ""
