"""Helpers for tests that need a school's assessment: start one, rate its standards, add actions."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select, update

from hrsa.extensions import db
from hrsa.models import Assessment, Cycle, PlanAction, Rating, School, User
from hrsa.services import assessments
from tests.factories import Factory


def start_assessment(
    factory: Factory,
    *,
    school: School | None = None,
    cycle: Cycle | None = None,
    user: User | None = None,
) -> Assessment:
    """A school's assessment in the cycle (made if not given): 21 standards, none rated."""
    school = school or factory.school()
    cycle = cycle or factory.cycle()
    assessment = assessments.start(
        db.session, school=school, cycle=cycle, user_id=user.id if user else None
    )
    db.session.commit()
    return assessment


def rate(assessment: Assessment, rags: dict[str, str | None]) -> None:
    """Set these standards' ratings directly, as if saved from their principle pages."""
    for code, rag in rags.items():
        db.session.execute(
            update(Rating)
            .where(Rating.assessment_id == assessment.id, Rating.standard_code == code)
            .values(rag=rag)
        )
    db.session.commit()
    db.session.expire_all()


def rate_all(
    assessment: Assessment, rag: str = "amber", *, except_codes: Iterable[str] = ()
) -> None:
    """Rate every standard (but those in except_codes) with the same RAG."""
    skip = set(except_codes)
    db.session.execute(
        update(Rating)
        .where(Rating.assessment_id == assessment.id, Rating.standard_code.not_in(skip))
        .values(rag=rag)
    )
    db.session.commit()
    db.session.expire_all()


def add_action(
    assessment: Assessment,
    code: str,
    *,
    what: str = "Train staff on the new policy",
    who: str = "Head of PSHE",
    due_on: date = date(2027, 3, 31),
    status: str = "not_started",
) -> PlanAction:
    """An action straight into the database (the rating must exist; its RAG is not checked)."""
    rating = db.session.scalar(
        select(Rating).where(Rating.assessment_id == assessment.id, Rating.standard_code == code)
    )
    assert rating is not None, code
    action = PlanAction(rating_id=rating.id, what=what, who=who, due_on=due_on, status=status)
    db.session.add(action)
    db.session.commit()
    return action


def fresh(model: type, id_: int):  # type: ignore[no-untyped-def]
    """The row as the database has it now (views commit in their own transaction)."""
    db.session.expire_all()
    return db.session.get(model, id_)
