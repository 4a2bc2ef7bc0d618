"""The city's survey figures against numbers worked out by hand."""

from __future__ import annotations

import pytest

from hrsa.core.vocabulary.ratings import Rag
from hrsa.extensions import db
from hrsa.services.surveys import city
from tests.survey_helpers import answer, open_survey

MIN = 10


@pytest.fixture
def small_city(factory):
    """Standard 4.3 (asked by sp08 of secondary pupils and pp08 of primary pupils):
    - Ash (ward A, rated Red): 10 secondary pupils, all agree;
    - Beech (ward A, rated Green): 10 primary pupils, none agrees;
    - Cedar (ward B, rated Amber): 12 secondary pupils, 9 agree;
    - Dale (ward C): 5 secondary pupils, too few to count."""
    cycle = factory.cycle()
    schools = {}
    for name, ward, phase in (
        ("Ash", "A", "secondary"),
        ("Beech", "A", "primary"),
        ("Cedar", "B", "secondary"),
        ("Dale", "C", "secondary"),
    ):
        schools[name] = factory.school(name=name, ward=ward, phase=phase)
    ash = open_survey(schools["Ash"], cycle, "secondary_pupils")
    answer(ash, 10, {"sp08": 4})
    beech = open_survey(schools["Beech"], cycle, "primary_pupils")
    answer(beech, 10, {"pp08": 2})
    cedar = open_survey(schools["Cedar"], cycle, "secondary_pupils")
    answer(cedar, 9, {"sp08": 5})
    answer(cedar, 3, {"sp08": 1})
    dale = open_survey(schools["Dale"], cycle, "secondary_pupils")
    answer(dale, 5, 5)
    for name, rag in (("Ash", Rag.RED), ("Beech", Rag.GREEN), ("Cedar", Rag.AMBER)):
        factory.submitted(factory.assessment(schools[name], cycle, rags={"4.3": rag}))
    return cycle


def test_ward_by_standard(small_city):
    rows = city.ward_table(db.session, small_city.id, ["4.3"], min_responses=MIN)
    cells = {row.ward: row.cells["4.3"] for row in rows}
    assert cells["A"] == city.Cell(responses=20, share=0.5)  # 10 of 20 answers agree
    assert cells["B"] == city.Cell(responses=12, share=0.75)  # 9 of 12
    assert cells["C"].share is None and cells["C"].suppressed and cells["C"].withheld == 5


def test_authority_by_standard(small_city, factory):
    """Ash, Beech and Cedar are Plymouth's; Dale moves to Cornwall: its 5 responses are too
    few, so Cornwall's cell is suppressed and Plymouth's counts 19 of 32 answers."""
    from hrsa.models import School

    cornwall = factory.authority("908", "Cornwall")
    dale = db.session.query(School).filter_by(name="Dale").one()
    dale.authority_id = cornwall.id
    db.session.commit()
    rows = city.authority_table(db.session, small_city.id, ["4.3"], min_responses=MIN)
    cells = {row.ward: row.cells["4.3"] for row in rows}
    assert cells["Plymouth"] == city.Cell(responses=32, share=19 / 32)
    assert cells["Cornwall"].suppressed and cells["Cornwall"].withheld == 5


def test_gap_between_self_rating_and_survey(small_city):
    (row,) = city.gap_table(db.session, small_city.id, ["4.3"], min_responses=MIN)
    # Ash Red 0 %, Beech Green 100 %, Cedar Amber 50 %: 50 % on average; answers agreeing:
    # (10 + 0 + 9) of 32 = 59.375 %; the gap is -9 points. Ash (Red, 100 % agree) and Beech
    # (Green, 0 % agree) are worth a second look; Dale has no submitted rating and too few.
    assert row.schools == 3
    assert row.self_rating == pytest.approx(0.5)
    assert row.agreement == pytest.approx(19 / 32)
    assert row.gap_points == -9
    assert row.flagged == 2


def test_the_city_figures_take_a_fixed_number_of_statements(small_city, count_queries):
    cycle_id = small_city.id
    db.session.expire_all()
    count_queries.clear()
    city.ward_table(db.session, cycle_id, ["4.3", "4.2"], min_responses=MIN)
    city.gap_table(db.session, cycle_id, ["4.3", "4.2"], min_responses=MIN)
    assert len(count_queries) == 7
