"""A person turns reminders by email off and on from their account page."""

from __future__ import annotations

from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.models import AuditEvent, User


def test_reminders_are_on_until_the_person_turns_them_off(client, factory, sign_in):
    person = factory.user(Role.ADVISORY)
    sign_in(person.email)

    page = client.get("/account").get_data(as_text=True)
    assert "Do you want reminders by email?" in page
    assert 'value="yes" checked' in page

    response = client.post("/account/reminders", data={"wants_reminders": "no"})
    assert response.status_code == 302
    assert db.session.get_one(User, person.id).wants_reminders is False
    page = client.get("/account").get_data(as_text=True)
    assert "You will not get reminders by email." in page
    assert 'value="no" checked' in page
    actions = [e.action for e in db.session.query(AuditEvent).filter_by(user_id=person.id)]
    assert "reminders_off" in actions

    client.post("/account/reminders", data={"wants_reminders": "yes"})
    assert db.session.get_one(User, person.id).wants_reminders is True


def test_no_choice_is_a_govuk_error_and_changes_nothing(client, factory, sign_in):
    person = factory.user(Role.SCHOOL_LEAD)
    sign_in(person.email)

    response = client.post("/account/reminders", data={"wants_reminders": "maybe"})

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "Choose whether you want reminders by email" in page
    assert db.session.get_one(User, person.id).wants_reminders is True
