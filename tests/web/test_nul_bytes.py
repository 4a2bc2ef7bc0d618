"""A NUL character (which PostgreSQL refuses in text) never turns a form into a 500."""

from __future__ import annotations

from sqlalchemy import select

from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.models import Rating, School
from hrsa.services.assessment import starting


def test_nul_characters_are_dropped_from_what_people_type(client, factory, sign_in):
    lead = factory.user(Role.SCHOOL_LEAD)
    assessment = starting.start(
        db.session, school=lead.school, cycle=factory.cycle(), user_id=lead.id
    )
    db.session.commit()
    sign_in(lead.email)
    data = {
        "version-8.1": "1",
        "version-8.2": "1",
        "rag-8.1": "amber",
        "narrative-8.1": "Referral\x00 routes agreed",
        "next_steps-8.1": "Train\x00 staff",
    }
    response = client.post(f"/assessments/{assessment.id}/principles/8", data=data)
    assert response.status_code == 302
    rating = db.session.scalar(
        select(Rating).where(Rating.assessment_id == assessment.id, Rating.standard_code == "8.1")
    )
    assert (rating.narrative, rating.next_steps) == ("Referral routes agreed", "Train staff")
    sign_in.out()
    sign_in(factory.user(Role.ADMIN).email)  # the school's name is the administrator's
    response = client.post(
        f"/schools/{lead.school_id}/profile",
        data={
            "name": "Harbour\x00side",
            "urn": lead.school.urn,
            "phase": "primary",
            "ward": "Stoke",
            "last_ofsted_on": ["", "", ""],
            "version": str(lead.school.version),  # the version the edit page showed
        },
    )
    assert response.status_code == 302
    assert db.session.get(School, lead.school_id).name == "Harbourside"
