"""The citywide dashboard through HTTP: who may see it, what it shows, bad filters, query counts."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import update

from hrsa.core.vocabulary.assessment import AssessmentStatus
from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.models import Assessment, Rating
from hrsa.services.assessment import rating_counts
from tests import small_city

CITY_ROLES = (Role.COMMISSIONER, Role.ADVISORY, Role.ADMIN)
DASHBOARD_URLS = [
    "/dashboard/",
    "/dashboard/heatmap/schools",
    "/dashboard/heatmap/schools?sort=reds&values=moderated&in_progress=y",
    "/dashboard/heatmap/areas",
    "/dashboard/heatmap/areas?by=phase",
    "/dashboard/heatmap/areas?show=red&sort=p3&order=desc",
    "/dashboard/heatmap/schools/print",
    "/dashboard/gaps",
    "/dashboard/trends",
    "/dashboard/heatmap/schools.csv",
    "/dashboard/heatmap/schools.xlsx?sort=reds",
    "/dashboard/heatmap/areas.csv",
    "/dashboard/heatmap/areas.xlsx?by=phase",
]


def text(response) -> str:  # type: ignore[no-untyped-def]
    """The page's words as a screen reader has them: without tags, without the charts (hidden
    from assistive technology: their figures are in the table) and with spaces collapsed."""
    page = re.sub(
        r'<svg[^>]*aria-hidden="true".*?</svg>', " ", response.get_data(as_text=True), flags=re.S
    )
    body = re.sub(r"<[^>]+>", " ", page)
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
    ("path", "query", "message"),
    [
        ("/dashboard/", "cycle=999", "Choose a cycle from the list"),
        ("/dashboard/", "cycle=abc", "Choose a cycle from the list"),
        ("/dashboard/", "ward=Atlantis", "Choose a ward from the list"),
        ("/dashboard/", "phase=nursery", "Choose a phase from the list"),
        ("/dashboard/", "values=mine", "Choose whose ratings to show"),
        ("/dashboard/heatmap/schools", "sort=cleverest", "Choose how to sort from the list"),
        ("/dashboard/heatmap/schools", "page=0", "Page must be a number from 1 to 100,000"),
        ("/dashboard/heatmap/schools", "page=abc", "Page must be a number from 1 to 100,000"),
        ("/dashboard/heatmap/schools", "page=99999999999999999999", "Page must be a number"),
        ("/dashboard/heatmap/schools", "q=" + "x" * 101, "Search must be 100 characters or fewer"),
        ("/dashboard/heatmap/areas", "by=postcode", "Choose wards or phases for the rows"),
        ("/dashboard/gaps", "ward=Atlantis", "Choose a ward from the list"),
        ("/dashboard/trends", "phase=nursery", "Choose a phase from the list"),
    ],
)
def test_unknown_filter_values_get_an_error_message_and_400(
    client, factory, sign_in, path, query, message
) -> None:
    city = small_city.build(factory)
    sign_in(factory.user(Role.COMMISSIONER).email)
    response = client.get(f"{path}?{query}")
    assert response.status_code == 400
    page = text(response)
    assert "There is a problem" in page and message in page
    assert "Correct the filters" in page and city.schools["Ash"].name not in page


@pytest.mark.parametrize(
    "path", ["/dashboard/heatmap/schools.csv", "/dashboard/heatmap/areas.xlsx"]
)
def test_exports_refuse_unknown_filters(client, factory, sign_in, path) -> None:
    factory.cycle()
    sign_in(factory.user(Role.COMMISSIONER).email)
    assert client.get(f"{path}?ward=Atlantis").status_code == 400


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
    # The ratings were written behind the services' backs: bring the summary up to date as a
    # save would, so the pages count what the database holds.
    rating_counts.recount(db.session)
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
        response = client.get(url)
        assert response.status_code == 200
        response.get_data()  # a streamed export runs its query as it is read
        counts.append(len(count_queries))
    assert counts[0] == counts[1], counts


# --- the heatmaps, the gap ranking and the trends -------------------------------------------


@pytest.fixture
def city_client(client, factory, sign_in):  # type: ignore[no-untyped-def]
    city = small_city.build(factory)
    sign_in(factory.user(Role.COMMISSIONER).email)
    return city, client


def heatmap_rows(response) -> list[tuple[str, list[str]]]:  # type: ignore[no-untyped-def]
    """(school, each cell's words) for every row of the school heatmap on the page."""
    html = response.get_data(as_text=True)
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = []
    for row in body.split("<tr>")[1:]:
        name = re.search(r'<a class="govuk-link" href="[^"]+">([^<]+)</a>', row).group(1)
        words = re.findall(r'<span class="govuk-visually-hidden">([^<]+)</span></a></td>', row)
        rows.append((name, words))
    return rows


def test_school_heatmap_shows_each_schools_ratings_with_links(city_client) -> None:
    city, client = city_client
    response = client.get(f"/dashboard/heatmap/schools?cycle={city.now.id}")
    assert response.status_code == 200
    rows = heatmap_rows(response)
    assert [name for name, _ in rows] == ["Ash Primary", "Beech Primary", "Cedar Academy"]
    ash_words = rows[0][1]
    assert len(ash_words) == 21
    assert ash_words[:3] == ["Red (challenged)", "Red", "Amber"]
    html = response.get_data(as_text=True)
    ash = city.assessments[("Ash", "now")].id
    assert f'href="/assessments/{ash}"' in html
    assert f'href="/assessments/{ash}/principles/1#standard-1.1"' in html
    assert 'class="hrsa-heatmap__cell hrsa-fill--red"' in html
    assert "Schools 1 to 3 of 3." in text(response)


def test_school_heatmap_sorts_searches_and_pages(city_client) -> None:
    city, client = city_client
    by_reds = heatmap_rows(client.get(f"/dashboard/heatmap/schools?cycle={city.now.id}&sort=reds"))
    assert [name for name, _ in by_reds] == ["Cedar Academy", "Ash Primary", "Beech Primary"]
    moderated = heatmap_rows(client.get("/dashboard/heatmap/schools?values=moderated&q=ash"))
    assert moderated == [("Ash Primary", moderated[0][1])]
    assert moderated[0][1][0] == "Amber (challenged)"
    nothing = client.get("/dashboard/heatmap/schools?q=Zebra")
    assert nothing.status_code == 200
    assert "No school whose name contains “Zebra” has submitted" in text(nothing)
    beyond = client.get("/dashboard/heatmap/schools?page=7")
    assert beyond.status_code == 200
    assert "There is no page 7: the heatmap has 1 page." in text(beyond)


def test_area_heatmap_shows_figures_and_the_small_number_rule(city_client) -> None:
    city, client = city_client
    page = text(client.get(f"/dashboard/heatmap/areas?cycle={city.now.id}"))
    # Stoke, principle 1: 3 of 12 Green, 6 of 12 Red.
    assert "Stoke 3 Stoke, principle 1: 25% rated Green, 3 schools" in page
    assert "Drake 0 Too few schools" in page
    assert "Figures from fewer than 3 schools are not shown" in page
    html = client.get("/dashboard/heatmap/areas").get_data(as_text=True)
    assert f'href="/dashboard/heatmap/schools?cycle={city.now.id}&amp;ward=Stoke"' in html
    assert '<td class="hrsa-area-cell hrsa-share--green-1">' in html  # 25%: the 20–39% grade
    red = text(client.get(f"/dashboard/heatmap/areas?cycle={city.now.id}&show=red"))
    assert "Stoke 3 Stoke, principle 1: 50% rated Red, 3 schools" in red
    assert "Key: share rated Red 0–19% 20–39% 40–59% 60–79% 80–100%" in red


def test_area_heatmap_sorts_by_any_column_without_script(city_client) -> None:
    city, client = city_client
    base = f"/dashboard/heatmap/areas?cycle={city.now.id}"

    def order(query: str) -> list[str]:
        html = client.get(f"{base}&{query}").get_data(as_text=True)
        body = html.split("<tbody>", 1)[1]
        return re.findall(r'<th scope="row" class="hrsa-heatmap__school">([^<]+)</th>', body)

    assert order("") == ["Drake", "Stoke", "Total"]
    assert order("sort=name&order=desc") == ["Stoke", "Drake", "Total"]
    assert order("sort=schools&order=desc") == ["Stoke", "Drake", "Total"]
    # Drake's figures are not shown (too few schools): last whichever the direction.
    assert order("sort=p1&order=desc") == order("sort=p1") == ["Stoke", "Drake", "Total"]
    html = client.get(f"{base}&sort=p1&order=desc").get_data(as_text=True)
    assert 'aria-sort="descending"' in html
    # The sorted column's heading reverses it; another column's sorts largest first.
    assert re.search(r'href="[^"]*sort=p1"[^>]*>1\. Leadership', html)
    assert re.search(r'href="[^"]*sort=p2&amp;order=desc"', html)
    assert client.get(f"{base}&sort=zebra").status_code == 400
    assert client.get(f"{base}&order=sideways").status_code == 400


def test_the_small_number_rule_follows_its_setting(city_client, app) -> None:
    city, client = city_client
    app.config["HRSA_MIN_CELL_SCHOOLS"] = 4
    try:
        page = text(client.get("/dashboard/heatmap/areas"))
    finally:
        app.config["HRSA_MIN_CELL_SCHOOLS"] = 3
    assert "Stoke 3 Too few schools" in page and "25% Green" not in page


def test_gap_ranking_shows_the_change_since_the_previous_cycle(city_client) -> None:
    city, client = city_client
    page = text(client.get(f"/dashboard/gaps?cycle={city.now.id}"))
    assert "1 1.1" in page and "100% 3 of 3" in page
    assert "Up 50 percentage points" in page
    assert "Change since 2025/26" in page
    first = text(client.get(f"/dashboard/gaps?cycle={city.before.id}"))
    assert "No earlier figures" in first and "There is no earlier cycle to compare with" in first


def test_every_wide_enough_part_of_a_bar_carries_its_letter(client, factory, sign_in) -> None:
    city = small_city.build(factory)
    sign_in(factory.user(Role.COMMISSIONER).email)

    page = client.get(f"/dashboard/?cycle={city.now.id}").get_data(as_text=True)

    bars = re.findall(r'<svg class="hrsa-bar".*?</svg>', page, flags=re.S)
    assert bars
    for svg in bars:
        for width in re.findall(r'<rect [^>]*width="([\d.]+)%"', svg):
            if float(width) >= 4:
                assert re.search(r"<text [^>]*>[RAG]</text>", svg), svg
    # Principle 1 in 2026/27: 6 Red, 3 Amber, 3 Green of 12 (hand-counted in small_city).
    first = bars[0]
    assert [t for t in re.findall(r"<text [^>]*>([RAG])</text>", first)] == ["R", "A", "G"]


def test_trends_show_every_cycle(city_client) -> None:
    city, client = city_client
    response = client.get("/dashboard/trends")
    page = text(response)
    # The headline: the same two schools (Ash, Beech) in both cycles, principle 1's shares.
    assert "Comparing the same 2 schools in every cycle" in page
    assert "1. Leadership and Management Green: Down 12 points since 2025/26" in page
    assert "Red: Up 25 points since 2025/26 2025/26 50% 0% 2026/27 38% 25%" in page
    # The small multiples: standard 1.1, shares rated Green and Red in each cycle.
    assert "1.1 Leaders' commitment" in page.replace("&#39;", "'")
    assert "2025/26 G 50% rated Green , R 0% rated Red" in page
    assert "2026/27 G 0% rated Green , R 50% rated Red" in page
    # No cycle filter: the trends span every cycle.
    assert 'name="cycle"' not in response.get_data(as_text=True)
    every = text(client.get("/dashboard/trends?schools=all"))
    assert (
        "Comparing all schools counted in each cycle: 2 schools in 2025/26, 3 schools in 2026/27"
        in every
    )
    assert "2026/27 G 0% rated Green , R 67% rated Red" in every


# --- exports hold what the pages show -------------------------------------------------------


def csv_rows(response) -> list[list[str]]:  # type: ignore[no-untyped-def]
    import csv
    import io

    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


@pytest.mark.parametrize("query", ["", "sort=reds", "values=moderated&in_progress=y", "q=e"])
def test_school_heatmap_export_holds_what_the_page_shows(city_client, query) -> None:
    city, client = city_client
    shown = heatmap_rows(client.get(f"/dashboard/heatmap/schools?{query}"))
    response = client.get(f"/dashboard/heatmap/schools.csv?{query}")
    assert "hrsa-schools-heatmap-2026-27-" in response.headers["Content-Disposition"]
    header, *rows = csv_rows(response)
    assert header[:6] == ["School", "URN", "Phase", "Ward", "Assessment", "Reds"]
    assert header[6:] == [f"{c}" for c in ("1.1", "1.2", "1.3", "1.4")] + header[10:]
    assert [(row[0], row[6:]) for row in rows] == shown


def area_cells(response) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """Each area row's name, schools and each cell's shown share, as on the page."""
    html = response.get_data(as_text=True)
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = []
    for row in re.split(r"<tr[^>]*>", body)[1:]:
        name = re.search(r'<th scope="row"[^>]*>([^<]+)</th>', row).group(1)
        schools = re.search(r'<td class="hrsa-heatmap__reds">([^<]+)</td>', row).group(1)
        cells: list[str] = []
        for cell in re.findall(r'<td class="hrsa-area-cell[^"]*">(.*?)</td>', row, re.S):
            if "Too few" in cell:
                cells.append("Too few schools")
            else:
                cells.append(re.search(r'hrsa-area-cell__figure">([^<]+)<', cell).group(1))
        rows.append([name, schools, *cells])
    return rows


@pytest.mark.parametrize("query", ["", "by=phase", "in_progress=y", "values=moderated&ward=Stoke"])
def test_area_heatmap_export_holds_what_the_page_shows(city_client, query) -> None:
    city, client = city_client
    shown = area_cells(client.get(f"/dashboard/heatmap/areas?{query}"))
    response = client.get(f"/dashboard/heatmap/areas.csv?{query}")
    counting = "submitted-and-in-progress" if "in_progress" in query else "submitted-only"
    assert f"hrsa-areas-heatmap-2026-27-{counting}-" in response.headers["Content-Disposition"]
    header, *rows = csv_rows(response)
    assert header[1] == "Schools" and header[2] == "1. Leadership and Management: share rated Green"
    assert header[3] == "1. Leadership and Management: share rated Red"
    assert header[-1] == "Assessments counted"
    shown_red = area_cells(client.get(f"/dashboard/heatmap/areas?{query}&show=red"))
    greens = [row[:2] + row[2:-1:2] for row in rows]
    reds = [row[:2] + row[3:-1:2] for row in rows]
    assert greens == shown and reds == shown_red
    named = "Submitted and in progress" if "in_progress" in query else "Submitted only"
    assert {row[-1] for row in rows} == {named}
    assert any("Too few schools" in row for row in rows) or "ward=Stoke" in query


def test_heatmap_xlsx_exports_have_the_same_rows(city_client) -> None:
    import io

    from openpyxl import load_workbook

    city, client = city_client
    header, *csv_body = csv_rows(client.get("/dashboard/heatmap/areas.csv"))
    response = client.get("/dashboard/heatmap/areas.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    values = [
        [("" if v is None else str(v)) for v in row] for row in sheet.iter_rows(values_only=True)
    ]
    assert values[0] == header and values[1:] == csv_body


# --- a school's own history -------------------------------------------------------------------


def test_a_school_sees_its_own_ratings_in_each_cycle(client, factory, sign_in) -> None:
    city = small_city.build(factory)
    ash = city.schools["Ash"]
    sign_in(factory.school_person(ash.id).email)
    response = client.get(f"/dashboard/schools/{ash.id}/history")
    assert response.status_code == 200
    page = text(response)
    assert "2025/26 Submitted 2026/27 Submitted" in page
    assert re.search(r"1\.1 [^.]+\. A Amber R Red", page)
    assert re.search(r"2\.1 [^.]+\. G Green G Green", page)
    assert f"/dashboard/schools/{ash.id}/history" in client.get(f"/schools/{ash.id}").get_data(
        as_text=True
    )


def test_a_schools_history_is_hidden_from_other_schools(client, factory, sign_in) -> None:
    city = small_city.build(factory)
    sign_in(factory.school_person(city.schools["Beech"].id).email)
    assert client.get(f"/dashboard/schools/{city.schools['Ash'].id}/history").status_code == 404


def test_city_roles_see_any_schools_history_and_a_school_without_one(
    client, factory, sign_in
) -> None:
    city = small_city.build(factory)
    sign_in(factory.user(Role.COMMISSIONER).email)
    assert client.get(f"/dashboard/schools/{city.schools['Cedar'].id}/history").status_code == 200
    page = text(client.get(f"/dashboard/schools/{city.schools['Elm'].id}/history"))
    assert "Elm Special has not started an assessment yet" in page


def test_school_heatmap_labels_each_standard_with_its_short_title(city_client) -> None:
    city, client = city_client
    html = client.get(f"/dashboard/heatmap/schools?cycle={city.now.id}").get_data(as_text=True)
    assert (
        '<span class="hrsa-heatmap__code">4.3</span> '
        '<span class="hrsa-heatmap__short">Peer mentoring</span>' in html
    )
    assert 'title="4.3: The school has a peer mentoring programme' in html
    assert "1. Leadership and Management</span>" in html  # the principle's name, not P1
    assert 'title="Ash Primary, 1.2 Policies and plans: Red"' in html


def test_print_view_lists_every_matching_school_for_a4_landscape(city_client) -> None:
    city, client = city_client
    response = client.get(f"/dashboard/heatmap/schools/print?cycle={city.now.id}&per_page=1")
    assert response.status_code == 200
    page = text(response)
    assert "Schools heatmap: 2026/27" in page
    assert "Counting submitted assessments only. All wards, all phases" in page
    assert "3 schools, generated" in page
    names = re.findall(
        r'<a class="govuk-link" href="/assessments/\d+">([^<]+)</a>',
        response.get_data(as_text=True),
    )
    assert names == ["Ash Primary", "Beech Primary", "Cedar Academy"]
    html = response.get_data(as_text=True)
    assert "govuk-template__body hrsa-print-landscape" in html
    stoke = text(client.get("/dashboard/heatmap/schools/print?ward=Drake&in_progress=y"))
    assert "Counting submitted and in-progress assessments. Ward: Drake" in stoke
    assert "1 school, generated" in stoke
    assert client.get("/dashboard/heatmap/schools/print?ward=Atlantis").status_code == 400
