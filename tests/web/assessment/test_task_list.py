"""The task list is the whole journey: the school's details, the 8 principles, the delivery plan
and "Check and submit", each with its status; staff are told who can submit; the comparison with
last cycle names each standard."""

from __future__ import annotations

import re
from datetime import date
from html import unescape

import pytest

from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.ratings import Rag
from hrsa.extensions import db
from hrsa.models import Assessment
from hrsa.services.schools import profile


def text(response) -> str:  # type: ignore[no-untyped-def]
    return unescape(response.get_data(as_text=True))


def task(page: str, title: str) -> dict[str, str | None]:
    """One task on the list: its link (if any), hint and status as the page shows them."""
    items = re.findall(r'<li class="govuk-task-list__item.*?</li>', page, re.S)
    names = [
        next(w.strip() for w in re.sub(r"<[^>]+>", "\n", i).splitlines() if w.strip())
        for i in items
    ]
    assert title in names, names
    item = items[names.index(title)]
    href = re.search(r'<a class="govuk-link govuk-task-list__link[^"]*" href="([^"]+)"', item)
    hint = re.search(r'class="govuk-task-list__hint">\s*([^<]+?)\s*</div>', item)
    status = re.search(r'class="govuk-task-list__status[^"]*"[^>]*>(.*?)</div>', item, re.S)
    assert status is not None
    return {
        "href": href.group(1) if href else None,
        "hint": hint.group(1) if hint else None,
        "status": " ".join(re.sub(r"<[^>]+>", " ", status.group(1)).split()),
        "html": item,
    }


@pytest.fixture
def school(factory):
    return factory.school(name="Tamar View Primary")


@pytest.fixture
def lead(factory, school):
    return factory.user(Role.SCHOOL_LEAD, school, name="Lena Lead")


@pytest.fixture
def assessment(factory, school, lead) -> Assessment:
    return factory.assessment(school=school, by=lead)


def test_the_journey_in_order_with_each_status(factory, client, sign_in, assessment, lead, school):
    sign_in(lead.email)
    url = f"/assessments/{assessment.id}"

    page = text(client.get(url))
    titles = re.findall(r"govuk-task-list__link[^>]*>\s*([^<]+?)\s*<", page)
    assert titles[0] == "School details" and titles[-1] == "Delivery plan"
    assert len(titles) == 10  # Check and submit cannot start yet, so it has no link
    details = task(page, "School details")
    assert details["status"] == "Incomplete"
    assert details["href"] == f"/schools/{school.id}/profile"
    assert details["hint"] is not None and details["hint"].startswith("Still to give: address")
    assert task(page, "Delivery plan")["status"] == "Not started"
    check = task(page, "Check and submit")
    assert (check["status"], check["href"]) == ("Cannot start yet", None)
    assert "govuk-task-list__status--cannot-start-yet" in str(check["html"])

    factory.complete_profile(school)
    factory.rate_all(assessment, Rag.GREEN)
    factory.rate(assessment, {"2.1": Rag.RED, "3.1": Rag.AMBER})
    page = text(client.get(url))
    assert task(page, "School details")["status"] == "Completed"
    assert task(page, "Delivery plan")["status"] == "Not started"
    check = task(page, "Check and submit")
    assert (check["status"], check["href"]) == (
        "Not started",
        f"/assessments/{assessment.id}/submit",
    )

    factory.action(assessment, "2.1")
    page = text(client.get(url))
    plan = task(page, "Delivery plan")
    assert plan["status"] == "Incomplete"
    assert plan["hint"] == "1 Red or Amber standard has no action yet"
    factory.action(assessment, "3.1")
    assert task(text(client.get(url)), "Delivery plan")["status"] == "Completed"

    factory.submitted(assessment, lead=lead)
    check = task(text(client.get(url)), "Check and submit")
    assert (check["status"], check["href"]) == (
        "Submitted",
        f"/assessments/{assessment.id}/submitted",
    )


def test_the_school_details_are_incomplete_until_every_header_field_is_given(
    factory, client, sign_in, assessment, lead, school
):
    factory.complete_profile(school)
    profile.update_profile(db.session, school, {"headteacher": ""}, user_id=lead.id)
    db.session.commit()
    sign_in(lead.email)

    details = task(text(client.get(f"/assessments/{assessment.id}")), "School details")

    assert (details["status"], details["hint"]) == ("Incomplete", "Still to give: headteacher")


def test_staff_are_told_who_can_submit(factory, client, sign_in, assessment, school):
    staff = factory.user(Role.SCHOOL_STAFF, school)
    sign_in(staff.email)

    page = text(client.get(f"/assessments/{assessment.id}"))

    hint = task(page, "Check and submit")["hint"]
    assert hint is not None and "Only your school’s lead, Lena Lead, can submit" in hint
    # Staff cannot edit the profile, so "School details" leads to the profile they can read.
    assert task(page, "School details")["href"] == "/profile"


def test_the_lead_is_not_told_someone_else_submits(client, sign_in, assessment, lead):
    sign_in(lead.email)

    hint = task(text(client.get(f"/assessments/{assessment.id}")), "Check and submit")["hint"]

    assert hint is None or "can submit" not in hint


def test_all_green_with_no_actions_needs_no_plan(factory, client, sign_in, assessment, lead):
    factory.rate_all(assessment, Rag.GREEN)
    sign_in(lead.email)

    plan = task(text(client.get(f"/assessments/{assessment.id}")), "Delivery plan")

    assert (plan["status"], plan["hint"]) == ("Completed", None)


def test_city_roles_see_the_statuses_but_cannot_check_and_submit(
    factory, client, sign_in, assessment
):
    factory.complete_profile(assessment.school)
    factory.rate_all(assessment, Rag.GREEN)
    sign_in(factory.user(Role.ADVISORY).email)

    check = task(text(client.get(f"/assessments/{assessment.id}")), "Check and submit")

    assert (check["status"], check["href"], check["hint"]) == ("Not started", None, None)


def test_the_comparison_with_last_cycle_names_each_standard(factory, client, sign_in, school, lead):
    last = factory.cycle("2025/26", opens_on=date(2025, 9, 1), closes_on=date(2026, 7, 31))
    factory.submitted(factory.assessment(school, last, by=lead), lead=lead, rag=Rag.AMBER)
    this = factory.assessment(school, factory.cycle("2026/27"), by=lead, rags={"1.1": Rag.GREEN})
    sign_in(lead.email)

    page = text(client.get(f"/assessments/{this.id}"))

    assert "Compared with 2025/26" in page
    assert re.search(
        r'<th scope="row" class="govuk-table__header">1\.1 <span[^>]*>The senior leadership team',
        page,
    )


def test_the_task_list_takes_the_same_queries_however_many_answers(
    factory, client, sign_in, assessment, lead, school, count_queries
):
    sign_in(lead.email)
    factory.rate(assessment, {"1.1": Rag.RED})
    factory.action(assessment, "1.1")
    client.get(f"/assessments/{assessment.id}")
    count_queries.clear()
    client.get(f"/assessments/{assessment.id}")
    few = len(count_queries)

    factory.complete_profile(school)
    factory.user(Role.SCHOOL_LEAD, school, name="Ade Second")
    factory.rate_all(assessment, Rag.AMBER)
    for code in ("1.1", "3.1", "4.2", "8.2"):
        factory.action(assessment, code)
    client.get(f"/assessments/{assessment.id}")
    count_queries.clear()
    client.get(f"/assessments/{assessment.id}")

    assert len(count_queries) == few, "\n\n".join(count_queries)
