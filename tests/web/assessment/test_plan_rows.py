"""The delivery plan in one step: actions made from the next steps on each Red or Amber standard,
added together from one page, the plan's warning about standards with no action, and every
action changed on one page."""

from __future__ import annotations

import re
from datetime import date
from html import unescape

import pytest
from sqlalchemy import func, select

from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.ratings import Rag
from hrsa.extensions import db
from hrsa.models import Assessment, AuditEvent, PlanAction
from tests.factories import fresh

ALL_CODES = [
    "1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "3.1", "3.2", "4.1", "4.2",
    "4.3", "5.1", "5.2", "6.1", "6.2", "6.3", "7.1", "7.2", "8.1", "8.2",
]  # fmt: skip


def text(response) -> str:  # type: ignore[no-untyped-def]
    return unescape(response.get_data(as_text=True))


def actions() -> list[PlanAction]:
    return list(db.session.scalars(select(PlanAction).order_by(PlanAction.id)))


@pytest.fixture
def school(factory):
    school = factory.school(name="Tamar View Primary")
    return school


@pytest.fixture
def assessment(factory, school) -> Assessment:
    assessment = factory.assessment(school=school)
    factory.rate(
        assessment,
        {"1.1": Rag.GREEN, "1.2": Rag.AMBER, "2.1": Rag.RED, "6.3": Rag.AMBER},
        next_steps={
            "1.2": "Rewrite the relationships policy with governors.",
            "2.1": "Hold a whole-school week on respect.",
        },
    )
    return assessment


@pytest.fixture
def lead(factory, school, sign_in):
    person = factory.user(Role.SCHOOL_LEAD, school, name="Morwenna Penrose")
    sign_in(person.email)
    return person


def add_url(assessment: Assessment) -> str:
    return f"/assessments/{assessment.id}/plan/actions/from-next-steps"


def change_url(assessment: Assessment) -> str:
    return f"/assessments/{assessment.id}/plan/actions/change"


def the_form(html: str) -> dict[str, object]:
    """What the browser would send for the page's form as shown: every input and textarea,
    ticked checkboxes and radios only."""
    form = html[html.index('<form method="post" novalidate id="rows">') :]
    data: dict[str, list[str]] = {}
    for tag in re.findall(r"<input[^>]*>", form):
        name = re.search(r'name="([^"]*)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        kind = re.search(r'type="([^"]*)"', tag)
        if not name:
            continue
        if kind and kind.group(1) in {"checkbox", "radio"} and "checked" not in tag:
            continue
        data.setdefault(name.group(1), []).append(unescape(value.group(1)) if value else "")
    for name, value in re.findall(
        r'<textarea[^>]*name="([^"]*)"[^>]*>(.*?)</textarea>', form, flags=re.S
    ):
        data.setdefault(name, []).append(unescape(value).lstrip("\n"))
    return {name: values if len(values) > 1 else values[0] for name, values in data.items()}


# --- the plan's warning and links ------------------------------------------------------------


def test_plan_warns_about_red_and_amber_standards_without_an_action(
    client, factory, assessment, lead
):
    factory.action(assessment, "6.3")

    html = text(client.get(f"/assessments/{assessment.id}/plan"))

    assert "2 standards rated Red or Amber have no action yet:" in html
    assert '<a class="govuk-link" href="#standard-1.2">standard 1.2</a> (Amber)' in html
    assert '<a class="govuk-link" href="#standard-2.1">standard 2.1</a> (Red)' in html
    assert f'href="{add_url(assessment)}"' in html and "Add actions from your next steps" in html
    assert f'href="{change_url(assessment)}"' in html
    assert f'href="{change_url(assessment)}?principle=6"' in html


def test_plan_without_gaps_left_has_no_warning_and_no_add_all(client, factory, assessment, lead):
    for code in ("1.2", "2.1", "6.3"):
        factory.action(assessment, code)

    html = text(client.get(f"/assessments/{assessment.id}/plan"))

    assert "no action yet" not in html
    assert add_url(assessment) not in html


def test_city_users_see_the_warning_but_no_buttons(client, factory, assessment, sign_in):
    sign_in(factory.user(Role.COMMISSIONER).email)

    html = text(client.get(f"/assessments/{assessment.id}/plan"))

    assert "3 standards rated Red or Amber have no action yet" in html
    assert add_url(assessment) not in html
    assert client.get(add_url(assessment)).status_code == 403


# --- adding from next steps -------------------------------------------------------------------


def test_add_page_prefills_a_ticked_row_for_each_gap_without_an_action(
    client, factory, assessment, lead
):
    factory.action(assessment, "6.3")

    html = text(client.get(add_url(assessment)))

    assert re.findall(r'name="row" value="([^"]+)"', html) == ["1.2", "2.1"]
    assert "Rewrite the relationships policy with governors.</textarea>" in html
    form = the_form(html)
    assert form["new-1.2-add"] == "y" and form["new-2.1-add"] == "y"
    # Who: the signed-in person, as the school's profile names no lead.
    assert form["new-1.2-who"] == "Morwenna Penrose"
    # Due: 31 July ending the cycle's academic year (the 2026/27 cycle).
    assert form["new-1.2-due_on"] == ["31", "07", "2027"]
    # Stable ids (the error summary links to them; the journey test finds fields by label).
    for field_id in ("new-1.2-add", "new-1.2-what", "new-1.2-who", "new-1.2-due_on-day"):
        assert f'id="{field_id}"' in html, field_id
    assert 'What will be done<span class="govuk-visually-hidden"> for standard 1.2' in html


def test_who_defaults_to_the_schools_nominated_lead(client, factory, school, assessment, lead):
    school.nominated_lead = "Jan Trelawny"
    db.session.commit()

    form = the_form(text(client.get(add_url(assessment))))

    assert form["new-2.1-who"] == "Jan Trelawny"


def test_one_click_adds_every_ticked_row_with_audit(client, assessment, lead):
    form = the_form(text(client.get(add_url(assessment))))

    response = client.post(add_url(assessment), data=form)

    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/assessments/{assessment.id}/plan")
    assert [(a.rating.standard_code, a.what) for a in actions()] == [
        ("1.2", "Rewrite the relationships policy with governors."),
        ("2.1", "Hold a whole-school week on respect."),
    ]
    assert {(a.who, a.due_on) for a in actions()} == {("Morwenna Penrose", date(2027, 7, 31))}
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "add_action")).all()
    assert sorted((e.standard_code, e.user_id) for e in events) == [
        ("1.2", lead.id),
        ("2.1", lead.id),
    ]
    html = text(client.get(response.headers["Location"]))
    assert "2 actions added to your delivery plan." in html
    # Only 6.3 (no next steps, so not ticked) is still without an action.
    assert "1 standard rated Red or Amber has no action yet:" in html


def test_a_row_without_next_steps_starts_unticked_and_empty(client, assessment, lead):
    html = text(client.get(add_url(assessment)))
    form = the_form(html)

    assert "new-6.3-add" not in form
    assert form["new-6.3-what"] == ""
    assert "You wrote no next steps for this standard" in html

    client.post(add_url(assessment), data=form)
    assert [a.rating.standard_code for a in actions()] == ["1.2", "2.1"]


def test_rows_can_be_changed_and_unticked_before_adding(client, assessment, lead):
    form = the_form(text(client.get(add_url(assessment))))
    form["new-1.2-what"] = "Governors approve the new policy"
    form["new-1.2-who"] = "Chair of governors"
    form["new-1.2-due_on"] = ["1", "3", "2027"]
    del form["new-2.1-add"]

    client.post(add_url(assessment), data=form)

    [action] = actions()
    assert (action.what, action.who, action.due_on) == (
        "Governors approve the new policy",
        "Chair of governors",
        date(2027, 3, 1),
    )


def test_errors_name_each_row_and_keep_everything_typed(client, assessment, lead):
    form = the_form(text(client.get(add_url(assessment))))
    form["new-1.2-what"] = "  "
    form["new-2.1-who"] = "Head of PSHE"
    form["new-2.1-due_on"] = ["1", "1", "2020"]
    form["new-6.3-what"] = "Typed but not ticked"

    response = client.post(add_url(assessment), data=form)

    assert response.status_code == 400
    html = text(response)
    assert "<title>Error: Add actions from your next steps" in html
    assert 'href="#new-1.2-what">Standard 1.2: Enter what will be done</a>' in html
    assert (
        'href="#new-2.1-due_on-day">Standard 2.1: Due date must be today or in the future</a>'
        in html
    )
    assert "Standard 6.3" not in re.sub(r"<section.*", "", html, flags=re.S)  # unticked: no error
    again = the_form(html)
    assert again["new-2.1-who"] == "Head of PSHE"
    assert again["new-2.1-due_on"] == ["1", "1", "2020"]
    assert again["new-6.3-what"] == "Typed but not ticked"
    assert "new-6.3-add" not in again and again["new-1.2-add"] == "y"
    assert actions() == []


def test_nothing_ticked_says_choose_one(client, assessment, lead):
    form = {
        k: v
        for k, v in the_form(text(client.get(add_url(assessment)))).items()
        if not k.endswith("-add")
    }

    response = client.post(add_url(assessment), data=form)

    assert response.status_code == 400
    assert 'href="#new-1.2-add">Standard 1.2: Choose at least one action to add</a>' in text(
        response
    )


def test_a_standard_no_longer_a_gap_is_refused_beside_its_row(client, factory, assessment, lead):
    form = the_form(text(client.get(add_url(assessment))))
    factory.rate(assessment, {"2.1": Rag.GREEN})

    response = client.post(add_url(assessment), data=form)

    assert response.status_code == 400
    assert "Standard 2.1: Actions are for standards rated Red or Amber" in text(response)
    assert actions() == []


@pytest.mark.parametrize("rows", [[], ["9.9"], ["1.1"], ["1.2", "1.2"]])
def test_tampered_rows_are_bad_requests(client, assessment, lead, rows):
    seen = {f"new-{code}-seen": "0" for code in rows}
    response = client.post(add_url(assessment), data={"row": rows, **seen})
    assert response.status_code == 400
    assert actions() == []


def test_a_further_blank_row_for_a_standard_that_has_actions(client, factory, assessment, lead):
    factory.action(assessment, "1.2")
    html = text(client.get(add_url(assessment) + "?standard=1.2"))

    assert re.findall(r'name="row" value="([^"]+)"', html) == ["1.2", "2.1", "6.3"]
    form = the_form(html)
    assert form["new-1.2-what"] == "" and "new-1.2-add" not in form
    assert "This standard already has an action: write another here" in html
    form["new-1.2-add"] = "y"
    form["new-1.2-what"] = "Share the new policy with parents"
    del form["new-2.1-add"]
    client.post(add_url(assessment), data=form)
    assert [a.what for a in actions()][-1] == "Share the new policy with parents"


def test_nineteen_actions_in_one_click_with_a_fixed_number_of_statements(
    client, factory, school, lead, count_queries
):
    def one_click(codes: list[str], cycle_name: str) -> int:
        assessment = factory.assessment(school, factory.cycle(cycle_name))
        factory.rate(
            assessment,
            dict.fromkeys(codes, Rag.AMBER),
            next_steps={code: f"Next steps for {code}." for code in codes},
        )
        form = the_form(text(client.get(add_url(assessment))))
        count_queries.clear()
        response = client.post(add_url(assessment), data=form)
        assert response.status_code == 302
        statements = len(count_queries)
        added = db.session.scalar(
            select(func.count())
            .select_from(PlanAction)
            .where(PlanAction.rating.has(assessment_id=assessment.id))
        )
        assert added == len(codes)
        return statements

    assert one_click(ALL_CODES[:2], "2025/26") == one_click(ALL_CODES[:19], "2026/27")


def test_another_schools_person_cannot_add(client, factory, assessment, sign_in):
    sign_in(factory.user(Role.SCHOOL_LEAD).email)
    assert client.get(add_url(assessment)).status_code == 404
    assert client.post(add_url(assessment), data={"row": "1.2"}).status_code == 404


def test_sending_the_page_twice_does_not_add_the_actions_twice(client, assessment, lead):
    form = the_form(text(client.get(add_url(assessment))))
    assert client.post(add_url(assessment), data=form).status_code == 302

    again = client.post(add_url(assessment), data=form)

    assert again.status_code == 400
    assert "Standard 1.2: An action was added to standard 1.2 since this page was shown" in text(
        again
    )
    assert len(actions()) == 2
    # Sending the page shown with that message again means "add it after all".
    assert client.post(add_url(assessment), data=the_form(text(again))).status_code == 302
    assert len(actions()) == 4


def test_a_missing_seen_count_is_a_bad_request(client, assessment, lead):
    form = the_form(text(client.get(add_url(assessment))))
    del form["new-1.2-seen"]

    assert client.post(add_url(assessment), data=form).status_code == 400


# --- changing every action on one page ---------------------------------------------------------


@pytest.fixture
def two_actions(factory, assessment) -> list[PlanAction]:
    week = factory.action(
        assessment, "2.1", what="Whole-school week", who="Head", due_on=date(2027, 5, 1)
    )
    policy = factory.action(
        assessment, "1.2", what="New policy", who="Deputy", due_on=date(2027, 6, 1)
    )
    return [week, policy]


def test_change_page_shows_every_action_editable_in_framework_order(
    client, assessment, lead, two_actions
):
    html = text(client.get(change_url(assessment)))

    second, first = two_actions
    assert re.findall(r'name="row" value="([^"]+)"', html) == [str(first.id), str(second.id)]
    form = the_form(html)
    assert form[f"action-{first.id}-what"] == "New policy"
    assert form[f"action-{second.id}-status"] == "not_started"
    assert "Standard 1.2, action 1" in html
    for name in ("what", "who", "due_on-day", "status"):
        assert f'id="action-{first.id}-{name}"' in html, name


def test_change_page_for_one_principle(client, assessment, lead, two_actions):
    html = text(client.get(change_url(assessment) + "?principle=2"))

    assert re.findall(r'name="row" value="([^"]+)"', html) == [str(two_actions[0].id)]
    assert client.get(change_url(assessment) + "?principle=9").status_code == 404


def test_change_page_saves_every_row_in_one_go(client, assessment, lead, two_actions):
    week, policy = two_actions
    form = the_form(text(client.get(change_url(assessment))))
    form[f"action-{week.id}-status"] = "in_progress"
    form[f"action-{policy.id}-who"] = "Chair of governors"

    response = client.post(change_url(assessment), data=form)

    assert response.status_code == 302
    assert fresh(PlanAction, week.id).status == "in_progress"
    assert fresh(PlanAction, policy.id).who == "Chair of governors"
    assert fresh(PlanAction, policy.id).version == 2
    html = text(client.get(response.headers["Location"]))
    assert "Actions saved." in html


def test_change_page_errors_keep_everything_typed(client, assessment, lead, two_actions):
    week, policy = two_actions
    form = the_form(text(client.get(change_url(assessment))))
    form[f"action-{week.id}-what"] = ""
    form[f"action-{policy.id}-who"] = "Chair of governors"

    response = client.post(change_url(assessment), data=form)

    assert response.status_code == 400
    html = text(response)
    assert (
        f'href="#action-{week.id}-what">Standard 2.1, action 1: Enter what will be done</a>' in html
    )
    assert the_form(html)[f"action-{policy.id}-who"] == "Chair of governors"
    assert fresh(PlanAction, policy.id).who == "Deputy"


def test_change_page_conflict_shows_newer_values_and_saving_again_keeps_mine(
    client, factory, assessment, lead, two_actions
):
    week, policy = two_actions
    form = the_form(text(client.get(change_url(assessment))))
    other = factory.user(Role.SCHOOL_STAFF, assessment.school)
    page = client.get(f"/assessments/{assessment.id}/plan/actions/{week.id}")
    assert page.status_code == 200
    from hrsa.services.assessment import plan

    plan.update_action(
        db.session,
        fresh(PlanAction, week.id),
        values={"what": "Their week", "who": "Head", "due_on": date(2027, 5, 1), "status": "done"},
        expected_version=1,
        user_id=other.id,
    )
    db.session.commit()
    form[f"action-{week.id}-what"] = "My week"
    form[f"action-{policy.id}-who"] = "Chair of governors"

    response = client.post(change_url(assessment), data=form)

    assert response.status_code == 409
    html = text(response)
    assert "Newer values saved by someone else" in html and "Their week" in html
    assert fresh(PlanAction, policy.id).who == "Deputy"  # nothing saved
    again = the_form(html)
    assert again[f"action-{week.id}-what"] == "My week"
    assert again[f"action-{week.id}-version"] == "2"

    assert client.post(change_url(assessment), data=again).status_code == 302
    assert fresh(PlanAction, week.id).what == "My week"
    assert fresh(PlanAction, policy.id).who == "Chair of governors"


def test_change_page_tells_of_an_action_deleted_meanwhile(
    client, factory, assessment, lead, two_actions
):
    week, policy = two_actions
    form = the_form(text(client.get(change_url(assessment))))
    from hrsa.services.assessment import plan

    plan.delete_action(db.session, fresh(PlanAction, week.id), user_id=None)
    db.session.commit()
    form[f"action-{policy.id}-who"] = "Chair of governors"

    response = client.post(change_url(assessment), data=form)

    assert response.status_code in (400, 409)
    html = text(response)
    assert "Someone else deleted this action" in html
    again = the_form(html)
    assert again["row"] == str(policy.id)
    assert client.post(change_url(assessment), data=again).status_code == 302
    assert fresh(PlanAction, policy.id).who == "Chair of governors"


def test_change_page_with_a_tampered_status_is_a_bad_request(client, assessment, lead, two_actions):
    form = the_form(text(client.get(change_url(assessment))))
    form[f"action-{two_actions[0].id}-status"] = "finished"

    assert client.post(change_url(assessment), data=form).status_code == 400
    assert fresh(PlanAction, two_actions[0].id).status == "not_started"


def test_long_next_steps_are_shortened_to_whole_sentences_and_say_so(
    client, factory, assessment, lead
):
    long_steps = "Run a workshop for every year group on consent and respect. " * 30
    factory.rate(assessment, {"1.2": Rag.AMBER}, next_steps={"1.2": long_steps})

    html = text(client.get(add_url(assessment)))

    what = str(the_form(html)["new-1.2-what"])
    assert len(what) <= 1000 and what.endswith("respect.") and long_steps.startswith(what)
    assert "shortened to fit: the whole text stays on the standard" in html


def test_saving_every_action_runs_a_fixed_number_of_statements(
    client, factory, school, lead, count_queries
):
    def save_all(count: int, cycle_name: str) -> int:
        assessment = factory.assessment(school, factory.cycle(cycle_name))
        factory.rate(assessment, dict.fromkeys(ALL_CODES[:count], Rag.RED))
        for code in ALL_CODES[:count]:
            factory.action(assessment, code, due_on=date(2099, 1, 1))
        form = the_form(text(client.get(change_url(assessment))))
        for name in form:
            if name.endswith("-status"):
                form[name] = "in_progress"
        count_queries.clear()
        assert client.post(change_url(assessment), data=form).status_code == 302
        return len(count_queries)

    assert save_all(2, "2025/26") == save_all(12, "2026/27")


@pytest.mark.parametrize("rows", [[], ["x"], ["99999999999999999999"], ["²"]])
def test_change_page_with_tampered_rows_is_a_bad_request(client, assessment, lead, rows):
    assert client.post(change_url(assessment), data={"row": rows}).status_code == 400


def test_change_page_with_a_repeated_row_is_a_bad_request(client, assessment, lead, two_actions):
    form = the_form(text(client.get(change_url(assessment))))
    form["row"] = [str(two_actions[0].id)] * 2

    assert client.post(change_url(assessment), data=form).status_code == 400
