"""Citywide figures checked against numbers worked out by hand for tests/small_city.py."""

from __future__ import annotations

import json

import pytest

from hrsa.core.figures import RagCounts
from hrsa.extensions import db
from hrsa.services.cycles import framework_versions
from hrsa.services.dashboard import heatmaps, trends
from hrsa.services.dashboard.counting import Counting
from hrsa.services.dashboard.figures import Filters, distribution
from hrsa.services.dashboard.overview import overview
from tests import small_city


@pytest.fixture
def city(factory) -> small_city.SmallCity:
    return small_city.build(factory)


def city_overview(city: small_city.SmallCity, **filters: object):  # type: ignore[no-untyped-def]
    framework = framework_versions.framework_of(city.now.framework_version)
    if filters.pop("include_in_progress", False):
        filters["counting"] = Counting.WITH_IN_PROGRESS
    return overview(db.session, framework, city.now.id, city.before.id, Filters(**filters))  # type: ignore[arg-type]


def standard(result, code: str) -> RagCounts:  # type: ignore[no-untyped-def]
    return next(s.counts for p in result.principles for s in p.standards if s.code == code)


def test_schools_by_status_overall_and_by_phase(city) -> None:
    result = city_overview(city)
    assert (result.schools.not_started, result.schools.in_progress) == (1, 1)
    assert (result.schools.submitted, result.schools.total) == (3, 5)
    by_phase = {p.phase: p.counts for p in result.by_phase}
    assert by_phase["primary"].submitted == 2 and by_phase["primary"].total == 2
    assert (by_phase["secondary"].submitted, by_phase["secondary"].in_progress) == (1, 1)
    assert by_phase["special"].not_started == 1
    assert result.counted_schools == 3


def test_submitted_assessments_only_by_default(city) -> None:
    result = city_overview(city)
    assert standard(result, "1.1") == RagCounts(red=2, amber=1, green=0, unrated=0)
    assert standard(result, "1.2") == RagCounts(red=2, amber=0, green=1)
    assert standard(result, "2.1") == RagCounts(red=1, amber=0, green=2)
    assert standard(result, "8.2") == RagCounts(red=1, amber=1, green=1)
    principle_1 = result.principles[0]
    # Ash R R A A, Beech A G G G, Cedar R R R R
    assert principle_1.counts == RagCounts(red=6, amber=3, green=3)
    assert principle_1.counts.green_share == pytest.approx(3 / 12)
    assert principle_1.counts.mean_score == pytest.approx(9 / 24)


def test_including_assessments_in_progress_adds_their_ratings_and_unrated_standards(city) -> None:
    result = city_overview(city, include_in_progress=True)
    assert result.counted_schools == 4
    assert standard(result, "1.1") == RagCounts(red=2, amber=1, green=1, unrated=0)
    assert standard(result, "1.2") == RagCounts(red=2, amber=0, green=1, unrated=1)


def test_moderated_values_replace_the_schools_own(city) -> None:
    result = city_overview(city, moderated=True)
    # Ash's Red 1.1 was challenged as Amber; Beech's Amber was agreed.
    assert standard(result, "1.1") == RagCounts(red=1, amber=2, green=0)
    assert standard(result, "1.2") == RagCounts(red=2, amber=0, green=1)


def test_moderation_counts(city) -> None:
    result = city_overview(city)
    assert (result.moderation.agreed, result.moderation.challenged) == (1, 1)
    assert city_overview(city, ward="Drake").moderation.total == 0


def test_largest_gaps_rank_standards_by_share_of_red_and_amber(city) -> None:
    gaps = city_overview(city).largest_gaps
    assert len(gaps) == 5
    # 1.1 is all Red or Amber (3 of 3); every other standard but 2.1 (1 of 3) has 2 of 3, and
    # ties keep the framework's order.
    assert gaps[0].code == "1.1" and gaps[0].counts.gap_share == 1.0
    assert [g.code for g in gaps[1:]] == ["1.2", "1.3", "1.4", "2.2"]


def test_schools_that_may_need_support(city) -> None:
    support = city_overview(city).support
    assert [(s.name, s.reds) for s in support.most_reds] == [
        ("Cedar Academy", 21),
        ("Ash Primary", 2),
    ]
    # Ash fell from 22/42 to 20/42 of the maximum score (-4.8 points), Beech from 42/42 to 41/42.
    assert [(s.name, s.change_points) for s in support.declined] == [
        ("Ash Primary", -5),
        ("Beech Primary", -2),
    ]
    assert [s.name for s in support.not_started] == ["Elm Special"]
    assert support.not_started_total == 1


def test_ward_and_phase_filters(city) -> None:
    stoke = city_overview(city, ward="Stoke")
    assert stoke.schools.total == 3 and stoke.schools.not_started == 0
    primary = city_overview(city, phase="primary")
    assert standard(primary, "1.1") == RagCounts(red=1, amber=1)
    assert [s.name for s in primary.support.most_reds] == ["Ash Primary"]


def test_a_cycle_with_no_submissions_has_no_results(factory) -> None:
    cycle = factory.cycle()
    factory.school()
    framework = framework_versions.framework_of(cycle.framework_version)
    result = overview(db.session, framework, cycle.id, None, Filters())
    assert not result.has_results
    assert result.schools.not_started == 1
    assert all(p.counts.total == 0 for p in result.principles)
    assert distribution(db.session, framework, cycle.id, Filters())[0].counts == RagCounts()


# --- the school x standard heatmap ----------------------------------------------------------


def school_map(city: small_city.SmallCity, **options: object):  # type: ignore[no-untyped-def]
    framework = framework_versions.framework_of(city.now.framework_version)
    filters = Filters(
        counting=Counting.chosen(bool(options.pop("include_in_progress", False))),
        moderated=bool(options.pop("moderated", False)),
    )
    return heatmaps.school_heatmap(db.session, framework, city.now.id, filters, **options)  # type: ignore[arg-type]


def cells(row) -> dict[str, str | None]:  # type: ignore[no-untyped-def]
    return {cell.code: cell.rag for cell in row.cells}


def test_school_heatmap_rows_and_cells(city) -> None:
    result = school_map(city)
    assert [row.name for row in result.rows] == ["Ash Primary", "Beech Primary", "Cedar Academy"]
    ash = result.rows[0]
    assert len(ash.cells) == 21 and ash.reds == 2
    assert cells(ash)["1.1"] == "red" and cells(ash)["2.1"] == "green"
    assert cells(ash)["8.2"] == "amber"
    assert [c.code for c in ash.cells if c.challenged] == ["1.1"]
    assert ash.assessment_id == city.assessments[("Ash", "now")].id


def test_school_heatmap_sorts_by_reds_searches_and_shows_moderated_values(city) -> None:
    assert [r.name for r in school_map(city, sort="reds").rows] == [
        "Cedar Academy",
        "Ash Primary",
        "Beech Primary",
    ]
    assert [r.name for r in school_map(city, search="BEECH").rows] == ["Beech Primary"]
    assert school_map(city, search="100%").total == 0
    assert cells(school_map(city, moderated=True).rows[0])["1.1"] == "amber"
    with_damson = school_map(city, include_in_progress=True)
    damson = with_damson.rows[-1]
    assert damson.name == "Damson High" and cells(damson)["1.1"] == "green"
    assert cells(damson)["1.2"] is None


def test_school_heatmap_pages(city) -> None:
    first = school_map(city, per_page=2)
    assert (first.total, first.pages, len(first.rows)) == (3, 2, 2)
    second = school_map(city, per_page=2, page=2)
    assert [r.name for r in second.rows] == ["Cedar Academy"]
    beyond = school_map(city, per_page=2, page=3)
    assert not beyond.page_exists and beyond.rows == () and beyond.total == 3


# --- the area x principle heatmap -----------------------------------------------------------


def area_map(city: small_city.SmallCity, by: str = "ward", min_schools: int = 3, **filters: object):  # type: ignore[no-untyped-def]
    framework = framework_versions.framework_of(city.now.framework_version)
    areas = ["Drake", "Stoke"] if by == "ward" else ["primary", "secondary", "special"]
    if filters.pop("include_in_progress", False):
        filters["counting"] = Counting.WITH_IN_PROGRESS
    return heatmaps.area_heatmap(
        db.session,
        framework,
        city.now.id,
        Filters(**filters),  # type: ignore[arg-type]
        by=by,
        areas=areas,
        min_schools=min_schools,
    )


def test_area_heatmap_by_ward_with_the_small_number_rule(city) -> None:
    result = area_map(city)
    drake, stoke = result.rows
    assert (stoke.area, stoke.schools, stoke.suppressed) == ("Stoke", 3, False)
    leadership = stoke.cells[0]
    assert leadership.counts == RagCounts(red=6, amber=3, green=3)
    assert leadership.counts.green_share == pytest.approx(0.25)
    assert leadership.counts.mean_score == pytest.approx(0.375)
    assert (drake.schools, drake.suppressed, drake.cells[0].suppressed) == (0, True, True)
    assert result.city.schools == 3 and result.city.cells[0].counts == leadership.counts
    # Damson's in-progress assessment makes Drake one school: still too few to show.
    drake_with_damson = area_map(city, include_in_progress=True).rows[0]
    assert (drake_with_damson.schools, drake_with_damson.suppressed) == (1, True)
    assert area_map(city, min_schools=4).rows[1].suppressed


def test_area_heatmap_by_phase_and_filtered(city) -> None:
    primary, secondary, special = area_map(city, by="phase", min_schools=2).rows
    assert (primary.schools, primary.suppressed) == (2, False)
    assert primary.cells[0].counts == RagCounts(red=2, amber=3, green=3)
    assert (secondary.schools, secondary.suppressed) == (1, True)
    assert special.schools == 0
    only_stoke = area_map(city, ward="Stoke")
    assert [row.area for row in only_stoke.rows] == ["Stoke"]


# --- the gap ranking and the trends -----------------------------------------------------------


def test_gap_ranking_with_the_change_since_the_previous_cycle(city) -> None:
    framework = framework_versions.framework_of(city.now.framework_version)
    result = trends.gap_ranking(db.session, framework, city.now.id, city.before.id, Filters())
    by_code = {row.key: row for row in result.standards}
    assert result.standards[0].key == "1.1" and result.standards[-1].key == "2.1"
    # 1.1: now 3 of 3 Red or Amber (100%), before Ash Amber and Beech Green (50%).
    assert by_code["1.1"].change_points == 50
    assert by_code["2.1"].change_points == 33  # 1 of 3 now, 0 of 2 before
    assert by_code["1.2"].change_points == 17  # 2 of 3 now, 1 of 2 before
    principle_1 = next(row for row in result.principles if row.key == "1")
    assert principle_1.counts.gaps == 9 and principle_1.change_points == 25  # 75% from 50%
    first = trends.gap_ranking(db.session, framework, city.before.id, None, Filters())
    assert not first.has_previous and first.standards[0].change_points is None


def test_trends_show_every_cycle_oldest_first_for_all_schools(city) -> None:
    framework = framework_versions.framework_of(city.now.framework_version)
    result = trends.trends(
        db.session, framework, [city.now, city.before], Filters(), same_schools=False
    )
    series = next(s for s in result.standards if s.key == "1.1")
    assert [p.cycle_name for p in series.points] == ["2025/26", "2026/27"]
    assert series.points[0].counts == RagCounts(amber=1, green=1)
    assert series.points[1].counts == RagCounts(red=2, amber=1)
    assert result.principles[0].points[0].counts == RagCounts(amber=4, green=4)
    assert result.schools == (("2025/26", 2), ("2026/27", 3))


def test_trends_compare_the_same_schools_in_every_cycle_by_default(city, count_queries) -> None:
    # Ash and Beech submitted in both cycles; Cedar only in 2026/27, so it is left out.
    framework = framework_versions.framework_of(city.now.framework_version)
    trends.trends(db.session, framework, [city.now, city.before], Filters())  # loads the cycles
    count_queries.clear()
    result = trends.trends(db.session, framework, [city.now, city.before], Filters())
    assert len(count_queries) == 2
    assert result.same_schools and result.schools == (("2025/26", 2), ("2026/27", 2))
    series = next(s for s in result.standards if s.key == "1.1")
    assert series.points[1].counts == RagCounts(red=1, amber=1)  # Ash Red, Beech Amber
    assert result.principles[0].points[1].counts == RagCounts(red=2, amber=3, green=3)
    stoke = trends.trends(db.session, framework, [city.now, city.before], Filters(ward="Drake"))
    assert stoke.schools == (("2025/26", 0), ("2026/27", 0))


def test_a_schools_own_history(city) -> None:
    history = trends.school_history(db.session, city.schools["Ash"].id)
    assert [name for _, name, _ in history.cycles] == ["2025/26", "2026/27"]
    assert history.ratings[(city.now.id, "1.1")] == "red"
    assert history.ratings[(city.before.id, "2.1")] == "green"


def test_sorting_areas_by_a_principle_share_keeps_hidden_figures_last() -> None:
    from hrsa.core.figures import AreaCell, AreaHeatmap, AreaRow
    from hrsa.core.vocabulary.ratings import Rag

    def row(area: str, schools: int, red: int, green: int) -> AreaRow:
        cell = AreaCell(1, schools, RagCounts(red=red, green=green), schools < 3)
        return AreaRow(area, schools, (cell,), schools < 3)

    rows = (
        row("Ham", 4, 1, 3),
        row("Drake", 1, 1, 0),
        row("Stoke", 5, 4, 1),
        row("Efford", 3, 2, 2),
    )
    heatmap = AreaHeatmap("ward", 3, rows, row("Total", 13, 8, 6))

    def names(**sorting: object) -> list[str]:
        return [r.area for r in heatmaps.sort_areas(heatmap, **sorting).rows]  # type: ignore[arg-type]

    assert names(key="p1", rag=Rag.GREEN, descending=True) == ["Ham", "Efford", "Stoke", "Drake"]
    assert names(key="p1", rag=Rag.GREEN, descending=False) == ["Stoke", "Efford", "Ham", "Drake"]
    assert names(key="p1", rag=Rag.RED, descending=True) == ["Stoke", "Efford", "Ham", "Drake"]
    assert names(key="name", rag=Rag.RED, descending=False) == ["Drake", "Efford", "Ham", "Stoke"]
    assert names(key="schools", rag=Rag.RED, descending=True)[0] == "Stoke"
    assert names(key="p9", rag=Rag.RED, descending=True) == ["Ham", "Drake", "Stoke", "Efford"]
    assert heatmaps.sort_areas(heatmap, key="p1", rag=Rag.RED, descending=True).city.area == "Total"


def test_filters_come_back_from_a_jobs_stored_parameters() -> None:
    from dataclasses import asdict

    chosen = Filters(ward="Stoke", counting=Counting.WITH_IN_PROGRESS, moderated=True)
    stored = json.loads(json.dumps(asdict(chosen)))
    assert Filters.from_parameters(stored) == chosen
    # A job queued before the counting rule had a name said include_in_progress.
    old = {"ward": None, "phase": "primary", "include_in_progress": True, "moderated": False}
    assert Filters.from_parameters(old).counting is Counting.WITH_IN_PROGRESS
    assert Filters.from_parameters({}) == Filters()
