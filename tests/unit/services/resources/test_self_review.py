"""Nobody quality-assures their own resource proposal, whatever their role."""

from __future__ import annotations

import pytest

from hrsa.core.errors import ServiceError
from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.resources import ReviewState
from hrsa.extensions import db
from hrsa.models import ResourceReview
from hrsa.services.resources import review
from tests import resource_helpers as helpers


@pytest.mark.parametrize("role", [Role.ADVISORY, Role.ADMIN])
def test_a_reviewer_cannot_decide_on_their_own_proposal(factory, role):
    member = factory.user(role)
    resource = helpers.propose(member, title="My own pack")

    with pytest.raises(ServiceError, match="another member of the advisory group must review"):
        helpers.decide(resource, member, ReviewState.APPROVED)

    db.session.rollback()
    assert resource.state == ReviewState.PROPOSED
    assert db.session.query(ResourceReview).count() == 0


def test_another_member_can_and_the_queue_says_whose_it_is(factory):
    member, colleague = factory.user(Role.ADVISORY), factory.user(Role.ADVISORY)
    resource = helpers.propose(member, title="My own pack")

    [mine] = review.queue(db.session, today=helpers.TODAY, user=member)
    [theirs] = review.queue(db.session, today=helpers.TODAY, user=colleague)
    assert mine.own and not theirs.own

    helpers.decide(resource, colleague, ReviewState.APPROVED)
    assert resource.state == ReviewState.APPROVED
