"""The delivery plan through the browser: adding, changing and deleting actions, and who may."""

from __future__ import annotations

import re
from datetime import date, timedelta
from html import unescape

import pytest
from sqlalchemy import func, select

from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.models import Assessment, AuditEvent, PlanAction
from tests.factories import fresh


def text(response) -> str:  # type: ignore[no-untyped-def]
    return unescape(response.get_data(as_text=True))


def action_count() -> int:
    return db.session.scalar(select(func.count()).select_from(PlanAction)) or 0


def action_form(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "what": "Run a staff workshop on healthy relationships",
        "who": "Head of PSHE",
        "due_on": ["31", "3", "2027"],
        "status": "not_started",
    }
    data.update(changes)
    return data


@pytest.fixture
def school(factory):
    return factory.school(name="Tamar View Primary")


@pytest.fixture
def assessment(factory, school) -> Assessment:
    assessment = factory.assessment(school=school)
    factory.rate(assessment, {"1.1": "green", "1.2": "amber", "2.1": "red"})
    return assessment


@pytest.fixture
def staff(factory, school, sign_in):
    person = factory.user(Role.SCHOOL_STAFF, school)
    sign_in(person.email)
    return person


def plan_url(assessment: Assessment) -> str:
    return f"/assessments/{assessment.id}/plan"


def new_url(assessment: Assessment, code: str) -> str:
    return f"/assessments/{assessment.id}/plan/actions/new?standard={code}"


def edit_url(assessment: Assessment, action: PlanAction) -> str:
    return f"/assessments/{assessment.id}/plan/actions/{action.id}"


# --- seeing the plan ------------------------------------------------------------------------


def test_plan_offers_actions_for_red_and_amber_standards_only(client, assessment, staff):
    html = text(client.get(plan_url(assessment)))

    assert 'id="standard-1.2"' in html and 'id="standard-2.1"' in html
    assert 'id="standard-1.1"' not in html  # green
    assert f'href="{new_url(assessment, "1.2")}"' in html
    assert f'href="{new_url(assessment, "2.1")}"' in html
    assert "stays open after the assessment is submitted" in html


def test_plan_redirect_takes_a_school_to_its_current_plan(client, factory, school, sign_in):
    staff = factory.user(Role.SCHOOL_STAFF, school)
    sign_in(staff.email)
    cycle = factory.cycle()

    response = client.get("/plan")
    assert response.headers["Location"].endswith("/assessment")
    assert "start your self-assessment first" in text(client.get("/assessment"))

    assessment = factory.assessment(school=school, cycle=cycle)
    assert client.get("/plan").headers["Location"].endswith(plan_url(assessment))


def test_plan_redirect_sends_city_roles_to_the_school_list(client, factory, sign_in):
    sign_in(factory.user(Role.COMMISSIONER).email)

    assert client.get("/plan").headers["Location"].endswith("/schools")


def test_overdue_actions_are_flagged_but_done_ones_are_not(factory, client, assessment, staff):
    yesterday = date.today() - timedelta(days=1)
    factory.action(assessment, "1.2", what="Late assembly", due_on=yesterday, status="in_progress")
    factory.action(assessment, "1.2", what="Finished survey", due_on=yesterday, status="done")
    factory.action(
        assessment, "2.1", what="Future training", due_on=date.today() + timedelta(days=9)
    )

    html = text(client.get(plan_url(assessment)))

    rows = {
        name: " ".join(re.sub(r"<[^>]+>", " ", row.split("</tr>")[0]).split())
        for row in html.split("<tr")[1:]
        for name in ("Late assembly", "Finished survey", "Future training")
        if name in row.split("</tr>")[0]
    }
    assert "Overdue" in rows["Late assembly"]
    assert f"{yesterday.day} {yesterday:%B %Y}" in rows["Late assembly"]
    assert "Overdue" not in rows["Finished survey"] and "Done" in rows["Finished survey"]
    assert "Overdue" not in rows["Future training"]
    assert html.count("Overdue") == 1
    assert "1 action is overdue" in html


@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.ADVISORY, Role.ADMIN])
def test_city_roles_see_the_plan_read_only(client, factory, sign_in, assessment, role):
    action = factory.action(assessment, "1.2", what="Workshop")
    sign_in(factory.user(role).email)

    html = text(client.get(plan_url(assessment)))
    assert "Workshop" in html
    assert "Add an action" not in html and edit_url(assessment, action) not in html

    assert client.get(new_url(assessment, "1.2")).status_code == 403
    assert client.post(new_url(assessment, "1.2"), data=action_form()).status_code == 403
    assert (
        client.post(edit_url(assessment, action), data=action_form(version="1")).status_code == 403
    )
    assert (
        client.post(edit_url(assessment, action) + "/delete", data={"version": "1"}).status_code
        == 403
    )
    assert fresh(PlanAction, action.id).what == "Workshop"


def test_another_schools_plan_urls_are_not_found(client, factory, sign_in, assessment):
    action = factory.action(assessment, "1.2", what="Workshop")
    other_school = factory.school()
    other_lead = factory.user(Role.SCHOOL_LEAD, other_school)
    own = factory.assessment(school=other_school, cycle=assessment.cycle)
    factory.rate(own, {"1.2": "amber"})
    sign_in(other_lead.email)

    for url in (
        plan_url(assessment),
        new_url(assessment, "1.2"),
        edit_url(assessment, action),
        edit_url(assessment, action) + "/delete",
        edit_url(own, action),  # their own assessment, someone else's action
        edit_url(own, action) + "/delete",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(new_url(assessment, "1.2"), data=action_form()).status_code == 404
    assert client.post(edit_url(own, action), data=action_form(version="1")).status_code == 404
    assert client.post(edit_url(own, action) + "/delete", data={"version": "1"}).status_code == 404
    assert fresh(PlanAction, action.id).what == "Workshop"
    assert action_count() == 1


def test_an_action_is_only_found_under_its_own_assessment(
    client, factory, school, assessment, staff
):
    last_year = factory.cycle("2025/26", opens_on=date(2025, 9, 1), closes_on=date(2026, 7, 31))
    old = factory.assessment(school=school, cycle=last_year)
    factory.rate(old, {"1.2": "red"})
    old_action = factory.action(old, "1.2", what="Last year's action")

    # Last year's plan can be read but not changed now that this cycle has started.
    assert client.get(edit_url(old, old_action)).status_code == 403
    assert client.get(edit_url(assessment, old_action)).status_code == 404
    response = client.post(edit_url(assessment, old_action), data=action_form(version="1"))
    assert response.status_code == 404
    assert (
        client.post(edit_url(assessment, old_action) + "/delete", data={"version": "1"}).status_code
        == 404
    )
    assert fresh(PlanAction, old_action.id).what == "Last year's action"


# --- adding ---------------------------------------------------------------------------------


def test_add_an_action_to_an_amber_standard(client, assessment, staff):
    form = text(client.get(new_url(assessment, "1.2")))
    assert "Add an action for standard 1.2" in form
    assert "Amber" in form

    response = client.post(new_url(assessment, "1.2"), data=action_form())

    assert response.status_code == 302
    # The plan opens at its top, where the success banner is, not at the standard below it.
    assert response.headers["Location"].endswith(plan_url(assessment))
    html = text(client.get(plan_url(assessment)))
    assert "Action added to standard 1.2." in html
    assert 'href="#standard-1.2">Go to standard 1.2</a>' in html
    assert "Run a staff workshop on healthy relationships" in html
    assert "Head of PSHE" in html and "31 March 2027" in html and "Not started" in html
    [action] = db.session.scalars(select(PlanAction)).all()
    assert action.due_on == date(2027, 3, 31)
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "add_action")).all()
    assert (event.user_id, event.standard_code, event.entity_id) == (staff.id, "1.2", action.id)


@pytest.mark.parametrize("code", ["1.1", "3.1"])  # green, not yet rated
def test_actions_on_green_or_unrated_standards_are_refused(client, assessment, staff, code):
    response = client.get(new_url(assessment, code), follow_redirects=True)
    assert "Actions are for standards rated Red or Amber" in text(response)

    response = client.post(new_url(assessment, code), data=action_form(), follow_redirects=True)
    assert "Actions are for standards rated Red or Amber" in text(response)
    assert action_count() == 0


def test_tampered_values_are_refused_without_a_write(client, factory, assessment, staff):
    assert client.get(new_url(assessment, "9.9")).status_code == 404
    assert client.post(new_url(assessment, "9.9"), data=action_form()).status_code == 404
    assert client.post(new_url(assessment, "<x>"), data=action_form()).status_code == 404
    response = client.post(new_url(assessment, "1.2"), data=action_form(status="finished"))
    assert response.status_code == 400
    action = factory.action(assessment, "1.2", what="Workshop")
    response = client.post(edit_url(assessment, action), data=action_form(status="x", version="1"))
    assert response.status_code == 400
    response = client.post(edit_url(assessment, action), data=action_form(version="one"))
    assert response.status_code == 400
    response = client.post(edit_url(assessment, action) + "/delete", data={"version": ""})
    assert response.status_code == 400
    assert client.get(f"/assessments/{assessment.id}/plan/actions/999999").status_code == 404
    assert action_count() == 1
    assert fresh(PlanAction, action.id).what == "Workshop"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"what": ""}, "Enter what will be done"),
        ({"what": "x" * 1001}, "What will be done must be 1,000 characters or fewer"),
        ({"who": ""}, "Enter who will do it"),
        ({"who": "x" * 201}, "Who will do it must be 200 characters or fewer"),
        ({"due_on": ["", "", ""]}, "Enter the due date"),
        ({"due_on": ["30", "2", "2027"]}, "Due date must be a real date"),
        ({"due_on": ["1", "", "2027"]}, "Due date must include a month"),
    ],
)
def test_action_problems_keep_what_was_typed(client, assessment, staff, changes, message):
    response = client.post(
        new_url(assessment, "1.2"), data=action_form(status="in_progress", **changes)
    )

    assert response.status_code == 200
    html = text(response)
    assert "There is a problem" in html and message in html
    if "what" not in changes:
        assert "Run a staff workshop on healthy relationships</textarea>" in html
    if "who" not in changes:
        assert 'value="Head of PSHE"' in html
    assert re.search(r'<input[^>]*value="in_progress"[^>]*checked', html)
    assert action_count() == 0


def test_a_crafted_post_without_the_due_date_gets_a_form_error(client, assessment, staff):
    data = action_form()
    del data["due_on"]

    response = client.post(new_url(assessment, "1.2"), data=data)

    assert response.status_code == 200
    assert "Enter the due date" in text(response)
    assert action_count() == 0


# --- changing and deleting ------------------------------------------------------------------


def test_change_an_action_records_old_and_new(factory, client, assessment, staff):
    action = factory.action(assessment, "2.1", what="Workshop", who="Head", status="not_started")
    form = text(client.get(edit_url(assessment, action)))
    assert re.search(r'<input[^>]*name="version"[^>]*value="1"', form)
    assert "Workshop</textarea>" in form

    response = client.post(
        edit_url(assessment, action),
        data=action_form(what="Workshop", who="Deputy", status="done", version="1"),
    )

    assert response.status_code == 302
    saved = fresh(PlanAction, action.id)
    assert (saved.who, saved.status, saved.version) == ("Deputy", "done", 2)
    changes = {
        e.field: (e.old_value, e.new_value, e.user_id)
        for e in db.session.scalars(select(AuditEvent).where(AuditEvent.entity == "plan_action"))
    }
    assert changes["who"] == ("Head", "Deputy", staff.id)
    assert changes["status"] == ("not_started", "done", staff.id)
    assert "what" not in changes


def test_concurrent_edit_shows_the_conflict_and_does_not_overwrite(
    factory, client, assessment, staff
):
    action = factory.action(assessment, "2.1", what="Workshop", who="Head")
    # Two people open the form at version 1; the first saves.
    first = client.post(
        edit_url(assessment, action),
        data=action_form(what="First person's plan", who="Ana", version="1"),
    )
    assert first.status_code == 302

    second = client.post(
        edit_url(assessment, action),
        data=action_form(what="Second person's plan", who="Ben", status="in_progress", version="1"),
    )

    assert second.status_code == 409
    html = text(second)
    assert "Someone else changed this action while you were editing it" in html
    assert "<title>Error:" in html
    assert "Newer values saved by someone else" in html
    assert "First person's plan" in html and "Ana" in html  # the newer values
    assert "Second person's plan</textarea>" in html and 'value="Ben"' in html  # what was typed
    assert re.search(r'<input[^>]*name="version"[^>]*value="2"', html)
    assert fresh(PlanAction, action.id).what == "First person's plan"

    # Saving again from the re-shown form is a deliberate choice to keep theirs.
    again = client.post(
        edit_url(assessment, action),
        data=action_form(what="Second person's plan", who="Ben", status="in_progress", version="2"),
    )
    assert again.status_code == 302
    assert fresh(PlanAction, action.id).what == "Second person's plan"


def test_delete_an_action_after_confirming(factory, client, assessment, staff):
    action = factory.action(assessment, "1.2", what="Assembly on consent")

    confirm = text(client.get(edit_url(assessment, action) + "/delete"))
    assert "Are you sure you want to delete this action?" in confirm
    assert "Assembly on consent" in confirm
    assert action_count() == 1

    response = client.post(edit_url(assessment, action) + "/delete", data={"version": "1"})

    assert response.status_code == 302
    assert action_count() == 0
    assert "Action for standard 1.2 deleted." in text(client.get(response.headers["Location"]))
    [event] = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "delete_action")
    ).all()
    assert (event.user_id, event.standard_code) == (staff.id, "1.2")


def test_deleting_a_changed_action_is_refused(factory, client, assessment, staff):
    action = factory.action(assessment, "1.2", what="Assembly")
    client.post(
        edit_url(assessment, action), data=action_form(what="Assembly, changed", version="1")
    )

    response = client.post(
        edit_url(assessment, action) + "/delete", data={"version": "1"}, follow_redirects=True
    )

    assert "it has not been deleted" in text(response)
    assert action_count() == 1


def test_the_plan_stays_editable_after_submission(client, factory, school, assessment, sign_in):
    lead = factory.user(Role.SCHOOL_LEAD, school)
    factory.submitted(assessment, lead=lead)
    action = factory.action(assessment, "1.2", what="Workshop")
    sign_in(lead.email)

    assert "Add an action" in text(client.get(plan_url(assessment)))
    response = client.post(
        edit_url(assessment, action), data=action_form(status="done", version="1")
    )
    assert response.status_code == 302
    assert fresh(PlanAction, action.id).status == "done"
    assert client.post(new_url(assessment, "1.3"), data=action_form()).status_code == 302
    assert action_count() == 2
