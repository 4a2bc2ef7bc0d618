"""The city's survey page and export: the figures worked out by hand, for city roles only."""

from __future__ import annotations

from sqlalchemy import select

from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.ratings import Rag
from hrsa.extensions import db
from hrsa.models import AuditEvent
from tests.survey_helpers import answer, open_survey


def two_schools(factory):
    """Ward A: Ash's 10 secondary pupils all agree with sp08 (4.3), Ash rated 4.3 Red; ward B:
    Cedar's 12 pupils, 9 agree, Cedar rated Green; ward C: Dale's 4 responses are too few."""
    cycle = factory.cycle()
    ash = factory.school(name="Ash", ward="A")
    cedar = factory.school(name="Cedar", ward="B")
    dale = factory.school(name="Dale", ward="C")
    answer(open_survey(ash, cycle), 10, {"sp08": 5})
    cedar_survey = open_survey(cedar, cycle)
    answer(cedar_survey, 9, {"sp08": 4})
    answer(cedar_survey, 3, {"sp08": 2})
    answer(open_survey(dale, cycle), 4, 5)
    factory.submitted(factory.assessment(ash, cycle, rags={"4.3": Rag.RED}))
    factory.submitted(factory.assessment(cedar, cycle, rags={"4.3": Rag.GREEN}))
    return cycle


def test_ward_by_standard_and_the_gap_for_city_roles(client, factory, sign_in):
    two_schools(factory)
    sign_in(factory.user(Role.COMMISSIONER).email)
    page = client.get("/surveys/city").get_data(as_text=True)
    assert "100% (10)" in page and "75% (12)" in page and "Too few" in page
    # 4.3: Red 0 % and Green 100 % average 50 %; 19 of 22 answers agree (86 %): 36 points lower.
    assert "36 points lower" in page
    authorities = page.split("Agreement by authority", 1)[1].split("</table>", 1)[0]
    assert ">Plymouth</th>" in authorities


def test_the_export_has_aggregates_only_and_is_audited(client, factory, sign_in):
    two_schools(factory)
    sign_in(factory.user(Role.ADVISORY).email)
    response = client.get("/surveys/city/export.csv")
    text = response.get_data().decode("utf-8-sig")
    assert response.status_code == 200
    assert "Ward,A,4.3,10,100,,,," in text
    assert "Ward,C,4.3,,,,,," in text  # suppressed: neither the count nor the share
    assert "City gap,,4.3,,86,2,50,-36,1" in text
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.entity == "survey_results"))
    assert client.get("/surveys/city/export.xlsx").status_code == 200
    assert client.get("/surveys/city/export.pdf").status_code == 404


def test_school_users_cannot_see_the_city_figures(client, factory, sign_in):
    sign_in(factory.user(Role.SCHOOL_LEAD).email)
    assert client.get("/surveys/city").status_code == 403
    assert client.get("/surveys/city/export.csv").status_code == 403
