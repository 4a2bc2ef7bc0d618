"""The invite page finds the school by URN or name, not from a dropdown of every school."""

from __future__ import annotations

from html import unescape

import pytest
from sqlalchemy import select

from hrsa.extensions import db
from hrsa.models import User


def text(response) -> str:
    return unescape(response.get_data(as_text=True))


def invite(client, school: str):
    return client.post(
        "/admin/accounts/invite",
        data={
            "name": "Sam Lee",
            "email": "sam@example.org",
            "role": "school_lead",
            "school": school,
        },
    )


def test_the_page_has_no_dropdown_of_every_school(client, factory, admin):
    factory.school(name="Mount Wise Primary")
    page = text(client.get("/admin/accounts/invite"))
    assert "<option" not in page and "Mount Wise Primary" not in page
    assert 'name="school" type="text"' in page


@pytest.mark.parametrize("typed", ["113599", "harbour primary", "Harb"])
def test_a_school_is_found_by_urn_name_or_part_of_it(client, factory, admin, typed):
    school = factory.school(urn="113599", name="Harbour Primary")
    factory.school(name="Tamar Secondary")
    assert invite(client, typed).status_code == 302
    sam = db.session.scalar(select(User).where(User.email == "sam@example.org"))
    assert sam.school_id == school.id


def test_several_matches_ask_for_the_urn(client, factory, admin):
    factory.school(urn="113598", name="Harbour Primary")
    factory.school(urn="113599", name="Harbour Academy")
    page = text(invite(client, "Harbour"))
    assert "More than one school matches ‘Harbour’: Harbour Academy (113599)" in page
    assert "Enter the school's URN" in page
    assert 'value="Harbour"' in page


def test_no_match_is_explained(client, admin):
    assert "No school's name or URN contains ‘Nowhere’" in text(invite(client, "Nowhere"))
    assert "No school has URN 654321" in text(invite(client, "654321"))
