"""Opening a survey, its dates, closing early and finding it by its link."""

from __future__ import annotations

from datetime import date

import pytest

from hrsa.core.errors import BadInput, ServiceError
from hrsa.extensions import db
from hrsa.services.surveys import running
from tests.survey_helpers import answer, open_survey


def test_a_survey_copies_its_audiences_statements_and_gets_an_unguessable_link(factory):
    school, cycle = factory.school(), factory.cycle()
    survey = open_survey(school, cycle, "staff")
    other = open_survey(school, cycle, "parents")
    assert len(survey.token) >= 32 and survey.token != other.token
    assert 8 <= len(survey.statements) <= 15
    assert any(s["standards"] == ["5.1"] for s in survey.statements)
    assert running.by_token(db.session, survey.token) == survey
    assert running.by_token(db.session, survey.token[:-1]) is None
    assert running.by_token(db.session, "x" * 500) is None


def test_one_survey_per_audience_per_cycle(factory):
    school, cycle = factory.school(), factory.cycle()
    open_survey(school, cycle, "staff")
    with pytest.raises(ServiceError, match="already has a survey of staff"):
        open_survey(school, cycle, "staff")
    with pytest.raises(BadInput):
        open_survey(school, cycle, "governors")


def test_dates_must_be_in_order_and_not_past(factory):
    school, cycle = factory.school(), factory.cycle()
    with pytest.raises(ServiceError, match="on or after the opening date"):
        open_survey(school, cycle, opens_on=date(2026, 10, 5), closes_on=date(2026, 10, 4))
    with pytest.raises(ServiceError, match="today or in the future"):
        running.open_survey(
            db.session,
            school_id=school.id,
            cycle=cycle,
            audience="staff",
            opens_on=date(2026, 9, 1),
            closes_on=date(2026, 9, 30),
            today=date(2026, 10, 1),
            cap=100,
            user_id=None,
        )


def test_answers_are_taken_from_the_opening_to_the_closing_date_only(factory):
    survey = open_survey(
        factory.school(), factory.cycle(), opens_on=date(2026, 10, 5), closes_on=date(2026, 10, 9)
    )
    takes = [running.takes_answers(survey, date(2026, 10, d), 0) for d in (4, 5, 9, 10)]
    assert takes == [False, True, True, False]


def test_closing_early_and_the_cap_stop_answers(factory):
    survey = open_survey(factory.school(), factory.cycle(), cap=3)
    day = date(2026, 10, 1)
    assert running.takes_answers(survey, day, 2)
    assert not running.takes_answers(survey, day, 3)
    running.close_early(db.session, survey)
    assert survey.closed_early and not running.takes_answers(survey, day, 0)


def test_the_leads_list_counts_responses_by_audience(factory):
    school, cycle = factory.school(), factory.cycle()
    parents = open_survey(school, cycle, "parents")
    staff = open_survey(school, cycle, "staff")
    answer(parents, 2)
    summaries = running.school_surveys(db.session, school.id, cycle.id, date(2026, 10, 1))
    assert [(s.survey.id, s.responses, s.open_now) for s in summaries] == [
        (staff.id, 0, True),
        (parents.id, 2, True),
    ]
