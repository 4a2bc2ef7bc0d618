"""The demo city that `make run` serves: Plymouth-shaped, two cycles, every citywide view fed."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import Integer, func, select

from hrsa.core.vocabulary.assessment import AssessmentStatus
from hrsa.core.vocabulary.moderation import ModerationOutcome
from hrsa.core.vocabulary.ratings import Rag
from hrsa.demo.city import WARD_NAMES
from hrsa.extensions import db
from hrsa.models import Assessment, AuditEvent, Cycle, EvidenceItem, Rating, School, User
from hrsa.models.moderation import Moderation
from hrsa.services.moderation import decisions


@pytest.fixture
def city(app):
    """The demo city as `hrsa seed-demo` builds it with no options."""
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    return result.output


def cycles() -> tuple[Cycle, Cycle]:
    previous, current = db.session.scalars(select(Cycle).order_by(Cycle.opens_on)).all()
    return previous, current


def mean_scores(group_by, cycle: Cycle) -> dict[object, float]:
    """Mean of Red 0 / Amber 1 / Green 2 over submitted ratings, per group."""
    rows = db.session.execute(
        select(
            group_by,
            func.avg(
                func.coalesce(
                    (Rating.rag == Rag.GREEN.value).cast(Integer) * 2
                    + (Rating.rag == Rag.AMBER.value).cast(Integer),
                    0,
                )
            ),
        )
        .join(Assessment, Assessment.id == Rating.assessment_id)
        .join(School, School.id == Assessment.school_id)
        .where(Assessment.cycle_id == cycle.id, Assessment.status == AssessmentStatus.SUBMITTED)
        .group_by(group_by)
    ).all()
    return {key: float(score) for key, score in rows}


def test_seed_demo_builds_a_plymouth_sized_city_with_every_ward_above_the_small_number_rule(city):
    phases = Counter(db.session.scalars(select(School.phase)))
    wards = set(db.session.scalars(select(School.ward)))
    previous, current = cycles()
    submitted_per_ward = Counter(
        db.session.scalars(
            select(School.ward)
            .join(Assessment, Assessment.school_id == School.id)
            .where(Assessment.cycle_id == current.id, Assessment.status == "submitted")
        )
    )
    submitted_per_phase = Counter(
        db.session.scalars(
            select(School.phase)
            .join(Assessment, Assessment.school_id == School.id)
            .where(Assessment.cycle_id == current.id, Assessment.status == "submitted")
        )
    )
    statuses = Counter(
        db.session.scalars(select(Assessment.status).where(Assessment.cycle_id == current.id))
    )

    assert sum(phases.values()) == 100
    assert phases["primary"] == 70 and phases["secondary"] == 17
    assert phases["special"] + phases["alternative_provision"] == 10
    assert wards == set(WARD_NAMES)
    assert (previous.name, current.name) == ("2025/26", "2026/27")
    assert min(submitted_per_ward[ward] for ward in WARD_NAMES) >= 3
    assert min(submitted_per_phase[phase] for phase in phases) >= 3
    not_started = 100 - sum(statuses.values())
    assert statuses["in_progress"] >= 5 and statuses["submitted"] >= 60 and not_started >= 5
    names = set(db.session.scalars(select(School.name)))
    assert {"Coombe Dean School", "Tor Bridge High"} <= names
    assert "100 new schools" in city


def test_the_demo_city_shows_improving_and_declining_schools_and_weaker_wards(city):
    previous, current = cycles()
    before = mean_scores(School.id, previous)
    now = mean_scores(School.id, current)
    both = before.keys() & now.keys()
    by_ward = mean_scores(School.ward, current)
    by_principle = mean_scores(Rating.principle_number, current)

    assert any(now[school] > before[school] + 0.2 for school in both)
    assert any(now[school] < before[school] - 0.2 for school in both)
    # A visible pattern on the area heatmap: the weakest ward well behind the strongest.
    assert max(by_ward.values()) - min(by_ward.values()) > 0.5
    assert max(by_principle.values()) - min(by_principle.values()) > 0.4


def test_demo_ratings_obey_the_rules_and_some_are_moderated(city):
    green_without_evidence = db.session.scalar(
        select(func.count())
        .select_from(Rating)
        .outerjoin(EvidenceItem, EvidenceItem.rating_id == Rating.id)
        .where(Rating.rag == Rag.GREEN, EvidenceItem.id.is_(None))
    )
    unrated_in_submitted = db.session.scalar(
        select(func.count())
        .select_from(Rating)
        .join(Assessment, Assessment.id == Rating.assessment_id)
        .where(Assessment.status == "submitted", Rating.rag.is_(None))
    )
    moderated = db.session.execute(
        select(Moderation.outcome, Moderation.moderated_rag, Rating.rag, Assessment.status)
        .join(Rating, Rating.id == Moderation.rating_id)
        .join(Assessment, Assessment.id == Rating.assessment_id)
    ).all()
    moderator = db.session.scalar(select(User).where(User.email == "advisory@city.example"))

    assert green_without_evidence == 0
    assert unrated_in_submitted == 0
    outcomes = Counter(outcome for outcome, *_ in moderated)
    assert outcomes[ModerationOutcome.AGREE] > 0 and outcomes[ModerationOutcome.CHALLENGE] > 0
    assert all(status == "submitted" for *_, status in moderated)
    assert all(
        (moderated_rag == rag) == (outcome == ModerationOutcome.AGREE)
        for outcome, moderated_rag, rag, _ in moderated
    )
    audited = db.session.scalar(
        select(func.count()).where(
            AuditEvent.entity == "moderation",
            AuditEvent.field == "moderation_outcome",
            AuditEvent.user_id == moderator.id,
        )
    )
    assert audited == len(moderated)


def test_the_demo_lead_school_is_part_way_through_in_the_lead_s_name(city):
    lead = db.session.scalar(select(User).where(User.email == "lead@school.example"))
    lead2 = db.session.scalar(select(User).where(User.email == "lead2@school.example"))
    previous, current = cycles()
    # scripts/screenshots.py photographs assessments 1 to 4 of a fresh demo database: the demo's
    # first four (ids here follow whatever ran before, as PostgreSQL's sequences never go back).
    first = db.session.scalar(select(func.min(Assessment.id)))
    own = {
        a.cycle_id: a
        for a in db.session.scalars(select(Assessment).where(Assessment.id <= first + 3))
    }
    mine = db.session.get(Assessment, first + 1)
    carried = db.session.get(Assessment, first + 3)
    rated = db.session.scalar(
        select(func.count()).where(Rating.assessment_id == mine.id, Rating.rag.is_not(None))
    )
    changes_by = set(
        db.session.scalars(
            select(AuditEvent.user_id).where(
                AuditEvent.assessment_id == mine.id, AuditEvent.entity == "rating"
            )
        )
    )
    confirmed = db.session.scalar(
        select(func.count()).where(
            AuditEvent.assessment_id == carried.id, AuditEvent.action == "confirm"
        )
    )

    assert set(own) == {previous.id, current.id}
    assert (mine.school_id, mine.cycle_id, mine.status) == (
        lead.school_id,
        current.id,
        "in_progress",
    )
    assert 0 < rated < 21
    assert changes_by == {lead.id}
    assert db.session.get(Assessment, first).status == "submitted"
    assert carried.school_id == lead2.school_id and carried.carried_forward_from_id == first + 2
    assert 0 < confirmed < 21
    # Last cycle, the advisory group agreed with one of the lead's ratings and challenged one.
    feedback = decisions.feedback(db.session, first)
    assert sorted(item.outcome for item in feedback.values()) == [
        ModerationOutcome.AGREE,
        ModerationOutcome.CHALLENGE,
    ]


def test_seeding_again_adds_nothing(app, city):
    counts = [db.session.scalar(select(func.count()).select_from(m)) for m in (School, Rating)]

    again = app.test_cli_runner().invoke(args=["seed-demo"])

    assert again.exit_code == 0 and "0 new schools" in again.output
    assert [db.session.scalar(select(func.count()).select_from(m)) for m in (School, Rating)] == (
        counts
    )
