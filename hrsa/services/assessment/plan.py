"""The school's delivery plan: actions that close the gap on the standards rated as gaps.

The rules:
- actions are only added to standards whose rating is a gap (Rag.gaps(): red and amber);
- each action says what will be done (up to 1,000 characters), who does it (up to 200), when it
  is due, and its status (not started, in progress or done);
- an action is overdue when its due date has passed and it is not done;
- the plan stays editable after the assessment is submitted, so actions progress through the year;
- two people editing the same action cannot silently overwrite each other (optimistic locking);
- every change is audited, old value to new.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypedDict

from sqlalchemy import func, or_, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from hrsa.core.errors import BadInput, Conflict, ServiceError
from hrsa.core.vocabulary.assessment import ActionStatus
from hrsa.core.vocabulary.audit import AuditAction
from hrsa.core.vocabulary.base import value_label
from hrsa.core.vocabulary.ratings import Rag, rag_words
from hrsa.models import Assessment, PlanAction, Rating
from hrsa.models.base import utcnow
from hrsa.services import audit
from hrsa.services.cycles import framework_versions

MAX_WHAT = 1000
MAX_WHO = 200
NOT_A_GAP = f"Actions are for standards rated {rag_words(gaps=True)}"


class ActionValues(TypedDict):
    """What a person gives for an action."""

    what: str
    who: str
    due_on: date
    status: str


@dataclass(frozen=True)
class ActionRow:
    id: int
    what: str
    who: str
    due_on: date
    status: str
    status_label: str
    version: int
    overdue: bool
    carried_forward: bool


@dataclass(frozen=True)
class StandardPlan:
    code: str
    text: str
    rag: str | None
    actions: list[ActionRow] = field(default_factory=list)

    @property
    def accepts_actions(self) -> bool:
        return self.rag in Rag.gaps()


@dataclass(frozen=True)
class PrinciplePlan:
    number: int
    title: str
    standards: list[StandardPlan]


def is_overdue(due_on: date, status: str, today: date) -> bool:
    """An action is overdue when its due date has passed and it is not done."""
    return due_on < today and status != ActionStatus.DONE


def values_problems(values: ActionValues) -> dict[str, str]:
    """Why these values cannot be saved, by field (empty when they can)."""
    problems: dict[str, str] = {}
    if not values["what"].strip():
        problems["what"] = "Enter what will be done"
    elif len(values["what"]) > MAX_WHAT:
        problems["what"] = f"What will be done must be {MAX_WHAT:,} characters or fewer"
    if not values["who"].strip():
        problems["who"] = "Enter who will do it"
    elif len(values["who"]) > MAX_WHO:
        problems["who"] = f"Who must be {MAX_WHO} characters or fewer"
    if not isinstance(values["due_on"], date):
        problems["due_on"] = "Enter the date the action is due"
    return problems


def checked_values(values: ActionValues) -> ActionValues:
    """The values cleaned for saving (BadInput for an unknown status, ServiceError otherwise)."""
    if values["status"] not in ActionStatus.values():
        raise BadInput(f"{values['status']!r} is not an action status")
    problems = values_problems(values)
    if problems:
        name, message = next(iter(problems.items()))
        raise ServiceError(message, field=name)
    return ActionValues(
        what=values["what"].strip(),
        who=values["who"].strip(),
        due_on=values["due_on"],
        status=values["status"],
    )


def plan_for(session: Session, assessment: Assessment, today: date) -> list[PrinciplePlan]:
    """The plan by principle: each standard rated as a gap (and any other standard that already
    has actions) with its actions by due date, in framework order. One query."""
    framework = framework_versions.framework_of(assessment.framework_version)
    rows = session.execute(
        select(Rating.standard_code, Rating.rag, PlanAction)
        .outerjoin(PlanAction, PlanAction.rating_id == Rating.id)
        .where(
            Rating.assessment_id == assessment.id,
            or_(Rating.rag.in_(Rag.gaps()), PlanAction.id.is_not(None)),
        )
        .order_by(Rating.id, PlanAction.due_on, PlanAction.id)
    ).all()
    by_code: dict[str, StandardPlan] = {}
    for code, rag, action in rows:
        if code not in by_code:
            if not framework.has_standard(code):
                continue
            by_code[code] = StandardPlan(code=code, text=framework.standard(code).text, rag=rag)
        if action is not None:
            by_code[code].actions.append(
                ActionRow(
                    id=action.id,
                    what=action.what,
                    who=action.who,
                    due_on=action.due_on,
                    status=action.status,
                    status_label=value_label(ActionStatus, action.status),
                    version=action.version,
                    overdue=is_overdue(action.due_on, action.status, today),
                    carried_forward=action.carried_forward,
                )
            )
    plan = []
    for principle in framework.principles:
        standards = [by_code[s.code] for s in principle.standards if s.code in by_code]
        if standards:
            plan.append(PrinciplePlan(principle.number, principle.title, standards))
    return plan


@dataclass(frozen=True)
class StandardWithoutAction:
    """A standard rated as a gap (red or amber) that has no action on the plan yet."""

    code: str
    title: str  # the standard's wording from the framework (standards have no shorter title)
    rag: str
    principle_number: int
    next_steps: str


@dataclass(frozen=True)
class GapStandard:
    """A standard rated as a gap (red or amber), with its next steps and how many actions."""

    code: str
    title: str
    rag: str
    principle_number: int
    next_steps: str
    actions: int


def gap_standards(
    session: Session, assessment: Assessment, *, also: Sequence[str] = ()
) -> list[GapStandard]:
    """Every standard rated Red or Amber (and those in `also`, whatever their rating), in
    framework order, with its action count. One query."""
    framework = framework_versions.framework_of(assessment.framework_version)
    rows = session.execute(
        select(Rating.standard_code, Rating.rag, Rating.next_steps, func.count(PlanAction.id))
        .outerjoin(PlanAction, PlanAction.rating_id == Rating.id)
        .where(
            Rating.assessment_id == assessment.id,
            or_(Rating.rag.in_(Rag.gaps()), Rating.standard_code.in_(also)),
        )
        .group_by(Rating.id, Rating.standard_code, Rating.rag, Rating.next_steps)
    ).all()
    found = {code: (rag or "", next_steps or "", count) for code, rag, next_steps, count in rows}
    return [
        GapStandard(
            code=standard.code,
            title=standard.text,
            rag=found[standard.code][0],
            principle_number=standard.principle_number,
            next_steps=found[standard.code][1],
            actions=found[standard.code][2],
        )
        for standard in framework.standards
        if standard.code in found
    ]


def standards_without_action(
    session: Session, assessment: Assessment
) -> list[StandardWithoutAction]:
    """The standards rated Red or Amber that have no action yet, in framework order. One query.

    The rule behind the plan page's warning, the task list's plan status and "Check and submit".
    """
    return [
        StandardWithoutAction(
            code=gap.code,
            title=gap.title,
            rag=gap.rag,
            principle_number=gap.principle_number,
            next_steps=gap.next_steps,
        )
        for gap in gap_standards(session, assessment)
        if not gap.actions and gap.rag in Rag.gaps()
    ]


def rating_for_action(session: Session, assessment: Assessment, rating_code: str) -> Rating:
    """The gap rating (red or amber) an action may be added to (BadInput if the code is unknown)."""
    rating = session.scalar(
        select(Rating).where(
            Rating.assessment_id == assessment.id, Rating.standard_code == rating_code
        )
    )
    if rating is None:
        raise BadInput(f"Standard {rating_code!r} is not part of this assessment")
    if rating.rag not in Rag.gaps():
        raise ServiceError(NOT_A_GAP)
    return rating


def _where(assessment_id: int, school_id: int, code: str) -> dict[str, Any]:
    return {"school_id": school_id, "assessment_id": assessment_id, "standard_code": code}


def _action_where(session: Session, action: PlanAction) -> dict[str, Any]:
    """The school, assessment and standard an existing action's audit events belong to."""
    rating = session.get_one(Rating, action.rating_id)
    assessment = session.get_one(Assessment, rating.assessment_id)
    return _where(assessment.id, assessment.school_id, rating.standard_code)


def describe_action(action: PlanAction) -> str:
    """What an action says, as its audit event records it."""
    status = value_label(ActionStatus, action.status)
    return f"{action.what} ({action.who}, due {action.due_on.isoformat()}, {status})"


def add_action(
    session: Session,
    assessment: Assessment,
    rating_code: str,
    *,
    what: str,
    who: str,
    due_on: date,
    status: str,
    user_id: int | None,
) -> PlanAction:
    """Add an action to a standard whose rating is a gap (red or amber)."""
    rating = rating_for_action(session, assessment, rating_code)
    values = checked_values(ActionValues(what=what, who=who, due_on=due_on, status=status))
    action = PlanAction(rating_id=rating.id, version=1, **values)
    session.add(action)
    session.flush()
    where = _where(assessment.id, assessment.school_id, rating.standard_code)
    audit.record(
        session,
        user_id=user_id,
        action=AuditAction.ADD_ACTION,
        entity="plan_action",
        entity_id=action.id,
        detail=describe_action(action),
        **where,
    )
    return action


def update_action(
    session: Session,
    action: PlanAction,
    *,
    values: ActionValues,
    expected_version: int,
    user_id: int | None,
) -> PlanAction:
    """Change an action, unless someone else changed it since expected_version (Conflict)."""
    values = checked_values(values)
    if action.version != expected_version:
        raise Conflict("Someone else changed this action while you were editing it")
    changes = {
        name: (getattr(action, name), new)
        for name, new in values.items()
        if getattr(action, name) != new
    }
    if not changes:
        return action
    where = _action_where(session, action)
    session.flush()
    # Guarded by the version, so a save racing ours between the read and here cannot be lost.
    result = session.execute(
        update(PlanAction)
        .where(PlanAction.id == action.id, PlanAction.version == expected_version)
        .values(**values, updated_at=utcnow(), version=expected_version + 1)
        .execution_options(synchronize_session=False)
    )
    if not isinstance(result, CursorResult) or result.rowcount != 1:
        raise Conflict("Someone else changed this action while you were editing it")
    session.expire(action)
    audit.write(session, audit.changes("plan_action", action.id, changes, **where), user_id=user_id)
    session.flush()
    return action


def delete_action(
    session: Session,
    action: PlanAction,
    *,
    user_id: int | None,
    expected_version: int | None = None,
) -> None:
    """Remove an action, recording what it said (Conflict if it changed since expected_version)."""
    if expected_version is not None and action.version != expected_version:
        raise Conflict("Someone else changed this action since you chose to delete it")
    where = _action_where(session, action)
    audit.record(
        session,
        user_id=user_id,
        action=AuditAction.DELETE_ACTION,
        entity="plan_action",
        entity_id=action.id,
        detail=describe_action(action),
        **where,
    )
    session.delete(action)
    session.flush()
