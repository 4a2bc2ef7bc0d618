"""The download page and the ratings export through HTTP: who may download, the file's name,
its content, and a fixed number of queries whatever the size of the city."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from hrsa.core.vocabulary.people import Role
from tests.city_helpers import small_city
from tests.job_helpers import download_via_job

CITY_ROLES = (Role.COMMISSIONER, Role.ADVISORY, Role.ADMIN)


def csv_rows(response) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("role", CITY_ROLES)
def test_city_roles_download_the_cycles_ratings_named_with_cycle_and_date(
    client, factory, sign_in, role
) -> None:
    city = small_city(factory)
    sign_in(factory.user(role).email)
    page = client.get("/exports")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert f"/exports/ratings/{city.cycle.id}.csv" in html
    assert f"/exports/ratings/{city.cycle.id}.xlsx" in html
    assert "42" in html and "21" in html

    response = download_via_job(client, f"/exports/ratings/{city.cycle.id}.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    today = date.today().isoformat()
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="hrsa-ratings-2026-27-{today}.csv"'
    )
    assert response.headers["Cache-Control"] == "no-store"
    rows = csv_rows(response)
    assert len(rows) == 43
    assert {row[1] for row in rows[1:]} == {"Hooe Primary", "'=Stoke Damerel"}


def test_the_xlsx_download_opens_as_a_workbook(client, factory, sign_in) -> None:
    city = small_city(factory)
    sign_in(factory.user(Role.COMMISSIONER).email)
    response = download_via_job(client, f"/exports/ratings/{city.last_cycle.id}.xlsx")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].endswith(
        "-2025-26-" + date.today().isoformat() + '.xlsx"'
    )
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    assert sheet.max_row == 22
    assert sheet["B2"].value == "Compton Primary"


@pytest.mark.parametrize("role", [Role.SCHOOL_LEAD, Role.SCHOOL_STAFF])
def test_school_users_get_403_on_every_export_url(client, factory, sign_in, role) -> None:
    city = small_city(factory)
    person = factory.user(role, school=city.hooe.school)
    sign_in(person.email)
    for url in (
        "/exports",
        f"/exports/ratings/{city.cycle.id}.csv",
        f"/exports/ratings/{city.cycle.id}.xlsx",
        "/exports/ratings/999.csv",
    ):
        assert client.get(url).status_code == 403, url


def test_signed_out_people_are_sent_to_sign_in(client, factory) -> None:
    cycle = factory.cycle()
    response = download_via_job(client, f"/exports/ratings/{cycle.id}.csv")
    assert response.status_code == 302
    assert "/sign-in" in response.headers["Location"]


def test_unknown_cycles_and_formats_are_not_found(client, factory, sign_in) -> None:
    cycle = factory.cycle()
    sign_in(factory.user(Role.ADMIN).email)
    assert download_via_job(client, "/exports/ratings/999.csv").status_code == 404
    assert download_via_job(client, f"/exports/ratings/{cycle.id}.pdf").status_code == 404
    assert download_via_job(client, "/exports/ratings/99999999999.csv").status_code == 404


def test_with_no_cycle_the_page_says_there_is_nothing_yet(client, factory, sign_in) -> None:
    sign_in(factory.user(Role.COMMISSIONER).email)
    html = client.get("/exports").get_data(as_text=True)
    assert "no assessment cycle has been opened" in html


def test_the_download_runs_the_same_queries_for_a_bigger_city(
    client, factory, sign_in, count_queries
) -> None:
    cycle = factory.cycle()
    sign_in(factory.user(Role.COMMISSIONER).email)

    def queries_for_download() -> int:
        count_queries.clear()
        response = download_via_job(client, f"/exports/ratings/{cycle.id}.csv")
        assert response.status_code == 200
        response.get_data()
        return len(count_queries)

    factory.assessment(factory.school(), cycle)
    one_school = queries_for_download()
    for _ in range(4):
        factory.assessment(factory.school(), cycle)
    assert queries_for_download() == one_school
