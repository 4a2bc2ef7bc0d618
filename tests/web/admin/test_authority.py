"""The authority is data: an administrator sets the names every page shows and its contacts,
and renames wards or gives their ONS codes."""

from __future__ import annotations

from html import unescape

from sqlalchemy import select

from hrsa.extensions import db
from hrsa.models import AuditEvent, Ward
from hrsa.services.authorities import records as authorities
from tests.factories import fresh


def text(response) -> str:
    return unescape(response.get_data(as_text=True))


def test_every_page_names_the_authoritys_service_and_partnership(client, factory):
    factory.authority()
    factory.authority(code="888", name="Lancashire")  # made second: not the service's authority
    page = text(client.get("/"))
    assert ">Safer Plymouth</a>" in page
    assert "run by the Safer Plymouth partnership's Healthy Relationships Advisory Group" in page
    assert "schools across Plymouth need support" in page
    assert "Lancashire" not in page


def test_without_an_authority_the_pages_use_neutral_words(client):
    page = text(client.get("/"))
    assert ">Healthy relationships</a>" in page
    assert "run by the local safeguarding partnership's" in page


def test_an_admin_changes_the_authoritys_names_and_contacts(client, factory, admin):
    page = text(client.get("/admin/authority"))
    assert "Local authority 879" in page and "Plympton St Mary" in page
    response = client.post(
        "/admin/authority",
        data={
            "name": "Plymouth",
            "service_name": "Safer Plymouth Schools",
            "partnership_name": "Safer Plymouth partnership",
            "contact_email": "schools@council.example",
            "contact_phone": "01752 668000",
            "contact_url": "www.council.example/schools",
        },
    )
    assert response.status_code == 302
    assert ">Safer Plymouth Schools</a>" in text(client.get("/admin/"))
    contact = text(client.get("/contact"))
    assert 'href="mailto:schools@council.example"' in contact
    assert "Telephone: 01752 668000" in contact
    assert 'href="https://www.council.example/schools"' in contact
    change = db.session.scalar(
        select(AuditEvent).where(
            AuditEvent.entity == "authority", AuditEvent.field == "service_name"
        )
    )
    assert (change.old_value, change.new_value) == ("Safer Plymouth", "Safer Plymouth Schools")


def test_a_blank_service_name_is_refused_in_govuk_style(client, admin):
    response = client.post(
        "/admin/authority",
        data={"name": "Plymouth", "service_name": " ", "partnership_name": "P"},
    )
    assert response.status_code == 200
    assert "Enter the name the service goes by" in text(response)


def test_renaming_a_ward_moves_its_schools_and_a_bad_code_is_explained(client, factory, admin):
    school = factory.school(ward="Stoke")
    ward = db.session.scalar(select(Ward).where(Ward.name == "Stoke"))
    response = client.post(
        f"/admin/authority/wards/{ward.id}", data={"name": "Stoke", "code": "X123"}
    )
    assert "ONS code must be a letter and 8 digits, like E05008941" in text(response)
    response = client.post(
        f"/admin/authority/wards/{ward.id}", data={"name": "Stoke Damerel", "code": "e05008941"}
    )
    assert response.status_code == 302
    assert fresh(type(school), school.id).ward == "Stoke Damerel"
    assert fresh(Ward, ward.id).code == "E05008941"
    page = text(client.get("/admin/authority"))
    assert "Stoke Damerel" in page and "E05008941" in page


def test_a_ward_cannot_take_another_wards_name(client, factory, admin):
    ward = db.session.scalar(select(Ward).where(Ward.name == "Stoke"))
    response = client.post(f"/admin/authority/wards/{ward.id}", data={"name": "Drake"})
    assert "The authority already has a ward called Drake" in text(response)


def test_another_authoritys_ward_is_not_found(client, factory, admin):
    other = factory.authority(code="888", name="Lancashire")
    ward = authorities.ensure_ward(db.session, other.id, "Preston")
    db.session.commit()
    assert client.get(f"/admin/authority/wards/{ward.id}").status_code == 404
    assert client.get("/admin/authority/wards/999999").status_code == 404


def test_a_school_added_in_a_new_ward_gives_the_authority_that_ward(factory):
    school = factory.school(ward="Mount Batten")
    assert "Mount Batten" in authorities.ward_names(db.session, school.authority_id)


def test_the_ward_list_of_a_school_form_is_its_authoritys(client, factory, admin):
    other = factory.authority(code="888", name="Lancashire")
    authorities.ensure_ward(db.session, other.id, "Preston")
    db.session.commit()
    page = text(client.get("/admin/schools/new"))
    assert ">Plympton St Mary<" in page and ">Preston<" not in page
