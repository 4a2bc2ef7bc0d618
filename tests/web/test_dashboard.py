"""The citywide dashboard through HTTP: who may see it, what it shows, bad filters, query counts."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import update

from hrsa.extensions import db
from hrsa.models import Assessment, Rating, Role
from hrsa.vocabulary import AssessmentStatus
from tests import small_city

CITY_ROLES = (Role.COMMISSIONER, Role.ADVISORY, Role.ADMIN)
DASHBOARD_URLS = ["/dashboard/"]


def text(response) -> str:  # type: ignore[no-untyped-def]
    """The page's words, without tags and with spaces collapsed."""
    body = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
    return re.sub(r"\s+", " ", body)


@pytest.mark.parametrize("role", CITY_ROLES)
def test_city_roles_land_on_the_overview_after_signing_in(client, factory, role) -> None:
    user = factory.user(role)
    response = client.post(
        "/sign-in", data={"email": user.email, "password": "correct-horse-battery"}
    )
    assert response.headers["Location"] == "/dashboard/"
    page = client.get("/dashboard/")
    assert page.status_code == 200 and "City overview" in text(page)


def test_school_users_land_on_their_assessment(client, factory) -> None:
    user = factory.user(Role.SCHOOL_LEAD)
    response = client.post(
        "/sign-in", data={"email": user.email, "password": "correct-horse-battery"}
    )
    assert response.headers["Location"] == "/assessment"


@pytest.mark.parametrize("role", [Role.SCHOOL_LEAD, Role.SCHOOL_STAFF])
@pytest.mark.parametrize("url", DASHBOARD_URLS)
def test_school_users_get_403_on_every_citywide_page(client, factory, sign_in, role, url) -> None:
    factory.cycle()
    sign_in(factory.user(role).email)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", DASHBOARD_URLS)
def test_signed_out_people_are_sent_to_sign_in(client, url) -> None:
    response = client.get(url)
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


def test_the_navigation_offers_the_city_overview(client, factory, sign_in) -> None:
    factory.cycle()
    sign_in(factory.user(Role.COMMISSIONER).email)
    page = client.get("/dashboard/").get_data(as_text=True)
    active = re.search(
        r'item--active">\s*<a class="govuk-service-navigation__link" href="([^"]+)"[^>]*>\s*'
        r"<strong[^>]*>([^<]+)<",
        page,
    )
    assert active and active.groups() == ("/dashboard/", "City overview")


def test_overview_shows_the_hand_counted_figures(client, factory, sign_in) -> None:
    city = small_city.build(factory)
    sign_in(factory.user(Role.COMMISSIONER).email)
    page = text(client.get(f"/dashboard/?cycle={city.now.id}"))
    assert "5 schools" in page and "1 not started" in page and "3 submitted" in page
    assert "Figures count the 3 submitted 2026/27 assessments" in page
    assert "1 assessment still in progress is not counted" in page
    # Principle 1: Red 6, Amber 3, Green 3 of 12.
    assert "1. Leadership and Management 6 (50%) 3 (25%) 3 (25%) 0 (0%)" in page
    assert "1.1 : 100% Red or Amber" in page
    assert "Agreed 1 Challenged 1" in page
    assert "Cedar Academy : 21 Red ratings" in page
    assert "Ash Primary : down 5 percentage points" in page
    assert "Elm Special" in page


def test_overview_can_include_assessments_in_progress_and_moderated_values(
    client, factory, sign_in
) -> None:
    city = small_city.build(factory)
    sign_in(factory.user(Role.ADVISORY).email)
    page = text(client.get(f"/dashboard/?cycle={city.now.id}&in_progress=y&values=moderated"))
    assert "Figures count the 4 submitted and in-progress 2026/27 assessments" in page
    assert "moderated ratings where the advisory group has moderated" in page


def test_a_cycle_with_no_submissions_shows_an_empty_state(client, factory, sign_in) -> None:
    factory.assessment(factory.school(), factory.cycle(), rags={"1.1": "red"})
    sign_in(factory.user(Role.COMMISSIONER).email)
    page = text(client.get("/dashboard/"))
    assert "No school has submitted its 2026/27 assessment yet" in page
    assert "Ratings by principle" not in page


def test_no_cycle_at_all_explains_itself(client, factory, sign_in) -> None:
    sign_in(factory.user(Role.ADMIN).email)
    response = client.get("/dashboard/")
    assert response.status_code == 200
    assert "No assessment cycle has been opened yet" in text(response)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("cycle=999", "Choose a cycle from the list"),
        ("cycle=abc", "Choose a cycle from the list"),
        ("ward=Atlantis", "Choose a ward from the list"),
        ("phase=nursery", "Choose a phase from the list"),
        ("values=mine", "Choose whose ratings to show"),
    ],
)
def test_unknown_filter_values_get_an_error_message_and_400(
    client, factory, sign_in, query, message
) -> None:
    factory.cycle()
    sign_in(factory.user(Role.COMMISSIONER).email)
    response = client.get(f"/dashboard/?{query}")
    assert response.status_code == 400
    page = text(response)
    assert "There is a problem" in page and message in page
    assert "Ratings by principle" not in page


def _city_of(factory, size: int) -> None:  # type: ignore[no-untyped-def]
    """A city of `size` schools; two in three have submitted all-Amber assessments (written
    straight into the database: the services would take minutes for 200 schools)."""
    cycle = factory.cycle()
    for n in range(size):
        school = factory.school(ward="Stoke" if n % 2 else "Drake", phase="primary")
        if n % 3:
            assessment = factory.assessment(school, cycle)
            db.session.execute(
                update(Rating).where(Rating.assessment_id == assessment.id).values(rag="amber")
            )
            db.session.execute(
                update(Assessment)
                .where(Assessment.id == assessment.id)
                .values(status=AssessmentStatus.SUBMITTED.value)
            )
    db.session.commit()


@pytest.mark.parametrize("url", DASHBOARD_URLS)
def test_pages_ask_a_fixed_number_of_queries_whatever_the_size_of_the_city(
    client, factory, sign_in, count_queries, url
) -> None:
    sign_in(factory.user(Role.COMMISSIONER).email)
    counts = []
    for size in (5, 200):
        _city_of(factory, size)
        count_queries.clear()
        assert client.get(url).status_code == 200
        counts.append(len(count_queries))
    assert counts[0] == counts[1], counts
