"""Citywide figures checked against numbers worked out by hand for tests/small_city.py."""

from __future__ import annotations

import pytest

from hrsa.extensions import db
from hrsa.services import frameworks
from hrsa.services.aggregation import Filters, RagCounts, distribution
from hrsa.services.overview import overview
from tests import small_city


@pytest.fixture
def city(factory) -> small_city.SmallCity:
    return small_city.build(factory)


def city_overview(city: small_city.SmallCity, **filters: object):  # type: ignore[no-untyped-def]
    framework = frameworks.framework_of(city.now.framework_version)
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
    framework = frameworks.framework_of(cycle.framework_version)
    result = overview(db.session, framework, cycle.id, None, Filters())
    assert not result.has_results
    assert result.schools.not_started == 1
    assert all(p.counts.total == 0 for p in result.principles)
    assert distribution(db.session, framework, cycle.id, Filters())[0].counts == RagCounts()
