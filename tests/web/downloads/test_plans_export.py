"""The Downloads page lists every download for each cycle, and every school's delivery plan
downloads as CSV or XLSX, one row per action; schools cannot download it."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from hrsa.core.vocabulary.assessment import ActionStatus
from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.ratings import Rag
from tests.job_helpers import download_via_job


@pytest.fixture
def plans(factory):  # type: ignore[no-untyped-def]
    cycle = factory.cycle("2026/27")
    ash = factory.assessment(factory.school(name="Ash Primary", urn="100001"), cycle,
                             rags={"1.1": Rag.RED, "2.1": Rag.AMBER})  # fmt: skip
    factory.action(ash, "1.1", what="Train governors", who="Head", due_on=date(2020, 1, 31))
    factory.action(ash, "2.1", what="Survey pupils", who="PSHE lead", due_on=date(2099, 3, 1),
                   status=ActionStatus.DONE)  # fmt: skip
    beech = factory.assessment(factory.school(name="Beech Academy", urn="100002"), cycle,
                               rags={"3.1": Rag.AMBER})  # fmt: skip
    factory.action(beech, "3.1", what="=Write the scheme", who="Deputy", due_on=date(2099, 1, 1))
    return cycle


def test_the_downloads_page_lists_ratings_plans_and_the_citywide_report(
    client, factory, sign_in, plans
):
    sign_in(factory.user(Role.COMMISSIONER).email)
    html = client.get("/exports").get_data(as_text=True)

    assert '<h1 class="govuk-heading-l">Downloads</h1>' in html
    assert f"/exports/plans/{plans.id}.csv" in html and f"/exports/plans/{plans.id}.xlsx" in html
    assert "3 actions:" in html
    assert f"/dashboard/report.pdf?cycle={plans.id}" in html  # a button starting its job


def test_every_schools_plan_as_csv_one_row_per_action(client, factory, sign_in, plans):
    sign_in(factory.user(Role.ADVISORY).email)
    response = download_via_job(client, f"/exports/plans/{plans.id}.csv")

    assert response.status_code == 200
    today = date.today().isoformat()
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="hrsa-delivery-plans-2026-27-{today}.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"), newline="")))
    assert rows[0] == ["Cycle", "School", "URN", "Phase", "Ward", "Standard", "RAG", "Action",
                       "Who", "Due", "Status", "Overdue"]  # fmt: skip
    body = [(r[1], r[5], r[6], r[7], r[10], r[11]) for r in rows[1:]]
    assert body == [
        ("Ash Primary", "1.1", "Red", "Train governors", "Not started", "Yes"),
        ("Ash Primary", "2.1", "Amber", "Survey pupils", "Done", "No"),
        ("Beech Academy", "3.1", "Amber", "'=Write the scheme", "Not started", "No"),
    ]


def test_the_plans_workbook_opens(client, factory, sign_in, plans):
    sign_in(factory.user(Role.ADMIN).email)
    response = download_via_job(client, f"/exports/plans/{plans.id}.xlsx")
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert sheet.title == "Delivery plans" and sheet.max_row == 4


@pytest.mark.parametrize("role", [Role.SCHOOL_LEAD, Role.SCHOOL_STAFF])
def test_schools_cannot_download_every_schools_plan(client, factory, sign_in, plans, role):
    sign_in(factory.user(role).email)
    assert download_via_job(client, f"/exports/plans/{plans.id}.csv").status_code == 403
