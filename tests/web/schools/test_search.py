"""Finding a school: the administrators' list searched by name or URN, and the city's list of
schools for a chosen cycle, searched by name, each row linking to that cycle's assessment."""

from __future__ import annotations

from datetime import date
from html import unescape

import pytest

from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.ratings import Rag
from hrsa.extensions import db


def text(response) -> str:  # type: ignore[no-untyped-def]
    return unescape(response.get_data(as_text=True))


def school_rows(html: str) -> list[str]:
    """The school names in the table's row headers, in order."""
    import re

    return [
        " ".join(re.sub(r"<[^>]+>", " ", cell).split()).split(" URN ")[0]
        for cell in re.findall(r'<th scope="row"[^>]*>(.*?)</th>', html, re.S)
    ]


@pytest.fixture
def some_schools(factory):
    return {
        "tamar": factory.school(name="Tamar View Primary", urn="113521"),
        "tamar_high": factory.school(name="TAMAR High School", urn="200001"),
        "hoe": factory.school(name="Hoe Park Primary", urn="113999"),
        "odd": factory.school(name="St Budeaux 100% Academy_", urn="300300"),
    }


# --- the administrators' list ----------------------------------------------------------------


def test_admin_finds_schools_by_part_of_the_name_in_any_case(
    client, factory, sign_in, some_schools
):
    sign_in(factory.user(Role.ADMIN).email)

    page = text(client.get("/admin/schools?q=  tamar "))

    assert school_rows(page) == ["TAMAR High School", "Tamar View Primary"]
    assert "2 schools" in page
    assert 'value="tamar"' in page  # what was typed stays in the box
    assert "Clear search" in page


def test_admin_finds_a_school_by_urn(client, factory, sign_in, some_schools):
    sign_in(factory.user(Role.ADMIN).email)

    assert school_rows(text(client.get("/admin/schools?q=113521"))) == ["Tamar View Primary"]
    assert school_rows(text(client.get("/admin/schools?q=113"))) == [
        "Hoe Park Primary",
        "Tamar View Primary",
    ]


def test_percent_and_underscore_are_plain_characters_in_a_search(
    client, factory, sign_in, some_schools
):
    sign_in(factory.user(Role.ADMIN).email)

    assert school_rows(text(client.get("/admin/schools?q=%25"))) == ["St Budeaux 100% Academy_"]
    assert school_rows(text(client.get("/admin/schools?q=_"))) == ["St Budeaux 100% Academy_"]


def test_admin_search_with_no_match_says_so(client, factory, sign_in, some_schools):
    sign_in(factory.user(Role.ADMIN).email)

    response = client.get("/admin/schools?q=Nowhere")

    assert response.status_code == 200
    assert "No schools match ‘Nowhere’" in text(response)


def test_admin_search_results_are_paged_and_the_links_keep_the_search(client, factory, sign_in):
    for n in range(51):
        factory.school(name=f"Moor View {n:02d}")
    factory.school(name="Elsewhere")
    sign_in(factory.user(Role.ADMIN).email)

    first = text(client.get("/admin/schools?q=moor"))
    assert "51 schools, page 1 of 2" in first
    assert 'href="/admin/schools?page=2&q=moor"' in first
    second = text(client.get("/admin/schools?page=2&q=moor"))
    assert school_rows(second) == ["Moor View 50"]


def test_admin_search_takes_the_same_queries_however_many_schools_match(
    client, factory, sign_in, count_queries
):
    sign_in(factory.user(Role.ADMIN).email)
    for n in range(3):
        factory.school(name=f"Plym {n}")
    db.session.expire_all()
    count_queries.clear()
    client.get("/admin/schools?q=plym")
    few = len(count_queries)
    for n in range(3, 30):
        factory.school(name=f"Plym {n}")
    db.session.expire_all()
    count_queries.clear()
    page = text(client.get("/admin/schools?q=plym"))
    assert "30 schools" in page
    assert len(count_queries) == few


# --- the city's list ---------------------------------------------------------------------------


@pytest.fixture
def two_cycles(factory):
    last = factory.cycle("2025/26", opens_on=date(2025, 9, 1), closes_on=date(2026, 7, 31))
    this = factory.cycle("2026/27", opens_on=date(2026, 9, 1), closes_on=date(2099, 7, 31))
    return last, this


@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.ADVISORY, Role.ADMIN])
def test_city_roles_choose_the_cycle_and_see_its_status(
    client, factory, sign_in, two_cycles, some_schools, role
):
    last, this = two_cycles
    tamar = some_schools["tamar"]
    earlier = factory.assessment(tamar, last)
    factory.submitted(earlier)
    current = factory.assessment(tamar, this, rags={"1.1": Rag.RED})
    sign_in(factory.user(role).email)

    now = text(client.get("/schools"))
    assert "2026/27 cycle" in now
    assert f'<option value="{this.id}" selected>2026/27</option>' in now
    assert f'<option value="{last.id}">2025/26</option>' in now
    assert f'href="/assessments/{current.id}"' in now
    assert f'href="/assessments/{earlier.id}"' not in now

    before = text(client.get(f"/schools?cycle={last.id}"))
    assert "2025/26 cycle" in before
    assert f'<option value="{last.id}" selected>2025/26</option>' in before
    assert f'href="/assessments/{earlier.id}"' in before
    assert f'href="/assessments/{current.id}"' not in before
    assert before.count("Submitted") == 1
    assert before.count("Not started") == 3

    # The assessment of that cycle opens read-only for the city.
    task_list = client.get(f"/assessments/{earlier.id}")
    assert task_list.status_code == 200
    assert f'action="/assessments/{earlier.id}/submit"' not in text(task_list)
    assert client.post(f"/assessments/{earlier.id}/principles/1", data={}).status_code == 403


def test_city_finds_a_school_by_name_within_the_chosen_cycle(
    client, factory, sign_in, two_cycles, some_schools
):
    last, _ = two_cycles
    factory.assessment(some_schools["tamar"], last)
    sign_in(factory.user(Role.COMMISSIONER).email)

    page = text(client.get(f"/schools?cycle={last.id}&q=TAMAR"))

    assert school_rows(page) == ["TAMAR High School", "Tamar View Primary"]
    assert 'value="TAMAR"' in page
    assert "In progress" in page and "2025/26 cycle" in page
    none = client.get("/schools?q=Nowhere")
    assert none.status_code == 200
    assert "No schools match ‘Nowhere’" in text(none)


def test_the_city_list_pages_keep_the_cycle_and_the_search(client, factory, sign_in, two_cycles):
    last, _ = two_cycles
    for n in range(51):
        factory.school(name=f"Drake {n:02d}")
    sign_in(factory.user(Role.ADVISORY).email)

    first = text(client.get(f"/schools?cycle={last.id}&q=drake"))

    assert "51 schools, page 1 of 2" in first
    assert f'href="/schools?page=2&cycle={last.id}&q=drake"' in first
    second = text(client.get(f"/schools?page=2&cycle={last.id}&q=drake"))
    assert school_rows(second) == ["Drake 50"]


@pytest.mark.parametrize("asked", ["999999", "abc", "-1", "９", "1.5", "0"])
def test_an_unknown_cycle_is_a_clear_empty_page_not_an_error(
    client, factory, sign_in, two_cycles, some_schools, asked
):
    sign_in(factory.user(Role.COMMISSIONER).email)

    response = client.get(f"/schools?cycle={asked}")

    assert response.status_code == 400
    page = text(response)
    assert "There is no such cycle" in page
    assert school_rows(page) == []


def test_the_city_list_takes_the_same_queries_for_a_chosen_cycle_and_a_search(
    client, factory, sign_in, two_cycles, count_queries
):
    last, _ = two_cycles

    def add(count: int) -> None:
        for _ in range(count):
            school = factory.school(name=f"Efford {factory.school.__name__}")
            factory.rate(factory.assessment(school, last), {"1.1": Rag.GREEN})

    sign_in(factory.user(Role.COMMISSIONER).email)
    add(3)
    db.session.expire_all()
    count_queries.clear()
    client.get(f"/schools?cycle={last.id}&q=efford")
    few = len(count_queries)
    add(20)
    db.session.expire_all()
    count_queries.clear()
    page = text(client.get(f"/schools?cycle={last.id}&q=efford"))
    assert "23 schools" in page and page.count("In progress") == 23
    assert len(count_queries) == few
