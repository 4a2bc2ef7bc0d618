"""Reopening that points at what to change (issue 11, item 5): the advisory group names
standards; the reason shows beside them; their principles show "Changes requested" on the task
list until the school saves them again; the requests stay as history after resubmission."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import select

from hrsa.core.vocabulary.assessment import PrincipleProgress
from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.models import Assessment, AuditEvent, OutboxMessage, RequestedChange
from hrsa.services.assessment import progress
from tests.factories import fresh
from tests.web.assessment.test_principle import form_for

REASON = "Your PSHE evidence predates the new policy: add this year's scheme of work."
CHANGES_REQUESTED = re.compile(r">\s*Changes requested\s*<")


def text(response) -> str:  # type: ignore[no-untyped-def]
    return unescape(response.get_data(as_text=True))


def requests() -> list[RequestedChange]:
    db.session.expire_all()
    return list(db.session.scalars(select(RequestedChange).order_by(RequestedChange.id)))


def statuses(assessment_id: int) -> dict[int, PrincipleProgress]:
    tasks = progress.task_list(db.session, fresh(Assessment, assessment_id))
    return {p.number: p.status for p in tasks.principles}


def events(action: str) -> list[AuditEvent]:
    return list(
        db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
        )
    )


@pytest.fixture
def school(factory):
    return factory.school(name="Tamar View Primary")


@pytest.fixture
def lead(factory, school):
    return factory.user(Role.SCHOOL_LEAD, school, name="Lena Lead")


@pytest.fixture
def assessment(factory, school, lead) -> Assessment:
    started = factory.assessment(school=school, by=lead)
    factory.submitted(started, lead=lead)
    return started


@pytest.fixture
def advisor(factory):
    return factory.user(Role.ADVISORY, name="Ada Advisor")


def reopen(client, assessment, standards, reason=REASON):  # type: ignore[no-untyped-def]
    return client.post(
        f"/assessments/{assessment.id}/reopen", data={"reason": reason, "standards": standards}
    )


def test_the_reopen_page_offers_every_standard_grouped_by_principle(
    client, sign_in, assessment, advisor
):
    sign_in(advisor.email)

    page = text(client.get(f"/assessments/{assessment.id}/reopen"))

    assert "Which standards should the school change? (optional)" in page
    assert page.count('name="standards"') == 21
    assert page.count('type="checkbox"') == 21
    legends = re.findall(r'class="govuk-fieldset__legend[^"]*">\s*([^<]+?)\s*<', page)
    assert legends == [
        "Principle 1: Leadership and Management",
        "Principle 2: School Ethos and Environment",
        "Principle 3: Curriculum, Teaching and Learning",
        "Principle 4: Student Voice",
        "Principle 5: Staff Development, Health and Wellbeing",
        "Principle 6: Identifying Need and Monitoring Impact",
        "Principle 7: Working with Parents and Carers",
        "Principle 8: Targeted Support",
    ]
    assert 'id="standards"' in page  # the error summary's link lands on the first box


def test_named_standards_are_stored_audited_emailed_and_shown_to_the_school(
    client, sign_in, assessment, advisor, lead
):
    sign_in(advisor.email)

    response = reopen(client, assessment, ["5.1", "3.2"])

    assert response.status_code == 302
    stored = requests()
    assert [(r.standard_code, r.principle_number, r.created_by_id) for r in stored] == [
        ("3.2", 3, advisor.id),
        ("5.1", 5, advisor.id),
    ]
    assert all(r.addressed_at is None for r in stored)
    assert stored[0].created_at == fresh(Assessment, assessment.id).reopened_at
    assert [(e.standard_code, e.detail, e.user_id) for e in events("request_change")] == [
        ("3.2", REASON, advisor.id),
        ("5.1", REASON, advisor.id),
    ]
    [email] = db.session.scalars(select(OutboxMessage)).all()
    assert email.recipient == lead.email
    assert "standard 3.2: The PSHE curriculum" in email.body
    assert "standard 5.1: All staff" in email.body
    sign_in.out()

    sign_in(lead.email)
    task_list = text(client.get(f"/assessments/{assessment.id}"))
    assert len(CHANGES_REQUESTED.findall(task_list)) == 2
    assert statuses(assessment.id) == {
        n: PrincipleProgress.CHANGES_REQUESTED if n in (3, 5) else PrincipleProgress.COMPLETED
        for n in range(1, 9)
    }
    principle = text(client.get(f"/assessments/{assessment.id}/principles/3"))
    notice = principle.index("Changes requested on")
    assert principle.index('id="standard-3.2"') < notice
    assert "by Ada Advisor: " + REASON in principle
    assert principle.count("Changes requested on") == 1  # beside 3.2, not 3.1
    assert (
        'Changes have been requested to <a class="govuk-link" href="#standard-3.2">standard 3.2'
        in principle
    )
    assert "Changes requested on" not in text(
        client.get(f"/assessments/{assessment.id}/principles/4")
    )


def test_saving_the_principle_deals_with_its_requests_and_resubmitting_keeps_them_as_history(
    client, sign_in, factory, assessment, advisor, lead
):
    sign_in(advisor.email)
    reopen(client, assessment, ["3.2", "5.1"])
    sign_in.out()
    sign_in(lead.email)

    # Saving principle 3 unchanged is the school saying it has looked again.
    response = client.post(
        f"/assessments/{assessment.id}/principles/3", data=form_for(assessment.id, 3)
    )

    assert response.status_code == 302
    by_code = {r.standard_code: r for r in requests()}
    assert by_code["3.2"].addressed_by_id == lead.id and by_code["3.2"].addressed_at
    assert by_code["5.1"].addressed_at is None
    assert [e.standard_code for e in events("address_change")] == ["3.2"]
    assert statuses(assessment.id)[3] == PrincipleProgress.COMPLETED
    assert statuses(assessment.id)[5] == PrincipleProgress.CHANGES_REQUESTED
    # The reason stays beside the standard while the assessment is open.
    page = text(client.get(f"/assessments/{assessment.id}/principles/3"))
    assert REASON in page
    assert "Changes have been requested" not in page  # the summary goes once saved
    history = text(client.get(f"/assessments/{assessment.id}/standards/3.2/history"))
    assert "Changes requested on reopening" in history and "Requested changes saved" in history

    response = client.post(f"/assessments/{assessment.id}/submit")

    assert response.status_code == 302
    assert fresh(Assessment, assessment.id).is_submitted
    assert len(requests()) == 2  # kept as history
    assert not CHANGES_REQUESTED.search(text(client.get(f"/assessments/{assessment.id}")))
    assert "Changes requested on" not in text(
        client.get(f"/assessments/{assessment.id}/principles/5")
    )
    sign_in.out()

    # A later reopening starts afresh: 5.1's unanswered request is history, not current.
    sign_in(advisor.email)
    reopen(client, assessment, [], reason="Please add your new staff training dates.")
    assert set(statuses(assessment.id).values()) == {PrincipleProgress.COMPLETED}
    assert len(requests()) == 2


def test_reopening_without_standards_requests_none(client, sign_in, assessment, advisor):
    sign_in(advisor.email)

    response = reopen(client, assessment, [])

    assert response.status_code == 302
    assert requests() == []
    assert PrincipleProgress.CHANGES_REQUESTED not in statuses(assessment.id).values()


@pytest.mark.parametrize("codes", [["9.9"], ["3.2", "<script>"], ["3.20"]])
def test_an_unknown_standard_is_refused_and_nothing_changes(
    client, sign_in, assessment, advisor, codes
):
    sign_in(advisor.email)

    response = reopen(client, assessment, codes)

    assert response.status_code == 200
    page = text(response)
    assert "There is a problem" in page and "Choose standards from the list" in page
    assert 'href="#standards"' in page
    assert REASON in page  # what was typed is kept
    assert fresh(Assessment, assessment.id).is_submitted
    assert requests() == []
    assert db.session.scalars(select(OutboxMessage)).all() == []
