"""The resource bank's quality assurance through the pages: propose, request changes, resubmit,
approve, lapse, re-approve and reject, with the proposer told of each decision."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.resources import Criterion, ReviewState
from hrsa.extensions import db
from hrsa.models import AuditEvent, OutboxMessage, Resource, ResourceReview
from tests import resource_helpers as helpers


@pytest.fixture(autouse=True)
def _end_transaction():
    yield
    db.session.rollback()


def proposal_form(**changes: object) -> dict[str, object]:
    form: dict[str, object] = {
        "title": "Sexting: think before you send",
        "summary": "Two lessons on image sharing, consent and the law, with a film.",
        "provider": "NSPCC",
        "resource_type": "lesson_plan",
        "url": "https://learning.example.org/sexting",
        "audiences": ["ks3", "ks4"],
        "topics": ["sexting"],
        "standards": ["3.1", "3.2"],
        "cost": "free",
        "review_by": ["1", "9", str(helpers.NEXT_YEAR.year + 1)],
    }
    form.update(changes)
    return form


def review_form(resource: Resource, decision: str, **changes: object) -> dict[str, object]:
    form: dict[str, object] = {f"criterion-{c.value}": "met" for c in Criterion}
    form.update(
        {
            "decision": decision,
            "reason": "",
            "version": str(resource.version),
            "review_by": ["1", "9", str(helpers.NEXT_YEAR.year + 1)],
        }
    )
    form.update(changes)
    return form


def emails_to(address: str) -> list[OutboxMessage]:
    return list(
        db.session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.recipient == address)
            .order_by(OutboxMessage.id)
        )
    )


def test_the_whole_review_workflow(client, sign_in, factory):
    staff = factory.user(Role.SCHOOL_STAFF)
    reviewer = factory.user(Role.ADVISORY, name="Ada Reviewer")
    other_school = factory.user(Role.SCHOOL_LEAD)

    # A member of school staff proposes a resource.
    sign_in(staff.email)
    response = client.post("/resources/propose", data=proposal_form())
    assert response.status_code == 302
    resource = db.session.scalar(select(Resource))
    assert resource.state == ReviewState.PROPOSED
    assert "Waiting for review" in client.get(response.location).get_data(as_text=True)
    sign_in.out()

    # Other schools cannot see it, nor find it in the bank.
    sign_in(other_school.email)
    assert client.get(f"/resources/{resource.id}").status_code == 404
    assert "Sexting: think" not in client.get("/resources").get_data(as_text=True)
    sign_in.out()

    # The advisory group asks for changes.
    sign_in(reviewer.email)
    queue = client.get("/resources/review").get_data(as_text=True)
    assert "Sexting: think before you send" in queue
    response = client.post(
        f"/resources/{resource.id}/review",
        data=review_form(
            resource,
            "changes_requested",
            reason="Add the helpline numbers for wrap-around support.",
            **{"criterion-wrap_around_support": "not_met"},
        ),
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert resource.state == ReviewState.CHANGES_REQUESTED
    (email,) = emails_to(staff.email)
    assert "changes requested" in email.subject
    assert "Add the helpline numbers" in email.body
    sign_in.out()

    # The proposer sees why, edits and resubmits.
    sign_in(staff.email)
    page = client.get(f"/resources/{resource.id}").get_data(as_text=True)
    assert "Add the helpline numbers for wrap-around support." in page
    form = proposal_form(summary="Two lessons on image sharing. Helplines: Childline 0800 1111.")
    form["version"] = str(resource.version)
    response = client.post(f"/resources/{resource.id}/edit", data=form)
    assert response.status_code == 302
    db.session.expire_all()
    assert resource.state == ReviewState.PROPOSED
    assert "Childline" in resource.summary
    sign_in.out()

    # The advisory group approves it: schools now find it.
    sign_in(reviewer.email)
    assert "Resubmitted" in client.get("/resources/review").get_data(as_text=True)
    response = client.post(
        f"/resources/{resource.id}/review", data=review_form(resource, "approved")
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert resource.state == ReviewState.APPROVED
    assert "approved" in emails_to(staff.email)[-1].subject
    sign_in.out()
    sign_in(other_school.email)
    assert "Sexting: think before you send" in client.get("/resources").get_data(as_text=True)
    page = client.get(f"/resources/{resource.id}").get_data(as_text=True)
    assert "Quality assured by Ada Reviewer" in page
    assert "8 of 8 criteria met" in page
    sign_in.out()

    # The review-by date passes: it lapses, leaves the bank and waits for re-review.
    db.session.execute(
        update(Resource)
        .where(Resource.id == resource.id)
        .values(review_by=helpers.TODAY - timedelta(days=1))
    )
    db.session.commit()
    sign_in(other_school.email)
    assert client.get(f"/resources/{resource.id}").status_code == 404
    assert "Sexting: think" not in client.get("/resources").get_data(as_text=True)
    sign_in.out()
    sign_in(reviewer.email)
    queue = client.get("/resources/review").get_data(as_text=True)
    assert "Lapsed: due for re-review" in queue
    db.session.expire_all()
    assert resource.state == ReviewState.LAPSED
    sign_in.out()
    sign_in(other_school.email)
    assert client.get(f"/resources/{resource.id}").status_code == 404
    sign_in.out()

    # Re-approved with a new review-by date, schools see it again.
    sign_in(reviewer.email)
    response = client.post(
        f"/resources/{resource.id}/review", data=review_form(resource, "approved")
    )
    assert response.status_code == 302
    sign_in.out()
    sign_in(other_school.email)
    assert client.get(f"/resources/{resource.id}").status_code == 200

    # The whole history is kept and audited.
    decisions = db.session.scalars(
        select(ResourceReview.decision)
        .where(ResourceReview.resource_id == resource.id)
        .order_by(ResourceReview.id)
    ).all()
    assert decisions == ["changes_requested", "approved", "approved"]
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.entity == "resource").order_by(AuditEvent.id)
    ).all()
    assert actions[0] == "propose_resource"
    assert {"review_resource", "resubmit_resource", "lapse_resource"} <= set(actions)
    assert len(emails_to(staff.email)) == 3


def test_a_rejected_resource_tells_the_proposer_why_and_stays_hidden(client, sign_in, factory):
    proposer = factory.user(Role.SCHOOL_LEAD)
    reviewer = factory.user(Role.ADVISORY)
    resource = helpers.propose(proposer)
    sign_in(reviewer.email)
    response = client.post(
        f"/resources/{resource.id}/review",
        data=review_form(resource, "rejected", reason="It shames young people."),
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert resource.state == ReviewState.REJECTED
    (review,) = db.session.scalars(select(ResourceReview)).all()
    assert (review.decision, review.reason, review.reviewer_id) == (
        ReviewState.REJECTED,
        "It shames young people.",
        reviewer.id,
    )
    sign_in.out()
    (email,) = emails_to(proposer.email)
    assert "not accepted" in email.subject and "It shames young people." in email.body
    sign_in(proposer.email)
    page = client.get(f"/resources/{resource.id}").get_data(as_text=True)
    assert "Why the advisory group rejected it" in page and "It shames young people." in page
    # The proposer cannot edit a rejected resource back into the queue.
    assert client.get(f"/resources/{resource.id}/edit").status_code == 403
    sign_in.out()
    sign_in(factory.user(Role.SCHOOL_STAFF).email)
    assert client.get(f"/resources/{resource.id}").status_code == 404


def test_two_reviewers_deciding_at_once_the_second_is_refused(client, sign_in, factory):
    resource = helpers.propose(factory.user(Role.SCHOOL_STAFF))
    first, second = factory.user(Role.ADVISORY), factory.user(Role.ADVISORY)
    stale_form = review_form(resource, "rejected", reason="Out of date.")
    sign_in(first.email)
    client.post(f"/resources/{resource.id}/review", data=review_form(resource, "approved"))
    sign_in.out()
    sign_in(second.email)
    response = client.post(
        f"/resources/{resource.id}/review", data=stale_form, follow_redirects=True
    )
    page = response.get_data(as_text=True)
    assert "Someone else has already reviewed this resource" in page
    assert "Your review was not saved" in page
    db.session.expire_all()
    assert resource.state == ReviewState.APPROVED
    assert db.session.scalar(select(func.count(ResourceReview.id))) == 1


def test_an_edit_after_a_review_began_is_caught_by_the_version(client, sign_in, factory):
    proposer = factory.user(Role.SCHOOL_STAFF)
    resource = helpers.propose(proposer)
    stale = review_form(resource, "approved")
    sign_in(proposer.email)
    form = proposal_form(title="A new title")
    form["version"] = str(resource.version)
    client.post(f"/resources/{resource.id}/edit", data=form)
    sign_in.out()
    sign_in(factory.user(Role.ADVISORY).email)
    page = client.post(
        f"/resources/{resource.id}/review", data=stale, follow_redirects=True
    ).get_data(as_text=True)
    assert "Someone else changed this resource after you opened it" in page
    db.session.expire_all()
    assert resource.state == ReviewState.PROPOSED


@pytest.mark.parametrize("role", [Role.SCHOOL_STAFF, Role.SCHOOL_LEAD, Role.COMMISSIONER])
def test_only_the_advisory_group_reviews(client, sign_in, factory, role):
    resource = helpers.propose(factory.user(Role.SCHOOL_STAFF))
    sign_in(factory.user(role).email)
    assert client.get("/resources/review").status_code == 403
    assert client.get(f"/resources/{resource.id}/review").status_code == 403
    response = client.post(
        f"/resources/{resource.id}/review", data=review_form(resource, "approved")
    )
    assert response.status_code == 403
    db.session.expire_all()
    assert resource.state == ReviewState.PROPOSED


def test_a_review_needs_every_criterion_and_a_reason(client, sign_in, factory):
    resource = helpers.propose(factory.user(Role.SCHOOL_STAFF))
    sign_in(factory.user(Role.ADVISORY).email)
    form = review_form(resource, "changes_requested", reason="")
    del form["criterion-keeping_it_real"]
    form["comment-relevance"] = "Good for Year 9"
    page = client.post(f"/resources/{resource.id}/review", data=form).get_data(as_text=True)
    assert "There is a problem" in page
    assert "Choose whether “Keeping it real” is met" in page
    assert "Explain what needs to change" in page
    assert "Good for Year 9" in page  # what the reviewer typed is kept
    assert 'value="met" checked' in page
    db.session.expire_all()
    assert resource.state == ReviewState.PROPOSED


def test_approval_needs_a_future_review_by_date(client, sign_in, factory):
    resource = helpers.propose(factory.user(Role.SCHOOL_STAFF))
    sign_in(factory.user(Role.ADVISORY).email)
    form = review_form(resource, "approved", review_by=["1", "9", "2001"])
    page = client.post(f"/resources/{resource.id}/review", data=form).get_data(as_text=True)
    assert "The review-by date must be in the future" in page
    db.session.expire_all()
    assert resource.state == ReviewState.PROPOSED
    assert db.session.scalar(select(func.count(ResourceReview.id))) == 0


def test_a_proposer_in_the_advisory_group_is_turned_away_from_reviewing_it(
    client, sign_in, factory
):
    member = factory.user(Role.ADVISORY)
    resource = helpers.propose(member, title="My own pack")
    sign_in(member.email)

    queue = client.get("/resources/review").get_data(as_text=True)
    assert "You proposed it: another member reviews it." in queue
    assert f"/resources/{resource.id}/review" not in queue
    assert "Review this resource" not in client.get(f"/resources/{resource.id}").get_data(
        as_text=True
    )

    response = client.post(
        f"/resources/{resource.id}/review", data=review_form(resource, "approved")
    )
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert "another member of the advisory group must review it" in page
    db.session.expire_all()
    assert db.session.get_one(Resource, resource.id).state == ReviewState.PROPOSED


def test_a_proposer_is_not_asked_for_a_review_by_date_and_a_chosen_file_is_named_again(
    client, sign_in, factory
):
    from datetime import timedelta
    from html import unescape

    sign_in(factory.user(Role.SCHOOL_STAFF).email)
    page = unescape(client.get("/resources/propose").get_data(as_text=True))
    assert 'name="review_by"' not in page
    assert "decide when it should be reviewed again" in page

    import io

    refused = client.post(
        "/resources/propose",
        data={**proposal_form(title=""), "file": (io.BytesIO(b"%PDF-1.4"), "consent-pack.pdf")},
        content_type="multipart/form-data",
    )
    assert "The file you chose, consent-pack.pdf, was not kept" in unescape(
        refused.get_data(as_text=True)
    )

    sent = client.post(
        "/resources/propose", data={**proposal_form(), "review_by": ["1", "1", "2020"]}
    )
    assert sent.status_code == 302
    resource = db.session.scalar(select(Resource))
    assert resource.review_by == helpers.TODAY + timedelta(days=365), "provisional, not typed"
