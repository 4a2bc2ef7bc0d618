"""The demo resource bank: every review state, the pilot's five sessions, real gaps, idempotent."""

from __future__ import annotations

from sqlalchemy import func, select

from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.resources import ReviewState
from hrsa.demo import resources
from hrsa.extensions import db
from hrsa.models import OutboxMessage, Resource, ResourceReview, ResourceStandard


def _people(factory):
    school = factory.school()
    return {
        "staff@school.example": factory.user(
            Role.SCHOOL_STAFF, school, email="staff@school.example"
        ),
        "lead2@school.example": factory.user(Role.SCHOOL_LEAD, email="lead2@school.example"),
        "advisory@city.example": factory.user(Role.ADVISORY, email="advisory@city.example"),
        "admin@city.example": factory.user(Role.ADMIN, email="admin@city.example"),
    }, [school] + [factory.school() for _ in range(10)]


def test_the_demo_bank_has_every_state_and_the_pilot_sessions(factory):
    people, schools = _people(factory)
    notes = resources.seed(db.session, people, schools)
    db.session.commit()
    states = dict(
        db.session.execute(select(Resource.state, func.count()).group_by(Resource.state)).all()
    )
    assert set(states) == set(ReviewState.values())
    assert notes and "14 resources" in notes[0]
    titles = set(db.session.scalars(select(Resource.title)))
    for topic in ("Consent", "Sexting", "Healthy and unhealthy", "Pornography", "Resilience"):
        assert any(title.startswith(topic) for title in titles), topic
    # The lapsed resource was approved once; rejected and changes-requested ones say why.
    lapsed = db.session.scalar(select(Resource).where(Resource.state == "lapsed"))
    assert db.session.scalar(
        select(ResourceReview.decision).where(ResourceReview.resource_id == lapsed.id)
    ) == ("approved")
    assert (
        db.session.scalar(select(func.count(ResourceReview.id)).where(ResourceReview.reason != ""))
        >= 3
    )
    # Proposers were told of decisions, through the outbox.
    assert db.session.scalar(select(func.count(OutboxMessage.id))) > 0
    # Leadership (principle 1) and staff wellbeing (5.2) have no resources: real gaps.
    mapped = set(db.session.scalars(select(ResourceStandard.standard_code)))
    assert not {"1.1", "1.2", "1.3", "1.4", "5.2", "6.3"} & mapped
    # A second run adds nothing.
    assert resources.seed(db.session, people, schools) == []
    assert db.session.scalar(select(func.count(Resource.id))) == len(resources.BANK)


def test_lapse_resources_command_moves_overdue_approvals_to_the_queue(app, factory):
    from datetime import timedelta

    from sqlalchemy import update

    from tests import resource_helpers

    reviewer = factory.user(Role.ADVISORY)
    overdue = resource_helpers.approved(factory.user(Role.SCHOOL_STAFF), reviewer)
    current = resource_helpers.approved(factory.user(Role.SCHOOL_STAFF), reviewer, title="Fine")
    db.session.execute(
        update(Resource)
        .where(Resource.id == overdue.id)
        .values(review_by=resource_helpers.TODAY - timedelta(days=1))
    )
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["lapse-resources"])
    assert result.exit_code == 0, result.output
    assert "1 resource(s) lapsed" in result.output
    db.session.expire_all()
    assert (overdue.state, current.state) == ("lapsed", "approved")
