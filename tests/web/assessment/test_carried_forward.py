"""A carried-forward assessment is not complete until the school has checked each carried-forward
answer: saving a principle confirms its standards; until then the task list asks for a check and
submission lists them as missing."""

from __future__ import annotations

from datetime import date
from html import unescape

from hrsa.core.vocabulary.assessment import AssessmentStatus, PrincipleProgress
from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.ratings import Rag
from hrsa.extensions import db
from hrsa.models import Assessment
from hrsa.services.assessment import progress, submission
from tests.factories import fresh


def test_carried_forward_answers_must_be_checked_before_submitting(factory, client, sign_in):
    school = factory.school(name="Tamar View Primary")
    lead = factory.user(Role.SCHOOL_LEAD, school)
    last = factory.cycle("2025/26", opens_on=date(2025, 9, 1), closes_on=date(2026, 7, 31))
    factory.submitted(factory.assessment(school, last, by=lead), lead=lead, rag=Rag.GREEN)
    this = factory.assessment(school, factory.cycle("2026/27"), by=lead, carry_forward=True)

    tasks = progress.task_list(db.session, this)
    assert {p.status for p in tasks.principles} == {PrincipleProgress.CHECK_CARRIED_FORWARD}
    assert not tasks.complete
    sign_in(lead.email)
    page = unescape(client.get(f"/assessments/{this.id}").get_data(as_text=True))
    assert "Check carried-forward answers" in page

    refused = client.post(f"/assessments/{this.id}/submit")
    assert refused.status_code == 200
    assert "Not yet rated: 1.1" in unescape(refused.get_data(as_text=True))
    assert fresh(Assessment, this.id).status == AssessmentStatus.IN_PROGRESS

    # Saving principle 1 unchanged confirms its standards; the others still need checking.
    codes = [code for number, code in submission.missing_standards(db.session, this)]
    principle_1 = [code for code in codes if code.startswith("1.")]
    factory.rate(this, dict.fromkeys(principle_1, Rag.GREEN), by=lead)
    tasks = progress.task_list(db.session, this)
    assert tasks.principles[0].status == PrincipleProgress.COMPLETED
    assert tasks.principles[1].status == PrincipleProgress.CHECK_CARRIED_FORWARD
    missing = [code for _, code in submission.missing_standards(db.session, this)]
    assert missing and not any(code.startswith("1.") for code in missing)
