"""Numbers no form would send (huge ids, superscript digits) get a 404, 400 or a form error,
never a 500: they must not reach the database, whose integer columns would overflow."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.ratings import Rag
from hrsa.extensions import db
from hrsa.models import Assessment, PlanAction, Rating, School

HUGE = "99999999999999999999"


@pytest.fixture
def setting(factory, sign_in):
    lead = factory.user(Role.SCHOOL_LEAD)
    assessment = factory.assessment(lead.school, by=lead)
    sign_in(lead.email)
    return lead, assessment.id


def test_huge_ids_in_urls_are_not_found(client, setting):
    lead, aid = setting
    for url in (
        f"/assessments/{HUGE}",
        f"/assessments/{HUGE}/principles/1",
        f"/assessments/{aid}/principles/{HUGE}",
        f"/evidence/{HUGE}/download",
        f"/schools/{HUGE}",
        f"/assessments/{aid}/plan/actions/{HUGE}",
    ):
        assert client.get(url).status_code == 404, url


def test_odd_numbers_in_the_principle_form_are_bad_requests(client, setting):
    lead, aid = setting
    url = f"/assessments/{aid}/principles/8"
    versions = {"version-8.1": "1", "version-8.2": "1", "rag-8.1": "red"}
    for data in (
        dict(versions, remove_evidence=HUGE),
        dict(versions, remove_evidence="²"),
        dict(versions, **{"version-8.1": "²"}),
        dict(versions, **{"version-8.1": HUGE}),
    ):
        assert client.post(url, data=data).status_code == 400, data
    db.session.expire_all()
    assert {
        r.rag for r in db.session.scalars(select(Rating).where(Rating.assessment_id == aid))
    } == {None}


def test_odd_dates_are_form_errors(client, factory, setting):
    lead, aid = setting
    factory.rate(db.session.get_one(Assessment, aid), {"1.1": Rag.AMBER}, by=lead)
    response = client.post(
        f"/assessments/{aid}/plan/actions/new?standard=1.1",
        data={"what": "x", "who": "y", "due_on": ["1", HUGE[:4], "2027"], "status": "done"},
    )
    assert response.status_code == 200
    assert "Due date must be a real date" in response.get_data(as_text=True)
    response = client.post(
        f"/schools/{lead.school_id}/profile",
        data={
            "name": "A school",
            "urn": lead.school.urn,
            "phase": "primary",
            "ward": "Stoke",
            "last_ofsted_on": ["²", "3", "2024"],
            "number_on_roll": "²",
        },
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "must be a real date" in page and "whole number" in page
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(PlanAction)) == 0
    assert db.session.get_one(School, lead.school_id).name != "A school"
