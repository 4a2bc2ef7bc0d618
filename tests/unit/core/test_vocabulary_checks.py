"""The database refuses values outside the vocabulary, whatever code writes them."""

from __future__ import annotations

import pytest
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.ratings import Rag
from hrsa.extensions import db
from hrsa.models import Assessment, PlanAction, Rating
from hrsa.services.assessment import starting


@pytest.fixture
def assessment(factory):
    lead = factory.user(Role.SCHOOL_LEAD)
    started = starting.start(db.session, school=lead.school, cycle=factory.cycle(), user_id=lead.id)
    db.session.commit()
    return started


@pytest.mark.parametrize(
    ("model", "column", "value"),
    [
        (Rating, "rag", "blue"),
        (Rating, "rag", "Amber"),
        (Assessment, "status", "not_started"),  # never stored: it is the absence of a row
        (Assessment, "status", "closed"),
        (PlanAction, "status", "finished"),
    ],
)
def test_a_value_outside_the_vocabulary_is_refused(assessment, model, column, value):
    rating = db.session.scalars(
        db.select(Rating).where(Rating.assessment_id == assessment.id)
    ).first()
    rating.rag = Rag.RED
    db.session.add(
        PlanAction(
            rating_id=rating.id, what="Train staff", who="Head", due_on=db.func.current_date()
        )
    )
    db.session.commit()
    with pytest.raises(IntegrityError):
        db.session.execute(update(model).values({column: value}))
    db.session.rollback()


def test_every_vocabulary_value_is_accepted(assessment):
    rating = db.session.scalars(
        db.select(Rating).where(Rating.assessment_id == assessment.id)
    ).first()
    for rag in (*Rag, None):
        db.session.execute(update(Rating).where(Rating.id == rating.id).values(rag=rag))
    db.session.commit()
