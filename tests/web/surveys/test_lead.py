"""The lead opens a survey from the task list, shares its link and QR code, sees the responses
and closes it early; results appear beside each rating only from the threshold."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from hrsa.core.formatting import uk_today
from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.ratings import Rag
from hrsa.extensions import db
from hrsa.models import Survey
from tests.survey_helpers import answer
from tests.web.surveys.helpers import open_today


def date_fields(prefix: str, day) -> dict[str, list[str]]:
    return {prefix: [str(day.day), str(day.month), str(day.year)]}


def test_the_lead_opens_a_survey_from_the_task_list_and_gets_its_link_and_qr_code(
    client, factory, sign_in
):
    lead = factory.user(Role.SCHOOL_LEAD)
    assessment = factory.assessment(lead.school, factory.cycle(), by=lead)
    sign_in(lead.email)
    tasks = client.get(f"/assessments/{assessment.id}").get_data(as_text=True)
    assert f'href="/assessments/{assessment.id}/surveys"' in tasks
    today = uk_today()
    response = client.post(
        f"/assessments/{assessment.id}/surveys",
        data={
            "audience": "secondary_pupils",
            **date_fields("opens", today),
            **date_fields("closes", today + timedelta(days=14)),
        },
    )
    survey = db.session.scalar(select(Survey))
    assert response.status_code == 302
    assert response.location.endswith(f"/assessments/{assessment.id}/surveys/{survey.id}")
    page = client.get(response.location).get_data(as_text=True)
    assert f"/s/{survey.token}" in page and "<svg" in page and "Close the survey now" in page
    listing = client.get(f"/assessments/{assessment.id}/surveys").get_data(as_text=True)
    assert "Pupils (secondary)" in listing and "0 responses" in listing


def test_bad_dates_and_a_second_survey_of_one_audience_are_form_errors(client, factory, sign_in):
    lead = factory.user(Role.SCHOOL_LEAD)
    assessment = factory.assessment(lead.school, factory.cycle(), by=lead)
    sign_in(lead.email)
    today = uk_today()
    backwards = client.post(
        f"/assessments/{assessment.id}/surveys",
        data={
            "audience": "staff",
            **date_fields("opens", today + timedelta(days=3)),
            **date_fields("closes", today),
        },
    )
    assert "on or after the opening date" in backwards.get_data(as_text=True)
    open_today(lead.school, assessment.cycle, "staff")
    again = client.post(
        f"/assessments/{assessment.id}/surveys",
        data={"audience": "staff", **date_fields("opens", today), **date_fields("closes", today)},
    )
    assert "already has a survey of staff" in again.get_data(as_text=True)
    assert len(db.session.scalars(select(Survey)).all()) == 1


def test_staff_may_look_but_only_the_lead_opens_or_closes(client, factory, sign_in):
    lead = factory.user(Role.SCHOOL_LEAD)
    staff = factory.user(Role.SCHOOL_STAFF, school=lead.school)
    assessment = factory.assessment(lead.school, factory.cycle(), by=lead)
    survey = open_today(lead.school, assessment.cycle)
    sign_in(staff.email)
    base = f"/assessments/{assessment.id}/surveys"
    assert client.get(base).status_code == 200
    assert "Open a survey" not in client.get(base).get_data(as_text=True)
    assert client.post(base, data={"audience": "staff"}).status_code == 403
    assert client.post(f"{base}/{survey.id}/close").status_code == 403
    sign_in.out()
    sign_in(lead.email)
    assert client.post(f"{base}/{survey.id}/close").status_code == 302
    db.session.refresh(survey)
    assert survey.closed_early
    assert client.get(f"/s/{survey.token}").status_code == 404


def test_a_survey_of_another_cycle_is_not_found_under_this_assessment(client, factory, sign_in):
    lead = factory.user(Role.SCHOOL_LEAD)
    assessment = factory.assessment(lead.school, factory.cycle(), by=lead)
    old = factory.cycle("2025/26")
    survey = open_today(lead.school, old)
    sign_in(lead.email)
    assert client.get(f"/assessments/{assessment.id}/surveys/{survey.id}").status_code == 404


def test_results_appear_beside_the_rating_from_ten_responses_with_the_flag(
    client, factory, sign_in
):
    lead = factory.user(Role.SCHOOL_LEAD)
    assessment = factory.assessment(lead.school, factory.cycle(), by=lead, rags={"4.2": Rag.GREEN})
    survey = open_today(lead.school, assessment.cycle)
    answer(survey, 9, 2)
    sign_in(lead.email)
    page = client.get(f"/assessments/{assessment.id}/principles/4").get_data(as_text=True)
    assert "What the surveys found" in page
    assert "Fewer than 10 responses: not shown" in page
    assert "Worth a second look" not in page
    answer(survey, 1, 2)
    page = client.get(f"/assessments/{assessment.id}/principles/4").get_data(as_text=True)
    assert "Pupils (secondary):</strong> 0% agree (10 responses)" in page
    assert "Worth a second look" in page


def test_the_principle_page_takes_the_same_statements_whatever_the_number_of_responses(
    client, factory, sign_in, count_queries
):
    lead = factory.user(Role.SCHOOL_LEAD)
    assessment = factory.assessment(lead.school, factory.cycle(), by=lead)
    pupils = open_today(lead.school, assessment.cycle)
    staff = open_today(lead.school, assessment.cycle, "staff")
    answer(pupils, 10)
    sign_in(lead.email)
    url = f"/assessments/{assessment.id}/principles/5"
    client.get(url)
    count_queries.clear()
    client.get(url)
    few = len(count_queries)
    answer(pupils, 30, 5)
    answer(staff, 20, 1)
    client.get(url)
    count_queries.clear()
    client.get(url)
    assert len(count_queries) == few


def test_moderators_see_the_survey_figures_and_the_flag_on_the_moderation_page(
    client, factory, sign_in
):
    lead = factory.user(Role.SCHOOL_LEAD)
    assessment = factory.assessment(lead.school, factory.cycle(), by=lead, rags={"5.1": Rag.RED})
    factory.submitted(assessment, lead=lead)
    staff_survey = open_today(lead.school, assessment.cycle, "staff")
    answer(staff_survey, 12, 5)
    sign_in(factory.user(Role.ADVISORY).email)
    page = client.get(f"/assessments/{assessment.id}/standards/5.1/moderate")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Staff:</strong> 100% agree (12 responses)" in text
    assert "Worth a second look" in text
    sheet = client.get(f"/moderation/assessments/{assessment.id}").get_data(as_text=True)
    standard = sheet.split('id="standard-5-1"', 1)[1].split("</section>", 1)[0]
    assert "Staff:</strong> 100% agree (12 responses)" in standard
    assert "Worth a second look" in standard


def test_the_lead_adds_the_survey_results_to_a_standard_as_evidence_in_one_step(
    client, factory, sign_in
):
    from hrsa.models import EvidenceItem

    lead = factory.user(Role.SCHOOL_LEAD)
    assessment = factory.assessment(lead.school, factory.cycle(), by=lead)
    survey = open_today(lead.school, assessment.cycle, "staff")
    sign_in(lead.email)
    url = f"/assessments/{assessment.id}/standards/5.1/survey-evidence"
    refused = client.post(url)
    assert refused.status_code == 302
    assert db.session.scalar(select(EvidenceItem)) is None
    answer(survey, 10, 5)
    page = client.get(f"/assessments/{assessment.id}/principles/5").get_data(as_text=True)
    assert f'href="{url}"' in page
    assert "Add as evidence" in client.get(url).get_data(as_text=True)
    added = client.post(url)
    assert added.location.endswith(f"/assessments/{assessment.id}/principles/5#standard-5.1")
    item = db.session.scalar(select(EvidenceItem))
    assert item.title.startswith("survey-results-5-1-") and item.title.endswith(".csv")
    assert item.content_type.startswith("text/")
    sign_in.out()
    sign_in(factory.user(Role.COMMISSIONER).email)
    assert client.post(url).status_code == 403
