"""The school's PDF report shows what its surveys found beside each rating, with the flag."""

from __future__ import annotations

from datetime import UTC, datetime

from hrsa.core.formatting import uk_today
from hrsa.core.vocabulary.ratings import Rag
from hrsa.extensions import db
from hrsa.models import Assessment
from hrsa.pdf import render_school_report
from hrsa.services.reports import school_report
from tests.pdf_text import read_pdf
from tests.survey_helpers import answer, open_survey

NOW = datetime(2027, 5, 4, 9, 30, tzinfo=UTC)


def test_the_report_shows_survey_agreement_and_the_flag(factory) -> None:
    school = factory.school(name="Tamar View Secondary")
    assessment = factory.assessment(school, factory.cycle(), rags={"5.1": Rag.GREEN})
    staff = open_survey(school, assessment.cycle, "staff")
    answer(staff, 12, 1)  # nobody agrees they have been trained
    parents = open_survey(
        school, assessment.cycle, "parents", opens_on=uk_today(), closes_on=uk_today()
    )
    answer(parents, 3, 5)
    db.session.expire_all()
    current = db.session.get_one(Assessment, assessment.id)
    report = school_report.school_report(db.session, current, now=NOW)
    text = read_pdf(render_school_report(report)).text
    flat = " ".join(text.split())
    assert "What the surveys found" in flat
    assert "Worth a second look: the rating and the survey answers disagree." in flat
    assert "Staff: 0% agree (12 responses)" in flat
    assert "Parents and carers: too few responses to show" in flat
