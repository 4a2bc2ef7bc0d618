"""Moderating a standard through its page, and the school reading the feedback."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.ratings import Rag
from hrsa.extensions import db
from hrsa.models.moderation import Moderation
from tests.city_helpers import moderate


@pytest.fixture
def submitted(factory):  # type: ignore[no-untyped-def]
    assessment = factory.assessment(rags={"1.1": Rag.AMBER})
    return factory.submitted(assessment)


def url(assessment, code="1.1") -> str:  # type: ignore[no-untyped-def]
    return f"/assessments/{assessment.id}/standards/{code}/moderate"


def test_an_advisory_member_challenges_a_rating_from_the_principle_page(
    client, factory, sign_in, submitted
) -> None:
    advisory = factory.user(Role.ADVISORY, name="Ada Advisor")
    sign_in(advisory.email)
    principle = client.get(f"/assessments/{submitted.id}/principles/1").get_data(as_text=True)
    assert f'href="{url(submitted)}"' in principle
    assert "Moderate standard 1.1</a>" in principle
    page = client.get(url(submitted))
    assert page.status_code == 200
    assert "Do you agree with the school&#39;s rating?" in page.get_data(as_text=True)
    response = client.post(
        url(submitted),
        data={
            "outcome": "challenge",
            "moderated_rag": "red",
            "comment": "No training yet",
            "version": "0",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/principles/1#standard-1.1")
    row = db.session.scalar(select(Moderation))
    assert (row.outcome, row.moderated_rag, row.comment) == ("challenge", "red", "No training yet")
    html = client.get(f"/assessments/{submitted.id}/principles/1").get_data(as_text=True)
    assert "Moderation of standard 1.1 recorded" in html
    assert "Change the moderation of standard 1.1" in html


def test_bad_input_shows_govuk_errors_and_keeps_what_was_typed(
    client, factory, sign_in, submitted
) -> None:
    sign_in(factory.user(Role.ADVISORY).email)
    response = client.post(
        url(submitted),
        data={"outcome": "challenge", "comment": "Typed <b>with</b> care", "version": "0"},
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "There is a problem" in html
    assert 'href="#moderated_rag">Choose the rating you would give' in html
    assert "Typed &lt;b&gt;with&lt;/b&gt; care</textarea>" in html
    assert 'value="challenge" checked' in html
    assert db.session.scalar(select(Moderation)) is None
    missing = client.post(url(submitted), data={"version": "0"}).get_data(as_text=True)
    assert "Choose whether you agree with the school&#39;s rating or challenge it" in missing
    assert db.session.scalar(select(Moderation)) is None


def test_a_second_moderator_is_told_and_keeps_their_typing(client, factory, sign_in, submitted):  # type: ignore[no-untyped-def]
    first = factory.user(Role.ADVISORY, name="First Moderator")
    moderate(factory, submitted, "1.1", first, "agree", comment="Looks right")
    sign_in(factory.user(Role.ADMIN).email)
    response = client.post(
        url(submitted),
        data={"outcome": "challenge", "moderated_rag": "red", "comment": "Mine", "version": "0"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'href="#current-moderation">Someone else moderated this standard' in html
    assert "First Moderator" in html and "Looks right" in html
    assert "Mine</textarea>" in html
    assert 'name="version" value="1"' in html  # saving again replaces theirs
    again = client.post(
        url(submitted),
        data={"outcome": "challenge", "moderated_rag": "red", "comment": "Mine", "version": "1"},
    )
    assert again.status_code == 302
    assert db.session.scalar(select(Moderation.comment)) == "Mine"


@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.SCHOOL_LEAD, Role.SCHOOL_STAFF])
def test_commissioners_and_the_school_cannot_moderate(client, factory, sign_in, submitted, role):  # type: ignore[no-untyped-def]
    person = factory.user(role, school=submitted.school if role.is_school_role else None)
    sign_in(person.email)
    assert client.get(url(submitted)).status_code == 403
    data = {"outcome": "agree", "version": "0"}
    assert client.post(url(submitted), data=data).status_code == 403
    assert db.session.scalar(select(Moderation)) is None
    principle = client.get(f"/assessments/{submitted.id}/principles/1").get_data(as_text=True)
    assert "/moderate" not in principle


def test_an_assessment_in_progress_cannot_be_moderated(client, factory, sign_in) -> None:
    assessment = factory.assessment(rags={"1.1": Rag.RED})
    sign_in(factory.user(Role.ADVISORY).email)
    response = client.post(url(assessment), data={"outcome": "agree", "version": "0"})
    assert response.status_code == 409  # the page again, with the reason (reopened meanwhile)
    assert "Only submitted assessments can be moderated" in response.get_data(as_text=True)
    assert db.session.scalar(select(Moderation)) is None
    response = client.get(url(assessment))
    assert response.status_code == 302
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Only submitted assessments can be moderated" in html
    assert "/moderate" not in html


def test_unknown_standards_and_assessments_are_not_found(client, factory, sign_in, submitted):  # type: ignore[no-untyped-def]
    sign_in(factory.user(Role.ADVISORY).email)
    assert client.get(url(submitted, "9.9")).status_code == 404
    assert client.get("/assessments/999999/standards/1.1/moderate").status_code == 404


def test_the_school_sees_the_feedback_on_its_task_list_and_principle_page(
    client, factory, sign_in, submitted
) -> None:
    advisory = factory.user(Role.ADVISORY, name="Ada Advisor")
    moderate(factory, submitted, "1.1", advisory, "challenge", "red", "Show us the training log")
    moderate(factory, submitted, "2.1", advisory, "agree")
    lead = factory.school_person(submitted.school_id, Role.SCHOOL_LEAD)
    sign_in(lead.email)
    tasks = client.get(f"/assessments/{submitted.id}").get_data(as_text=True)
    assert "Moderation feedback on 2 standards" in tasks
    assert f"/assessments/{submitted.id}/principles/1#moderation-1.1" in tasks
    assert "the advisory group would rate it Red" in tasks
    page = client.get(f"/assessments/{submitted.id}/principles/1").get_data(as_text=True)
    assert 'id="moderation-1.1"' in page
    assert "Show us the training log" in page and "Ada Advisor" in page
    assert "/moderate" not in page
    history = client.get(f"/assessments/{submitted.id}/standards/1.1/history").get_data(
        as_text=True
    )
    for words in ("Moderation changed", "Challenged", "Moderated rating changed", "Red"):
        assert words in history
    other = factory.user(Role.SCHOOL_LEAD)
    sign_in.out()
    sign_in(other.email)
    assert client.get(url(submitted)).status_code == 404


def test_a_closed_cycle_refuses_moderation_and_offers_none(client, factory, sign_in, submitted):  # type: ignore[no-untyped-def]
    from hrsa.services.cycles import lifecycle

    lifecycle.close_cycle(db.session, submitted.cycle, user_id=factory.user(Role.ADMIN).id)
    db.session.commit()
    sign_in(factory.user(Role.ADVISORY).email)

    principle = client.get(f"/assessments/{submitted.id}/principles/1").get_data(as_text=True)
    assert "Moderate standard 1.1" not in principle
    response = client.get(url(submitted))

    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert "cycle was closed on" in page and "its moderation can no longer be changed" in page


def test_a_cycle_closed_while_moderating_names_the_closure_and_keeps_the_comment(  # type: ignore[no-untyped-def]
    client, factory, sign_in, submitted
):
    from html import unescape

    from hrsa.services.cycles import lifecycle

    sign_in(factory.user(Role.ADVISORY).email)
    assert client.get(url(submitted)).status_code == 200  # the moderator opens the page...
    lifecycle.close_cycle(db.session, submitted.cycle, user_id=factory.user(Role.ADMIN).id)
    db.session.commit()  # ...an administrator closes the cycle, then the moderator saves
    comment = "The minutes do not show the governors' training was delivered"
    response = client.post(
        url(submitted),
        data={"outcome": "challenge", "moderated_rag": "red", "comment": comment, "version": "0"},
    )

    assert response.status_code == 409
    page = unescape(response.get_data(as_text=True))
    assert "govuk-error-summary" in page
    assert "cycle was closed on" in page and "nothing was saved" in page
    assert comment in page and 'value="challenge" checked' in page
    assert db.session.scalar(select(Moderation)) is None


def test_an_assessment_reopened_while_moderating_keeps_the_comment(  # type: ignore[no-untyped-def]
    client, factory, sign_in, submitted
):
    from html import unescape

    from hrsa.services.assessment import submission
    from hrsa.services.assessment.emails import Mailing

    advisory = factory.user(Role.ADVISORY)
    sign_in(advisory.email)
    submission.reopen(
        db.session,
        submitted,
        user=factory.user(Role.ADMIN),
        reason="Principle 2 needs its evidence",
        mailing=Mailing(link="https://hrsa.example/a", config={}),
    )
    db.session.commit()
    response = client.post(
        url(submitted),
        data={"outcome": "agree", "comment": "Well evidenced", "version": "0"},
    )

    assert response.status_code == 409
    page = unescape(response.get_data(as_text=True))
    assert "has been reopened" in page and "Well evidenced" in page
    assert db.session.scalar(select(Moderation)) is None
