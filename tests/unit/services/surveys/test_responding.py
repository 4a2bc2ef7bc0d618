"""Taking answers: every statement answered on the scale, each form once, nothing stored else."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from hrsa.core.errors import BadInput, Conflict
from hrsa.extensions import db
from hrsa.models import SurveyAnswer, SurveyResponse
from hrsa.services.surveys import responding, running
from tests.survey_helpers import open_survey

DAY = date(2026, 10, 1)


def stored() -> tuple[int, int]:
    return (
        db.session.scalar(select(func.count(SurveyResponse.id))),
        db.session.scalar(select(func.count(SurveyAnswer.id))),
    )


@pytest.fixture
def survey(factory):
    return open_survey(factory.school(), factory.cycle(), "primary_pupils")


def form(survey, value="4", **changes):
    data = {responding.field_name(s["id"]): value for s in survey.statements}
    data.update(changes)
    return data


def test_a_complete_set_of_answers_is_stored_without_anything_identifying(survey):
    checked = responding.check_answers(survey.statements, form(survey, "5"))
    assert not checked.missing
    response = responding.record(db.session, survey, checked.values, submission_key="k1", today=DAY)
    assert stored() == (1, len(survey.statements))
    columns = set(SurveyResponse.__table__.columns.keys())
    assert columns == {"id", "survey_id", "submission_key", "received_on"}
    assert response.submission_key != "k1"  # only its hash


def test_a_missing_answer_is_a_gov_uk_error_naming_the_statement(survey):
    first = survey.statements[0]
    checked = responding.check_answers(
        survey.statements, form(survey, **{responding.field_name(first["id"]): ""})
    )
    assert checked.missing == {first["id"]: f"Choose how much you agree with ‘{first['text']}’"}


@pytest.mark.parametrize("value", ["0", "6", "4.0", "agree", "-1", "4 "])
def test_an_answer_off_the_scale_is_refused(survey, value):
    with pytest.raises(BadInput):
        responding.check_answers(survey.statements, form(survey, value))


def test_an_answer_to_a_statement_not_asked_is_refused(survey):
    with pytest.raises(BadInput):
        responding.check_answers(survey.statements, form(survey, **{"answer-st01": "4"}))


def test_incomplete_values_are_refused_by_record_too(survey):
    with pytest.raises(BadInput):
        responding.record(db.session, survey, {"pp01": 4}, submission_key="k", today=DAY)
    assert stored() == (0, 0)


def test_a_replayed_form_is_refused_and_nothing_more_is_stored(survey):
    values = responding.check_answers(survey.statements, form(survey)).values
    responding.record(db.session, survey, values, submission_key="same", today=DAY)
    with pytest.raises(Conflict, match="already been sent"):
        responding.record(db.session, survey, values, submission_key="same", today=DAY)
    assert stored() == (1, len(survey.statements))


def test_no_answers_outside_the_dates_after_closing_or_over_the_cap(factory):
    school, cycle = factory.school(), factory.cycle()
    survey = open_survey(school, cycle, "staff", cap=1)
    values = {s["id"]: 3 for s in survey.statements}
    with pytest.raises(responding.SurveyClosed):
        responding.record(db.session, survey, values, submission_key="a", today=date(2026, 9, 19))
    with pytest.raises(responding.SurveyClosed):
        responding.record(db.session, survey, values, submission_key="b", today=date(2026, 10, 21))
    responding.record(db.session, survey, values, submission_key="c", today=DAY)
    with pytest.raises(responding.SurveyClosed):  # the cap of 1 is reached
        responding.record(db.session, survey, values, submission_key="d", today=DAY)
    parents = open_survey(school, cycle, "parents")
    running.close_early(db.session, parents)
    with pytest.raises(responding.SurveyClosed):
        responding.record(
            db.session,
            parents,
            {s["id"]: 3 for s in parents.statements},
            submission_key="e",
            today=DAY,
        )
