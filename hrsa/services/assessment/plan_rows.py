"""Many delivery-plan actions in one step.

A school has already written "next steps" on every standard it rated Red or Amber, so the plan
offers them back as actions: one row per standard that has no action yet, prefilled, added
together in one save. Every action of the plan can also be changed on one page and saved in one
go. The rules of a single action (plan.py) hold for each row; what is added here is doing many
at once, all or nothing, in a fixed number of SQL statements however many rows there are.

The defaults a prefilled row gets:
- what: the standard's next steps, whole when they fit the action's 1,000 characters, else as
  many whole sentences (or lines) as fit, or whole words followed by "…" (action_text_from);
- who: the school's nominated lead from its profile, else the signed-in person's name;
- due: 31 July ending the cycle's academic year, or the next 31 July when that has passed, so it
  always passes the "due today or later" rule for a new action.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from hrsa.core.errors import BadInput, Conflict, ServiceError
from hrsa.core.vocabulary.assessment import ActionStatus
from hrsa.core.vocabulary.audit import AuditAction
from hrsa.core.vocabulary.ratings import Rag
from hrsa.models import Assessment, Cycle, PlanAction, Rating, School
from hrsa.models.base import utcnow
from hrsa.services import audit
from hrsa.services.assessment.plan import (
    MAX_WHAT,
    MAX_WHO,
    NOT_A_GAP,
    ActionValues,
    checked_values,
    describe_action,
)

ACADEMIC_YEAR_ENDS = (7, 31)  # month, day
ELLIPSIS = "…"
NOTHING_CHOSEN = "Choose at least one action to add"
# A sentence ends at . ! or ? followed by a space or line break; a line break ends a line.
_BREAK = re.compile(r"[.!?](?=\s)|\n")


def default_due_on(cycle: Cycle, today: date) -> date:
    """31 July ending the cycle's academic year, or the next 31 July once that has passed."""
    start = max(cycle.opens_on, today)
    month, day = ACADEMIC_YEAR_ENDS
    end = date(start.year, month, day)
    return end if end >= start else date(start.year + 1, month, day)


def default_who(school: School, person_name: str) -> str:
    """The school's nominated lead from its profile, else the signed-in person's name."""
    return ((school.nominated_lead or "").strip() or person_name.strip())[:MAX_WHO]


def action_text_from(next_steps: str) -> str:
    """What an action made from a standard's next steps says: all of them when they fit the
    action's limit; else the whole sentences (or lines) that fit when they keep at least half of
    it; else whole words that fit, followed by "…"."""
    text = next_steps.replace("\r\n", "\n").strip()
    if len(text) <= MAX_WHAT:
        return text
    ends = [match.end() for match in _BREAK.finditer(text, 0, MAX_WHAT)]
    if ends and ends[-1] >= MAX_WHAT // 2:
        return text[: ends[-1]].rstrip()
    head = text[: MAX_WHAT - len(ELLIPSIS)]
    space = head.rfind(" ")
    if space >= MAX_WHAT // 2:
        head = head[:space]
    return head.rstrip() + ELLIPSIS


@dataclass(frozen=True)
class NewAction:
    """One row of "add actions": the standard it is for and what the person gave."""

    code: str
    what: str
    who: str
    due_on: date


def add_actions(
    session: Session,
    assessment: Assessment,
    rows: Sequence[NewAction],
    *,
    user_id: int | None,
) -> list[int]:
    """Add every row's action (each to a standard rated as a gap), all or none; their ids.

    Three SQL statements however many rows: the ratings, the actions, the audit events. A
    ServiceError's `field` is "<code>:<field>" (the field "add" when the standard is no gap)."""
    if not rows:
        raise ServiceError(NOTHING_CHOSEN)
    codes = {row.code for row in rows}
    ratings = {
        rating.standard_code: rating
        for rating in session.scalars(
            select(Rating).where(
                Rating.assessment_id == assessment.id, Rating.standard_code.in_(codes)
            )
        )
    }
    new: list[tuple[str, dict[str, object]]] = []
    for row in rows:
        rating = ratings.get(row.code)
        if rating is None:
            raise BadInput(f"Standard {row.code!r} is not part of this assessment")
        if rating.rag not in Rag.gaps():
            raise ServiceError(f"{NOT_A_GAP}: standard {row.code} is not", field=f"{row.code}:add")
        try:
            values = checked_values(
                ActionValues(
                    what=row.what,
                    who=row.who,
                    due_on=row.due_on,
                    status=ActionStatus.NOT_STARTED.value,
                )
            )
        except BadInput:
            raise
        except ServiceError as error:
            raise ServiceError(str(error), field=f"{row.code}:{error.field}") from None
        new.append((row.code, {"rating_id": rating.id, "version": 1, **values}))
    now = utcnow()
    # One multi-row INSERT (the ORM's unit of work would send one per row on SQLite).
    ids = session.scalars(
        insert(PlanAction)
        .values([{**values, "carried_forward": False, "created_at": now} for _, values in new])
        .returning(PlanAction.id)
    ).all()
    if len(ids) != len(new):
        raise RuntimeError("The database did not return an id for every new action")
    # Rows come back in the order they were given; identical rows are interchangeable.
    audit.write(
        session,
        [
            audit.Event(
                AuditAction.ADD_ACTION,
                "plan_action",
                action_id,
                school_id=assessment.school_id,
                assessment_id=assessment.id,
                standard_code=code,
                detail=describe_action(PlanAction(**values)),
            )
            for action_id, (code, values) in zip(sorted(ids), new, strict=True)
        ],
        user_id=user_id,
        at=now,
    )
    return sorted(ids)


@dataclass(frozen=True)
class ActionChange:
    """One row of "change actions": the action, the version the person started from, and the
    values they gave."""

    action_id: int
    expected_version: int
    values: ActionValues


class ActionsConflict(Conflict):
    """Someone else changed or deleted some of the actions since the page was shown.

    `newer` maps each such action's id to its action as now saved (None when deleted)."""

    def __init__(self, newer: dict[int, PlanAction | None]) -> None:
        super().__init__("Someone else changed these actions while you were editing them")
        self.newer = newer


_ACTION_UPDATE = (
    update(PlanAction.__table__)
    .where(PlanAction.__table__.c.id == bindparam("b_id"))
    .where(PlanAction.__table__.c.version == bindparam("b_version"))
    .values(
        what=bindparam("what"),
        who=bindparam("who"),
        due_on=bindparam("due_on"),
        status=bindparam("status"),
        updated_at=bindparam("updated_at"),
        version=bindparam("version"),
    )
)


def actions_of(
    session: Session, assessment: Assessment, ids: Sequence[int] | None = None
) -> dict[int, tuple[str, PlanAction]]:
    """The assessment's actions (only `ids` when given) by id, with their standard codes."""
    query = (
        select(Rating.standard_code, PlanAction)
        .join(PlanAction, PlanAction.rating_id == Rating.id)
        .where(Rating.assessment_id == assessment.id)
    )
    if ids is not None:
        query = query.where(PlanAction.id.in_(ids))
    return {action.id: (code, action) for code, action in session.execute(query).all()}


def update_actions(
    session: Session,
    assessment: Assessment,
    changes: Sequence[ActionChange],
    *,
    user_id: int | None,
) -> int:
    """Save every changed row, all or none, and say how many actions changed.

    Optimistic locking as for one action: if any action moved on (or went) since its expected
    version, nothing is saved (ActionsConflict names them). A ServiceError's `field` is
    "<action id>:<field>". Three SQL statements however many rows."""
    found = actions_of(session, assessment, [change.action_id for change in changes])
    cleaned: list[tuple[ActionChange, ActionValues]] = []
    for change in changes:
        try:
            cleaned.append((change, checked_values(change.values)))
        except BadInput:
            raise
        except ServiceError as error:
            raise ServiceError(str(error), field=f"{change.action_id}:{error.field}") from None
    newer: dict[int, PlanAction | None] = {}
    for change in changes:
        code_action = found.get(change.action_id)
        if code_action is None:
            newer[change.action_id] = None
        elif code_action[1].version != change.expected_version:
            newer[change.action_id] = code_action[1]
    if newer:
        raise ActionsConflict(newer)
    now = utcnow()
    params: list[dict[str, object]] = []
    events: list[audit.Event] = []
    for change, values in cleaned:
        code, action = found[change.action_id]
        changed = {
            name: (getattr(action, name), new)
            for name, new in values.items()
            if getattr(action, name) != new
        }
        if not changed:
            continue
        params.append(
            {
                "b_id": action.id,
                "b_version": change.expected_version,
                **values,
                "updated_at": now,
                "version": change.expected_version + 1,
            }
        )
        events.extend(
            audit.changes(
                "plan_action",
                action.id,
                changed,
                school_id=assessment.school_id,
                assessment_id=assessment.id,
                standard_code=code,
            )
        )
    if not params:
        return 0
    session.flush()
    result = session.connection().execute(_ACTION_UPDATE, params)
    if result.rowcount != len(params):
        # Saved by someone else between the read above and this write: keep nothing.
        raise Conflict("Someone else changed these actions while you were editing them")
    for _, action in found.values():
        session.expire(action)
    audit.write(session, events, user_id=user_id)
    return len(params)
