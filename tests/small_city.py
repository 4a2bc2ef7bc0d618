"""A small city whose citywide figures are worked out by hand in the dashboard tests.

Two cycles, five schools (R = Red, A = Amber, G = Green; "rest" is every other standard):

| school | phase     | ward  | 2025/26 (submitted)  | 2026/27                                     |
|--------|-----------|-------|----------------------|---------------------------------------------|
| Ash    | primary   | Stoke | 2.1 G, rest A        | submitted: 1.1 R, 1.2 R, 2.1 G, rest A      |
| Beech  | primary   | Stoke | all G                | submitted: 1.1 A, rest G                    |
| Cedar  | secondary | Stoke | (none)               | submitted: all R                            |
| Damson | secondary | Drake | (none)               | in progress: 1.1 G, rest not yet rated      |
| Elm    | special   | Drake | (none)               | not started                                 |

Moderation in 2026/27: Ash's 1.1 challenged (moderator says Amber); Beech's 1.1 agreed (Amber).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select, update

from hrsa.extensions import db
from hrsa.models import Assessment, Cycle, Rating, School
from hrsa.models.moderation import Moderation
from hrsa.vocabulary import AssessmentStatus, ModerationOutcome
from tests.assessment_helpers import rate, rate_all, start_assessment
from tests.factories import Factory


@dataclass
class SmallCity:
    before: Cycle
    now: Cycle
    schools: dict[str, School]
    assessments: dict[tuple[str, str], Assessment]  # (school name, "before"/"now")


def _submit(assessment: Assessment) -> None:
    db.session.execute(
        update(Assessment)
        .where(Assessment.id == assessment.id)
        .values(status=AssessmentStatus.SUBMITTED.value)
    )
    db.session.commit()


def moderate(assessment: Assessment, code: str, outcome: ModerationOutcome, rag: str) -> None:
    """Record the advisory group's outcome on one rating, straight into the database."""
    rating_id = db.session.scalar(
        select(Rating.id).where(Rating.assessment_id == assessment.id, Rating.standard_code == code)
    )
    db.session.add(
        Moderation(rating_id=rating_id, outcome=outcome.value, moderated_rag=rag, comment="")
    )
    db.session.commit()


def build(factory: Factory) -> SmallCity:
    """Make the city in the table above."""
    before = factory.cycle("2025/26", opens_on=date(2025, 9, 1), closes_on=date(2026, 7, 31))
    now = factory.cycle("2026/27")
    schools = {
        "Ash": factory.school(name="Ash Primary", phase="primary", ward="Stoke"),
        "Beech": factory.school(name="Beech Primary", phase="primary", ward="Stoke"),
        "Cedar": factory.school(name="Cedar Academy", phase="secondary", ward="Stoke"),
        "Damson": factory.school(name="Damson High", phase="secondary", ward="Drake"),
        "Elm": factory.school(name="Elm Special", phase="special", ward="Drake"),
    }
    made: dict[tuple[str, str], Assessment] = {}

    def assess(name: str, cycle: Cycle, when: str) -> Assessment:
        made[(name, when)] = start_assessment(factory, school=schools[name], cycle=cycle)
        return made[(name, when)]

    ash_before = assess("Ash", before, "before")
    rate_all(ash_before, "amber")
    rate(ash_before, {"2.1": "green"})
    beech_before = assess("Beech", before, "before")
    rate_all(beech_before, "green")
    ash = assess("Ash", now, "now")
    rate_all(ash, "amber")
    rate(ash, {"1.1": "red", "1.2": "red", "2.1": "green"})
    beech = assess("Beech", now, "now")
    rate_all(beech, "green")
    rate(beech, {"1.1": "amber"})
    cedar = assess("Cedar", now, "now")
    rate_all(cedar, "red")
    damson = assess("Damson", now, "now")
    rate(damson, {"1.1": "green"})
    for assessment in (ash_before, beech_before, ash, beech, cedar):
        _submit(assessment)
    moderate(ash, "1.1", ModerationOutcome.CHALLENGE, "amber")
    moderate(beech, "1.1", ModerationOutcome.AGREE, "amber")
    db.session.expire_all()
    return SmallCity(before=before, now=now, schools=schools, assessments=made)
