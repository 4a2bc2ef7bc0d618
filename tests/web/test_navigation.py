"""The service navigation shows each role its sections and marks the one the page belongs to."""

from __future__ import annotations

import re

from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.services.evidence import items

ACTIVE = re.compile(r'govuk-service-navigation__active-fallback">([^<]+)<')
ITEM = re.compile(r'<li class="govuk-service-navigation__item[^"]*">(.*?)</li>', re.S)


def sections(client, url):
    """(the navigation's section names, the one marked current) on the page at url."""
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.get_data(as_text=True)
    names = [" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in ITEM.findall(html)]
    return names, ACTIVE.findall(html)


def test_school_staff_see_their_school_sections(client, factory, sign_in):
    lead = factory.user(Role.SCHOOL_LEAD)
    assessment = factory.assessment(school=lead.school)
    sign_in(lead.email)

    names, current = sections(client, f"/assessments/{assessment.id}")
    assert names[:3] == ["Assessment", "Delivery plan", "School profile"]
    assert "Schools" not in names and "Administration" not in names
    assert current == ["Assessment"]
    assert sections(client, f"/assessments/{assessment.id}/plan")[1] == ["Delivery plan"]
    assert sections(client, "/profile")[1] == ["School profile"]
    assert sections(client, f"/schools/{lead.school_id}/profile")[1] == ["School profile"]
    assert sections(client, "/account")[1] == ["Your account"]


def test_the_city_reaches_schools_assessments_through_the_schools_section(client, factory, sign_in):
    school = factory.school()
    assessment = factory.assessment(school=school)
    sign_in(factory.user(Role.COMMISSIONER).email)

    names, current = sections(client, "/schools")
    assert "Schools" in names and "Administration" not in names
    assert not {"Assessment", "Delivery plan", "School profile"} & set(names)
    assert current == ["Schools"]
    for url in (f"/schools/{school.id}", f"/assessments/{assessment.id}/plan"):
        assert sections(client, url)[1] == ["Schools"], url


def test_every_administration_page_marks_administration(client, factory, sign_in):
    admin = factory.user(Role.ADMIN)
    assessment = factory.assessment()
    link = factory.link(assessment, "1.1", title="Old policy")
    items.remove(db.session, link, user_id=link.uploaded_by_id)
    db.session.commit()
    sign_in(admin.email)

    names, current = sections(client, "/admin/deleted-evidence")
    assert {"Schools", "Administration", "Your account"} <= set(names)
    assert current == ["Administration"]
    assert "Old policy" in client.get("/admin/deleted-evidence").get_data(as_text=True)
    assert sections(client, "/admin/outbox")[1] == ["Administration"]
