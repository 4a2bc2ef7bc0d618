"""A school's results beside its ratings: the small-number rule, the pooled share and the flag
"worth a second look", in a fixed number of SQL statements."""

from __future__ import annotations

import pytest

from hrsa.core.vocabulary.ratings import Rag
from hrsa.extensions import db
from hrsa.services.surveys import results
from tests.survey_helpers import answer, open_survey

MIN = 10


def test_results_are_hidden_below_the_threshold_and_shown_from_it(factory):
    school, cycle = factory.school(), factory.cycle()
    survey = open_survey(school, cycle, "staff")
    answer(survey, 9, 5)
    hidden = results.school_results(db.session, school.id, cycle.id, min_responses=MIN)["5.1"]
    assert hidden.agreement is None and hidden.responses == 0
    assert [(a.audience, a.responses, a.share, a.shown) for a in hidden.audiences] == [
        ("staff", 9, None, False)
    ]
    answer(survey, 1, 1)
    shown = results.school_results(db.session, school.id, cycle.id, min_responses=MIN)["5.1"]
    # st01 and st05 are mapped to 5.1: 9 people agree with both, 1 with neither: 18 of 20.
    assert shown.agreement == pytest.approx(0.9)
    assert shown.responses == 10
    assert shown.audiences[0].shown


def test_standard_42_pools_its_statements_and_leaves_out_an_audience_below_the_threshold(factory):
    school, cycle = factory.school(), factory.cycle()
    pupils = open_survey(school, cycle, "secondary_pupils")
    # 4.2 is asked by sp01, sp02 and sp10: 10 people agree with two of them, 2 with none.
    answer(pupils, 10, {"sp01": 5, "sp02": 2, "sp10": 4})
    answer(pupils, 2, 1)
    parents = open_survey(school, cycle, "parents")
    answer(parents, 4, 5)  # pc08 asks about 4.2, but 4 responses are too few to show
    found = results.school_results(db.session, school.id, cycle.id, min_responses=MIN)["4.2"]
    assert found.agreement == pytest.approx(20 / 36)
    assert found.responses == 12
    assert [(a.audience, a.shown) for a in found.audiences] == [
        ("secondary_pupils", True),
        ("parents", False),
    ]
    assert [a.audience for a in found.suppressed] == ["parents"]


@pytest.mark.parametrize(
    ("rag", "agreement", "flagged"),
    [
        (Rag.GREEN, 0.49, True),
        (Rag.GREEN, 0.5, False),
        (Rag.RED, 0.81, True),
        (Rag.RED, 0.8, False),
        (Rag.AMBER, 0.0, False),
        (Rag.GREEN, None, False),
        (None, 0.1, False),
    ],
)
def test_worth_a_second_look(rag, agreement, flagged):
    assert results.second_look(rag, agreement) is flagged


def test_the_results_take_the_same_statements_whatever_the_number_of_responses(
    factory, count_queries
):
    school, cycle = factory.school(), factory.cycle()
    pupils = open_survey(school, cycle, "secondary_pupils")
    staff = open_survey(school, cycle, "staff")
    answer(pupils, 10)
    answer(staff, 10)
    school_id, cycle_id = school.id, cycle.id
    db.session.expire_all()
    count_queries.clear()
    results.school_results(db.session, school_id, cycle_id, min_responses=MIN)
    few = len(count_queries)
    answer(pupils, 40, 2)
    answer(staff, 25, 5)
    db.session.expire_all()
    count_queries.clear()
    results.school_results(db.session, school_id, cycle_id, min_responses=MIN)
    assert len(count_queries) == few == 3


def test_the_schools_data_export_has_survey_totals_only(factory):
    from hrsa.services.operations import data_protection

    school, cycle = factory.school(), factory.cycle()
    staff = open_survey(school, cycle, "staff")
    answer(staff, 10, {"st01": 5})
    parents = open_survey(school, cycle, "parents")
    answer(parents, 3, 5)
    record = data_protection.school_record(db.session, school)
    by_audience = {s["audience"]: s for s in record["surveys"]}
    assert by_audience["Staff"]["responses"] == 10
    assert by_audience["Staff"]["cycle"] == "2026/27"
    first = by_audience["Staff"]["statements"][0]
    assert (first["standards"], first["agreeing_percent"]) == (["5.1"], 100)
    assert by_audience["Staff"]["statements"][1]["agreeing_percent"] == 0
    assert by_audience["Parents and carers"]["responses"] == "fewer than 10"
    assert {s["agreeing_percent"] for s in by_audience["Parents and carers"]["statements"]} == {
        None
    }
