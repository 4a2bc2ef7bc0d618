"""The demo city has surveys with enough responses in some schools and too few in others."""

from __future__ import annotations

from sqlalchemy import func, select

from hrsa.extensions import db
from hrsa.models import Survey, SurveyResponse, User
from hrsa.services.surveys import figures


def test_the_demo_has_surveys_to_show_and_surveys_with_too_few(app):
    result = app.test_cli_runner().invoke(args=["seed-demo", "--schools", "30"])
    assert result.exit_code == 0, result.output
    counts = dict(
        db.session.execute(
            select(Survey.school_id, func.count(SurveyResponse.id))
            .join(SurveyResponse, SurveyResponse.survey_id == Survey.id)
            .group_by(Survey.school_id)
        ).all()
    )
    minimum = figures.DEFAULT_MIN_RESPONSES
    assert any(n >= minimum for n in counts.values())
    assert any(n < minimum for n in counts.values())
    lead = db.session.scalar(select(User).where(User.email == "lead@school.example"))
    assert counts[lead.school_id] >= minimum
    again = app.test_cli_runner().invoke(args=["seed-demo", "--schools", "30"])
    assert again.exit_code == 0
    assert db.session.scalar(select(func.count(SurveyResponse.id))) == sum(counts.values())
