"""'Check your answers' before submitting: the school's details, every standard's rating with its
evidence count and the start of its narrative, the delivery plan's actions, and what is missing.

What blocks submission is the rule in hrsa.services.assessment.submission (every standard rated and
confirmed, the school's details complete); a Red or Amber standard with no action yet is only a
warning (hrsa.services.assessment.plan.standards_without_action). A fixed number of queries
whatever the number of standards, evidence items or actions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from hrsa.core.formatting import first_words
from hrsa.models import Assessment, EvidenceItem, PlanAction, Rating, School
from hrsa.services.assessment import plan, starting, submission
from hrsa.services.assessment.plan import StandardWithoutAction
from hrsa.services.schools import profile

NARRATIVE_START = 120


@dataclass(frozen=True)
class StandardAnswer:
    """One standard as the school answered it."""

    code: str
    text: str
    rag: str | None
    evidence: int
    narrative_start: str
    carried_forward: bool


@dataclass(frozen=True)
class PrincipleAnswers:
    number: int
    title: str
    standards: list[StandardAnswer]

    @property
    def unconfirmed(self) -> bool:
        """Answers carried forward from last cycle that nobody has checked and saved yet."""
        return any(s.carried_forward for s in self.standards)


@dataclass(frozen=True)
class ActionAnswer:
    """One delivery-plan action, with the standard it is for."""

    id: int
    code: str
    what: str
    who: str
    due_on: date


@dataclass(frozen=True)
class CheckAnswers:
    """Everything the check page shows, and what is missing."""

    principles: list[PrincipleAnswers]
    actions: list[ActionAnswer]
    unrated: list[tuple[int, str]]
    unconfirmed: list[int]
    missing_profile: list[tuple[str, str]]
    without_action: list[StandardWithoutAction]

    @property
    def blocked(self) -> bool:
        """Something must be done before the assessment can be submitted."""
        return bool(self.unrated or self.unconfirmed or self.missing_profile)


def _standard_rows(session: Session, assessment_id: int) -> dict[str, Any]:
    """Each standard's rating with its live evidence counted (one query, GROUP BY)."""
    rows = session.execute(
        select(
            Rating.standard_code,
            Rating.rag,
            Rating.narrative,
            Rating.carried_forward,
            func.count(EvidenceItem.id).label("evidence"),
        )
        .outerjoin(
            EvidenceItem,
            and_(EvidenceItem.rating_id == Rating.id, EvidenceItem.deleted_at.is_(None)),
        )
        .where(Rating.assessment_id == assessment_id)
        .group_by(Rating.id)
    ).all()
    return {row.standard_code: row for row in rows}


def _actions(session: Session, assessment_id: int, order: dict[str, int]) -> list[ActionAnswer]:
    """The plan's actions in framework order, then by due date (one query)."""
    rows = session.execute(
        select(
            PlanAction.id, Rating.standard_code, PlanAction.what, PlanAction.who, PlanAction.due_on
        )
        .join(Rating, PlanAction.rating_id == Rating.id)
        .where(Rating.assessment_id == assessment_id)
        .order_by(PlanAction.due_on, PlanAction.id)
    ).all()
    actions = [ActionAnswer(*row) for row in rows if row[1] in order]
    return sorted(actions, key=lambda a: order[a.code])


def check_answers(session: Session, assessment: Assessment, school: School) -> CheckAnswers:
    """The school's answers and what is missing: four queries whatever the counts."""
    framework = starting.framework_for(assessment)
    found = _standard_rows(session, assessment.id)
    principles = []
    for principle in framework.principles:
        answers = [
            StandardAnswer(
                code=standard.code,
                text=standard.text,
                rag=row.rag,
                evidence=int(row.evidence),
                narrative_start=first_words(row.narrative or "", NARRATIVE_START),
                carried_forward=bool(row.carried_forward),
            )
            for standard in principle.standards
            if (row := found.get(standard.code)) is not None
        ]
        principles.append(PrincipleAnswers(principle.number, principle.title, answers))
    unconfirmed = [p.number for p in principles if p.unconfirmed]
    missing = submission.missing_standards(session, assessment)
    order = {code: index for index, code in enumerate(framework.standard_codes)}
    return CheckAnswers(
        principles=principles,
        actions=_actions(session, assessment.id, order),
        unrated=[(n, code) for n, code in missing if code not in found or found[code].rag is None],
        unconfirmed=unconfirmed,
        missing_profile=profile.missing_profile_fields(school),
        without_action=plan.standards_without_action(session, assessment),
    )
