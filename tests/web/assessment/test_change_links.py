"""A Change link on "Check your answers" brings the person back there once they save (the GOV.UK
check-answers pattern): the profile, a principle page and a plan action. The page to come back to
(?next=) is followed only when it is a path on this site; anything else is ignored."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import select

from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.ratings import Rag
from hrsa.extensions import db
from hrsa.models import Assessment, PlanAction, Rating, School
from hrsa.web.security import safe_path
from tests.factories import fresh

HOSTILE = [
    "//evil.example",
    "//evil.example/assessments/1/submit",
    "https://evil.example",
    "http://evil.example/assessments/1/submit",
    "/\\evil.example",
    "\\\\evil.example",
    "/\tevil",
    "javascript:alert(1)",
    "evil.example",
    " /assessments/1/submit",
]
PROFILE = {
    "name": "Tamar View Primary",
    "urn": "654321",
    "phase": "primary",
    "ward": "Drake",
    "neighbourhood": "Mutley",
    "address": "1 Tamar Road, Plymouth PL1 1AA",
    "telephone": "01752 123456",
    "website": "https://www.tamarview.example.org.uk",
    "last_ofsted_on": ["14", "5", "2024"],
    "number_on_roll": "420",
    "headteacher": "Dana Head",
    "nominated_lead": "Lena Lead",
}


def text(response) -> str:  # type: ignore[no-untyped-def]
    return unescape(response.get_data(as_text=True))


@pytest.fixture
def school(factory) -> School:
    return factory.complete_profile(factory.school(name="Tamar View Primary"))


@pytest.fixture
def lead(factory, school, sign_in):  # type: ignore[no-untyped-def]
    lead = factory.user(Role.SCHOOL_LEAD, school, name="Lena Lead")
    sign_in(lead.email)
    return lead


@pytest.fixture
def assessment(factory, school, lead) -> Assessment:
    assessment = factory.assessment(school=school, by=lead)
    factory.rate_all(assessment, Rag.AMBER)
    return assessment


def check_url(assessment: Assessment) -> str:
    return f"/assessments/{assessment.id}/submit"


def change_link(page: str, fragment: str) -> str:
    """The first Change link on the check page whose address contains `fragment`."""
    match = re.search(rf'href="([^"#]*{re.escape(fragment)}[^"#]*)(?:#[^"]*)?"', page)
    assert match, fragment
    return match.group(1)


def back_link(page: str) -> str:
    match = re.search(r'<a href="([^"]*)" class="govuk-back-link">', page)
    assert match
    return match.group(1)


def profile_form(school: School, **changes: object) -> dict[str, object]:
    return {**PROFILE, "version": str(fresh(School, school.id).version), **changes}


def principle_form(assessment: Assessment, number: int, **changes: str) -> dict[str, str]:
    data = {}
    for r in db.session.scalars(
        select(Rating).where(
            Rating.assessment_id == assessment.id, Rating.principle_number == number
        )
    ):
        data[f"rag-{r.standard_code}"] = r.rag or "not_rated"
        data[f"narrative-{r.standard_code}"] = r.narrative
        data[f"next_steps-{r.standard_code}"] = r.next_steps
        data[f"version-{r.standard_code}"] = str(r.version)
    data.update(changes)
    return data


def rating(assessment: Assessment, code: str) -> Rating:
    db.session.expire_all()
    return db.session.scalars(
        select(Rating).where(Rating.assessment_id == assessment.id, Rating.standard_code == code)
    ).one()


def action_form(action: PlanAction, **changes: str) -> dict[str, object]:
    return {
        "what": action.what,
        "who": action.who,
        "due_on": ["31", "3", "2027"],
        "status": "not_started",
        "version": str(action.version),
        **changes,
    }


# --- back to "Check your answers" -------------------------------------------------------------


def test_changing_the_profile_from_the_check_page_comes_back_to_it(client, assessment, school):
    edit = change_link(text(client.get(check_url(assessment))), f"/schools/{school.id}/profile")
    assert edit == f"/schools/{school.id}/profile?next={check_url(assessment)}"
    form_page = text(client.get(edit))
    assert back_link(form_page) == check_url(assessment)

    response = client.post(edit, data=profile_form(school, headteacher="Jo New-Head"))

    assert response.status_code == 302
    assert response.headers["Location"] == check_url(assessment)
    assert fresh(School, school.id).headteacher == "Jo New-Head"
    page = text(client.get(response.headers["Location"]))
    assert "The school profile has been saved." in page and "Jo New-Head" in page


def test_a_profile_error_keeps_the_way_back(client, assessment, school):
    edit = f"/schools/{school.id}/profile?next={check_url(assessment)}"

    response = client.post(edit, data=profile_form(school, telephone="not a number at all"))

    assert response.status_code == 200 and "There is a problem" in text(response)
    assert back_link(text(response)) == check_url(assessment)
    response = client.post(edit, data=profile_form(school, telephone="01752 999999"))
    assert response.headers["Location"] == check_url(assessment)
    assert fresh(School, school.id).telephone == "01752 999999"


def test_changing_a_standard_from_the_check_page_comes_back_to_it(client, assessment):
    page = text(client.get(check_url(assessment)))
    change = change_link(page, f"/assessments/{assessment.id}/principles/3")
    assert change == f"/assessments/{assessment.id}/principles/3?next={check_url(assessment)}"
    principle = text(client.get(change))
    assert "Save and return to check your answers" in principle
    assert "Save and continue" not in principle
    assert back_link(principle) == check_url(assessment)

    response = client.post(
        change,
        data=principle_form(
            assessment, 3, **{"action": "continue", "narrative-3.1": "Looked at again in May."}
        ),
    )

    assert response.headers["Location"] == check_url(assessment)
    assert rating(assessment, "3.1").narrative == "Looked at again in May."
    assert "Looked at again in May." in text(client.get(check_url(assessment)))


def test_saving_a_draft_stays_on_the_page_on_its_way_back(client, assessment):
    change = f"/assessments/{assessment.id}/principles/3?next={check_url(assessment)}"

    response = client.post(
        change, data=principle_form(assessment, 3, **{"action": "draft", "rag-3.1": "red"})
    )

    assert response.headers["Location"] == change
    assert rating(assessment, "3.1").rag == Rag.RED
    assert "Save and return to check your answers" in text(client.get(change))


def test_a_principle_without_a_way_back_still_continues_to_the_next(client, assessment):
    response = client.post(
        f"/assessments/{assessment.id}/principles/3",
        data=principle_form(assessment, 3, action="continue"),
    )
    assert response.headers["Location"] == f"/assessments/{assessment.id}/principles/4"


def test_changing_an_action_from_the_check_page_comes_back_to_it(factory, client, assessment):
    action = factory.action(assessment, "2.1", what="Workshop for parents", who="Head of PSHE")
    page = text(client.get(check_url(assessment)))
    change = change_link(page, f"/plan/actions/{action.id}")
    assert change == (
        f"/assessments/{assessment.id}/plan/actions/{action.id}?next={check_url(assessment)}"
    )
    assert back_link(text(client.get(change))) == check_url(assessment)

    response = client.post(change, data=action_form(action, who="Deputy head"))

    assert response.headers["Location"] == check_url(assessment)
    assert fresh(PlanAction, action.id).who == "Deputy head"
    page = text(client.get(check_url(assessment)))
    assert "Action for standard 2.1 saved." in page and "Deputy head, due" in page


# --- anywhere else is ignored -----------------------------------------------------------------


@pytest.mark.parametrize("target", HOSTILE)
def test_only_a_path_on_this_site_is_a_way_back(target):
    assert safe_path(target) is None
    assert safe_path("/assessments/1/submit") == "/assessments/1/submit"


@pytest.mark.parametrize("target", HOSTILE)
def test_the_profile_ignores_a_way_back_to_anywhere_else(client, assessment, school, target):
    edit = f"/schools/{school.id}/profile"
    form_page = text(client.get(edit, query_string={"next": target}))
    assert "evil" not in back_link(form_page) and back_link(form_page) == "/profile"

    response = client.post(
        edit, query_string={"next": target}, data=profile_form(school, headteacher="Sam Head")
    )

    assert response.headers["Location"] == "/profile"
    assert fresh(School, school.id).headteacher == "Sam Head"


@pytest.mark.parametrize("target", HOSTILE)
def test_a_principle_ignores_a_way_back_to_anywhere_else(client, assessment, target):
    url = f"/assessments/{assessment.id}/principles/3"
    principle = text(client.get(url, query_string={"next": target}))
    assert "Save and continue" in principle and "evil" not in back_link(principle)

    response = client.post(
        url, query_string={"next": target}, data=principle_form(assessment, 3, action="continue")
    )

    assert response.headers["Location"] == f"/assessments/{assessment.id}/principles/4"
    draft = client.post(
        url, query_string={"next": target}, data=principle_form(assessment, 3, action="draft")
    )
    assert draft.headers["Location"] == url


@pytest.mark.parametrize("target", HOSTILE)
def test_an_action_ignores_a_way_back_to_anywhere_else(factory, client, assessment, target):
    action = factory.action(assessment, "2.1", who="Head of PSHE")
    url = f"/assessments/{assessment.id}/plan/actions/{action.id}"
    assert "evil" not in back_link(text(client.get(url, query_string={"next": target})))

    response = client.post(
        url, query_string={"next": target}, data=action_form(action, who="Deputy head")
    )

    assert response.headers["Location"] == f"/assessments/{assessment.id}/plan"
    assert fresh(PlanAction, action.id).who == "Deputy head"
