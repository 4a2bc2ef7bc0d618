"""The school's whole journey on its task list: the school's details, the 8 principles, the
delivery plan, and "Check and submit", each with its status, and who can submit.

The rules:
- the school's details are Completed when every field of the tool's header is filled
  (hrsa.services.schools.profile.missing_profile_fields), Incomplete otherwise;
- the delivery plan is Not started while it has no action, Incomplete while some Red or Amber
  standard has no action (hrsa.services.assessment.plan.standards_without_action), and Completed
  once every one has (or when every standard is rated and none is Red or Amber, so there is nothing
  to plan);
- "Check and submit" cannot start until nothing blocks submission (every standard rated and
  confirmed, the school's details complete); then it is Not started, and Submitted once it is.
  A Red or Amber standard without an action is a warning, never a block;
- the delivery plan links straight to "Check and submit" (no need to go back through the task
  list) once that task can start and either the plan is Completed or the person is the one who
  submits (the school's lead), for whom missing actions are only a warning.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hrsa.core.vocabulary.assessment import TaskProgress
from hrsa.core.vocabulary.people import Role
from hrsa.models import Assessment, PlanAction, Rating, School, User
from hrsa.services.assessment import plan, progress
from hrsa.services.assessment.plan import StandardWithoutAction
from hrsa.services.assessment.progress import TaskList
from hrsa.services.schools import profile


@dataclass(frozen=True)
class Journey:
    """Every task on the task list with its status, and the names of the school's leads."""

    tasks: TaskList
    details: TaskProgress
    missing_profile: list[tuple[str, str]]
    plan: TaskProgress
    without_action: list[StandardWithoutAction]
    check: TaskProgress
    leads: list[str]

    @property
    def blocked(self) -> bool:
        return blocks_submission(self.tasks, self.missing_profile)


def blocks_submission(tasks: TaskList, missing_profile: list[tuple[str, str]]) -> bool:
    """Something must be done before the assessment can be submitted: a standard not rated
    (or carried forward and not confirmed), or a field of the school's details left empty."""
    return not tasks.complete or bool(missing_profile)


def details_status(missing_profile: list[tuple[str, str]]) -> TaskProgress:
    """Completed when every field of the tool's header is filled."""
    return TaskProgress.INCOMPLETE if missing_profile else TaskProgress.COMPLETED


def plan_status(*, actions: int, without_action: int, nothing_to_plan: bool) -> TaskProgress:
    """Not started with no action (unless there is nothing to plan), Incomplete while a Red or
    Amber standard has no action, then Completed."""
    if without_action:
        return TaskProgress.INCOMPLETE if actions else TaskProgress.NOT_STARTED
    if actions or nothing_to_plan:
        return TaskProgress.COMPLETED
    return TaskProgress.NOT_STARTED


def check_status(*, submitted: bool, blocked: bool) -> TaskProgress:
    """Submitted; else Cannot start yet while anything blocks submission; else Not started."""
    if submitted:
        return TaskProgress.SUBMITTED
    return TaskProgress.CANNOT_START_YET if blocked else TaskProgress.NOT_STARTED


def check_from_plan(steps: Journey, *, submits: bool) -> bool:
    """Whether the delivery plan offers "Check and submit": the task can start (nothing blocks
    submission, not yet submitted) and the plan is Completed, or the person `submits`."""
    if steps.check != TaskProgress.NOT_STARTED:
        return False
    return submits or steps.plan == TaskProgress.COMPLETED


def lead_names(session: Session, school_id: int) -> list[str]:
    """The names of the school's enabled leads (the people who can submit), by name."""
    return list(
        session.scalars(
            select(User.name)
            .where(
                User.school_id == school_id,
                User.role == Role.SCHOOL_LEAD,
                User.is_enabled.is_(True),
            )
            .order_by(User.name, User.id)
        )
    )


def action_count(session: Session, assessment_id: int) -> int:
    """How many delivery-plan actions the assessment has."""
    return (
        session.scalar(
            select(func.count(PlanAction.id))
            .join(Rating, PlanAction.rating_id == Rating.id)
            .where(Rating.assessment_id == assessment_id)
        )
        or 0
    )


def journey(session: Session, assessment: Assessment, school: School) -> Journey:
    """The task list's tasks and statuses: a fixed number of queries whatever the counts."""
    tasks = progress.task_list(session, assessment)
    missing_profile = profile.missing_profile_fields(school)
    without_action = plan.standards_without_action(session, assessment)
    gaps = sum(p.red + p.amber for p in tasks.principles)
    plan_progress = plan_status(
        actions=action_count(session, assessment.id),
        without_action=len(without_action),
        nothing_to_plan=tasks.complete and gaps == 0,
    )
    blocked = blocks_submission(tasks, missing_profile)
    return Journey(
        tasks=tasks,
        details=details_status(missing_profile),
        missing_profile=missing_profile,
        plan=plan_progress,
        without_action=without_action,
        check=check_status(submitted=assessment.is_submitted, blocked=blocked),
        leads=lead_names(session, school.id),
    )
