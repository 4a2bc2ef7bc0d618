"""Administrators read the audit trail: filtered by school, person, action and dates, paged,
and exported as CSV; sign-ins, failed sign-ins and exports are in it; nobody else sees it."""

from __future__ import annotations

import csv
import io

import pytest

from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.ratings import Rag
from tests.factories import PASSWORD


@pytest.fixture
def story(client, factory, sign_in):  # type: ignore[no-untyped-def]
    ash = factory.school(name="Ash Primary", urn="100001")
    beech = factory.school(name="Beech Academy", urn="100002")
    lead = factory.user(Role.SCHOOL_LEAD, ash, name="Sarah Trelawny", email="sarah@ash.example")
    other = factory.user(Role.SCHOOL_LEAD, beech, name="Tom Penrose", email="tom@beech.example")
    factory.assessment(ash, by=lead, rags={"1.1": Rag.AMBER})
    factory.assessment(beech, by=other, rags={"1.1": Rag.RED})
    client.post("/sign-in", data={"email": "sarah@ash.example", "password": "not-her-password"})
    sign_in("sarah@ash.example", PASSWORD)
    sign_in.out()
    admin = factory.user(Role.ADMIN, name="Alex Admin")
    sign_in(admin.email)
    return lead, other


def test_the_log_shows_sign_ins_and_failed_ones_and_filters_by_person(client, story):
    page = client.get("/admin/audit?person=sarah%40ash").get_data(as_text=True)

    assert "Sign-in failed (wrong password)" in page
    assert "Signed in" in page
    assert "Sarah Trelawny" in page
    assert "Tom Penrose" not in page
    assert "not-her-password" not in page


def test_filters_by_school_and_action(client, story):
    page = client.get("/admin/audit?urn=100002&action=start").get_data(as_text=True)
    assert "Beech Academy" in page and "Ash Primary" not in page
    assert "1 event." in page


def test_bad_filters_are_govuk_errors(client, story):
    for query, message in [
        ("urn=12ab", "School URN must be 6 digits"),
        ("since=31&since=2&since=2026", "must be a real date"),
        ("since=2&since=3&since=2026&until=1&until=3&until=2026", "must be the same as or after"),
    ]:
        response = client.get(f"/admin/audit?{query}")
        page = response.get_data(as_text=True)
        assert response.status_code == 200
        assert "govuk-error-summary" in page and message in page, query


def test_the_csv_holds_the_filtered_events_and_is_itself_audited(client, story):
    response = client.get("/admin/audit.csv?person=tom%40beech")

    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith(
        'attachment; filename="hrsa-audit-log'
    )
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:4] == ["When", "Who", "Email", "What"]
    assert rows[1:] and all(row[1] == "Tom Penrose" for row in rows[1:])
    page = client.get("/admin/audit?action=export").get_data(as_text=True)
    assert "Alex Admin" in page and "Data exported" in page


@pytest.mark.parametrize("role", [Role.ADVISORY, Role.COMMISSIONER, Role.SCHOOL_LEAD])
def test_only_administrators_see_it(client, factory, sign_in, role):
    sign_in(factory.user(role).email)
    assert client.get("/admin/audit").status_code == 403
    assert client.get("/admin/audit.csv").status_code == 403
