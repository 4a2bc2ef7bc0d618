"""Writing many schools' assessments at once, for the demo city and the benchmark's scratch city.

Going through the web pages' services school by school costs about 25 ms a school (every save
is validated, versioned and audited one principle at a time), which is fine for the two demo
schools people sign in to but not for a city. This path writes the same rows with one
multi-row INSERT per table per batch, and keeps the rules the services enforce: a Green always
has documentary evidence and a narrative, an action only hangs off a Red or Amber, a submitted
assessment has every standard rated, and (when asked) every change is in the audit trail.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from hrsa.core.framework import Framework
from hrsa.core.vocabulary.assessment import ActionStatus, AssessmentStatus
from hrsa.core.vocabulary.audit import AuditAction
from hrsa.core.vocabulary.moderation import ModerationOutcome
from hrsa.core.vocabulary.ratings import Rag
from hrsa.demo import actions as demo_actions
from hrsa.models import Assessment, AuditEvent, EvidenceItem, PlanAction, Rating
from hrsa.models.evidence import KIND_LINK
from hrsa.models.moderation import Moderation
from hrsa.services.assessment import rating_counts

NARRATIVES = {
    Rag.RED: "Not yet in place. We have discussed this with the senior leadership team.",
    Rag.AMBER: "Partly in place: work has started but the evidence is incomplete.",
    Rag.GREEN: "Fully in place and reviewed this year; see the documents listed.",
}
CHALLENGES = [
    "The evidence shows the policy but not yet how it is taught: Amber fits better for now.",
    "Please add the training record; without it this reads as work in progress.",
    "Strong practice described, but the documents are from two years ago.",
]
MODERATION_FIELDS = [
    ("moderation_outcome", "outcome"),
    ("moderated_rag", "moderated_rag"),
    ("moderation_comment", "comment"),
]
AGREEMENTS = [
    "Agreed: the evidence supports this rating.",
    "Agreed, with thanks for the clear narrative.",
]


@dataclass(frozen=True)
class NewAssessment:
    """One assessment to write: whose, in which cycle, its ratings and when things happened."""

    school_id: int
    cycle_id: int
    framework_version_id: int
    status: AssessmentStatus
    ratings: dict[str, str | None]  # standard code -> rag, None when not yet rated
    updated_at: datetime
    submitted_at: datetime | None
    website: str


@dataclass(frozen=True)
class WriteOptions:
    """What to write beside the ratings: plan actions and audit events (the demo wants both)."""

    actions: bool = True
    audit: bool = True
    today: date | None = None
    rng: random.Random | None = None


def write_assessments(
    session: Session,
    framework: Framework,
    new: Sequence[NewAssessment],
    options: WriteOptions | None = None,
) -> list[int]:
    """Insert these assessments with their ratings and evidence; return the assessments' ids."""
    options = options or WriteOptions()
    if not new:
        return []
    for item in new:
        _check(item)
    ids = _insert_returning_ids(session, Assessment, [_assessment_row(item) for item in new])
    principle_of = {standard.code: standard.principle_number for standard in framework.standards}
    rating_rows = [
        _rating_row(assessment_id, item, code, rag, principle_of[code])
        for assessment_id, item in zip(ids, new, strict=True)
        for code, rag in item.ratings.items()
    ]
    rating_ids = _insert_returning_ids(session, Rating, [_columns(row) for row in rating_rows])
    rating_counts.recount(session, ids)
    _insert(session, EvidenceItem, _evidence_rows(new, rating_rows, rating_ids))
    if options.actions:
        rng = options.rng or random.Random(0)
        today = options.today or date.today()
        _insert(session, PlanAction, _action_rows(rng, today, rating_rows, rating_ids))
    if options.audit:
        _insert(session, AuditEvent, _audit_rows(new, ids, rating_rows, rating_ids))
    return ids


def _check(item: NewAssessment) -> None:
    """The services' rules, so the bulk path can never build what the pages would refuse."""
    if item.status is AssessmentStatus.SUBMITTED and None in item.ratings.values():
        raise ValueError("A submitted assessment has every standard rated")
    if item.status is AssessmentStatus.NOT_STARTED:
        raise ValueError("A school that has not started has no assessment row")


def _insert_returning_ids(session: Session, model: Any, rows: list[dict[str, Any]]) -> list[int]:
    """One multi-row INSERT; the new ids in the order of the rows."""
    if not rows:
        return []
    table = model.__table__
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return list(session.connection().scalars(statement, rows))


def _insert(session: Session, model: Any, rows: list[dict[str, Any]]) -> None:
    """One executemany INSERT through Core (the ORM's bulk path is several times slower)."""
    if rows:
        session.connection().execute(insert(model.__table__), rows)


def _assessment_row(item: NewAssessment) -> dict[str, Any]:
    return {
        "school_id": item.school_id,
        "cycle_id": item.cycle_id,
        "framework_version_id": item.framework_version_id,
        "status": item.status.value,
        "submitted_at": item.submitted_at,
        "created_at": item.updated_at - timedelta(days=14),
        "version": 1,
    }


def _rating_row(
    assessment_id: int, item: NewAssessment, code: str, rag: str | None, principle: int
) -> dict[str, Any]:
    return {
        "assessment_id": assessment_id,
        "principle_number": principle,
        "standard_code": code,
        "rag": rag,
        "narrative": NARRATIVES[Rag(rag)] if rag else "",
        "next_steps": demo_actions.next_steps_for(code) if rag and Rag(rag).is_gap else "",
        "carried_forward": False,
        "updated_at": item.updated_at if rag else None,
        "updated_by_id": None,
        "version": 2 if rag else 1,
        # Not a column: which school's website the evidence link points to.
        "_school_id": item.school_id,
        "_website": item.website,
    }


def _columns(row: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in row.items() if not key.startswith("_")}


def _evidence_rows(
    new: Sequence[NewAssessment], rating_rows: list[dict[str, Any]], rating_ids: list[int]
) -> list[dict[str, Any]]:
    """A link for every Amber and Green (Green is only allowed with documentary evidence)."""
    return [
        {
            "rating_id": rating_id,
            "school_id": row["_school_id"],
            "kind": KIND_LINK,
            "title": f"Standard {row['standard_code']} evidence on the school website",
            "url": f"{row['_website']}/policies/{row['standard_code']}",
            "carried_forward": False,
            "created_at": row["updated_at"],
        }
        for rating_id, row in zip(rating_ids, rating_rows, strict=True)
        if row["rag"] in (Rag.AMBER, Rag.GREEN)
    ]


def _action_rows(
    rng: random.Random, today: date, rating_rows: list[dict[str, Any]], rating_ids: list[int]
) -> list[dict[str, Any]]:
    """A delivery-plan action on most Reds and Ambers."""
    rows = []
    for rating_id, row in zip(rating_ids, rating_rows, strict=True):
        if row["rag"] not in (Rag.RED, Rag.AMBER) or rng.random() > 0.7:
            continue
        what, who = demo_actions.action_for(
            row["standard_code"], rng.randrange(demo_actions.ACTION_SLOTS)
        )
        rows.append(
            {
                "rating_id": rating_id,
                "what": what,
                "who": who,
                "due_on": today + timedelta(days=rng.randint(-60, 200)),
                "status": rng.choice(list(ActionStatus)).value,
                "carried_forward": False,
                "created_at": row["updated_at"],
                "version": 1,
            }
        )
    return rows


def _event(action: AuditAction, entity: str, **values: Any) -> dict[str, Any]:
    """One audit_event row; every row of a batch has the same columns (one executemany)."""
    row = dict.fromkeys(("user_id", "field", "old_value", "new_value", "standard_code"))
    return {**row, "action": action.value, "entity": entity, **values}


def _audit_rows(
    new: Sequence[NewAssessment],
    ids: list[int],
    rating_rows: list[dict[str, Any]],
    rating_ids: list[int],
) -> list[dict[str, Any]]:
    """The trail the pages would have left: started, each rating and narrative, submitted."""
    rows: list[dict[str, Any]] = []
    for assessment_id, item in zip(ids, new, strict=True):
        where = {"school_id": item.school_id, "assessment_id": assessment_id}
        start = item.updated_at - timedelta(days=14)
        rows.append(
            _event(AuditAction.START, "assessment", entity_id=assessment_id, at=start, **where)
        )
        if item.submitted_at is not None:
            rows.append(
                _event(
                    AuditAction.SUBMIT, "assessment", entity_id=assessment_id,
                    at=item.submitted_at, field="status",
                    old_value=AssessmentStatus.IN_PROGRESS.value,
                    new_value=AssessmentStatus.SUBMITTED.value, **where,
                )
            )  # fmt: skip
    for rating_id, row in zip(rating_ids, rating_rows, strict=True):
        if row["rag"] is None:
            continue
        rows += [
            _event(
                AuditAction.UPDATE, "rating", entity_id=rating_id, at=row["updated_at"],
                field=field, new_value=row[field], standard_code=row["standard_code"],
                school_id=row["_school_id"], assessment_id=row["assessment_id"],
            )
            for field in ("rag", "narrative")
        ]  # fmt: skip
    return rows


@dataclass(frozen=True)
class NewModeration:
    """The advisory group's view of one submitted rating."""

    rating_id: int
    school_id: int
    assessment_id: int
    standard_code: str
    rag: str
    at: datetime


def moderate(
    session: Session,
    rng: random.Random,
    ratings: Sequence[NewModeration],
    *,
    moderator_id: int | None,
) -> int:
    """Agree with most of these ratings and challenge some (a step down, never below Red)."""
    rows = []
    for rating in ratings:
        rag = Rag(rating.rag)
        challenge = rag is not Rag.RED and rng.random() < 0.3
        lower = Rag.RED if rag is Rag.AMBER else Rag.AMBER
        outcome = ModerationOutcome.CHALLENGE if challenge else ModerationOutcome.AGREE
        comment = rng.choice(CHALLENGES if challenge else AGREEMENTS)
        rows.append(
            {"rating_id": rating.rating_id, "outcome": outcome.value,
             "moderated_rag": (lower if challenge else rag).value, "comment": comment,
             "moderator_id": moderator_id, "created_at": rating.at, "updated_at": rating.at,
             "version": 1}
        )  # fmt: skip
    ids = _insert_returning_ids(session, Moderation, rows)
    # The same trail hrsa.services.moderation.decisions.record leaves: one event per field set.
    events = [
        _event(
            AuditAction.UPDATE, "moderation", user_id=moderator_id, entity_id=moderation_id,
            school_id=rating.school_id, assessment_id=rating.assessment_id,
            standard_code=rating.standard_code, field=field, new_value=row[column], at=rating.at,
        )
        for moderation_id, rating, row in zip(ids, ratings, rows, strict=True)
        for field, column in MODERATION_FIELDS
    ]  # fmt: skip
    _insert(session, AuditEvent, events)
    return len(rows)
