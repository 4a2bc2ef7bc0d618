"""Survey answers of cycles closed more than the retention period ago are removed."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from hrsa.extensions import db
from hrsa.models import Survey, SurveyAnswer, SurveyResponse
from hrsa.services.surveys import retention
from tests.survey_helpers import answer, open_survey


def test_answers_of_long_closed_cycles_go_and_recent_ones_stay(app, factory):
    school = factory.school()
    old = factory.cycle("2018/19", opens_on=date(2018, 9, 1), closes_on=date(2019, 7, 31))
    current = factory.cycle()
    old_survey = open_survey(
        school, old, "staff", opens_on=date(2018, 10, 1), closes_on=date(2018, 10, 20)
    )
    answer(old_survey, 3)
    answer(open_survey(school, current, "staff"), 2)
    today = date(2026, 10, 1)
    assert retention.expired_responses(db.session, years=6, today=today) == 3
    result = app.test_cli_runner().invoke(args=["retention", "--dry-run"])
    assert "3 survey response(s) older than 6 years would be removed" in result.output
    assert retention.remove_expired(db.session, years=6, today=today) == 3
    db.session.commit()
    assert db.session.scalar(select(func.count(SurveyResponse.id))) == 2
    assert db.session.scalar(select(func.count(SurveyAnswer.id))) == 2 * len(old_survey.statements)
    assert db.session.scalar(select(func.count(Survey.id))) == 2
