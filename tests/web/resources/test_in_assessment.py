"""The bank inside a school's assessment: recommended resources on each standard and on the task
list, "mark as used", "attach as evidence" in one step, and the resource-gap report."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select, update

from hrsa.core.vocabulary.assessment import AssessmentStatus
from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.ratings import Rag
from hrsa.extensions import db
from hrsa.models import AuditEvent, EvidenceItem, Rating, Resource, ResourceUse
from tests import resource_helpers as helpers


@pytest.fixture(autouse=True)
def _end_transaction():
    yield
    db.session.rollback()


@pytest.fixture
def people(factory):
    lead = factory.user(Role.SCHOOL_LEAD)
    return {
        "lead": lead,
        "proposer": factory.user(Role.SCHOOL_STAFF),
        "reviewer": factory.user(Role.ADVISORY),
    }


@pytest.fixture
def consent(people):
    return helpers.approved(
        people["proposer"],
        people["reviewer"],
        title="Consent lesson for Year 9",
        standards=("3.1", "3.2"),
        url="https://www.example.org/consent",
    )


@pytest.fixture
def assessment(factory, people):
    return factory.assessment(
        people["lead"].school, by=people["lead"], rags={"3.1": Rag.RED, "3.2": Rag.GREEN}
    )


def test_principle_page_recommends_approved_resources_on_each_standard(
    client, sign_in, people, consent, assessment
):
    helpers.propose(people["proposer"], title="Waiting consent film", standards=("3.1",))
    sign_in(people["lead"].email)
    page = client.get(f"/assessments/{assessment.id}/principles/3").get_data(as_text=True)
    assert "Quality-assured resources for standard 3.1" in page
    assert "Consent lesson for Year 9" in page
    assert "Waiting consent film" not in page
    assert f"/resources/{consent.id}/attach?assessment_id={assessment.id}&amp;code=3.1" in page
    # Principle 1 has no resources mapped: nothing is shown there.
    page = client.get(f"/assessments/{assessment.id}/principles/1").get_data(as_text=True)
    assert "Quality-assured resources" not in page


def test_task_list_recommends_resources_for_red_and_amber_standards(
    client, sign_in, people, consent, assessment
):
    sign_in(people["lead"].email)
    page = client.get(f"/assessments/{assessment.id}").get_data(as_text=True)
    assert "Recommended resources" in page
    assert "Standard 3.1" in page  # Red
    assert "Standard 3.2" not in page  # Green: no recommendation needed
    assert "Consent lesson for Year 9" in page


def test_a_school_marks_a_resource_as_used_once(client, sign_in, people, consent, factory):
    sign_in(people["lead"].email)
    assert "0 schools have used it" in client.get(f"/resources/{consent.id}").get_data(as_text=True)
    response = client.post(f"/resources/{consent.id}/use")
    assert response.status_code == 302
    client.post(f"/resources/{consent.id}/use")
    page = client.get(f"/resources/{consent.id}").get_data(as_text=True)
    assert "1 school has used it" in page and "Used by your school" in page
    sign_in.out()
    colleague = factory.user(Role.SCHOOL_STAFF, school=people["lead"].school)
    sign_in(colleague.email)
    client.post(f"/resources/{consent.id}/use")
    assert db.session.scalar(select(func.count(ResourceUse.id))) == 1
    assert (
        db.session.scalar(
            select(func.count(AuditEvent.id)).where(AuditEvent.action == "use_resource")
        )
        == 1
    )


def test_only_schools_mark_use_and_only_of_approved_resources(client, sign_in, people, factory):
    waiting = helpers.propose(people["proposer"])
    sign_in(people["lead"].email)
    assert client.post(f"/resources/{waiting.id}/use").status_code == 404
    sign_in.out()
    sign_in(factory.user(Role.COMMISSIONER).email)
    assert client.post(f"/resources/{waiting.id}/use").status_code == 403
    assert db.session.scalar(select(func.count(ResourceUse.id))) == 0


def test_attach_as_evidence_in_one_step(client, sign_in, people, consent, assessment):
    sign_in(people["lead"].email)
    confirm = client.get(
        f"/resources/{consent.id}/attach?assessment_id={assessment.id}&code=3.1"
    ).get_data(as_text=True)
    assert "Attach as evidence for standard 3.1" in confirm
    response = client.post(
        f"/resources/{consent.id}/attach", data={"assessment_id": assessment.id, "code": "3.1"}
    )
    assert response.status_code == 302
    assert response.location.endswith(f"/assessments/{assessment.id}/principles/3#standard-3.1")
    item = db.session.scalar(select(EvidenceItem).where(EvidenceItem.url.like("%consent")))
    rating = db.session.get(Rating, item.rating_id)
    assert (rating.assessment_id, rating.standard_code) == (assessment.id, "3.1")
    assert item.kind == "link" and item.url == "https://www.example.org/consent"
    assert "Consent lesson for Year 9" in item.title
    assert db.session.scalar(select(func.count(ResourceUse.id))) == 1
    page = client.get(f"/assessments/{assessment.id}/principles/3").get_data(as_text=True)
    assert "Consent lesson for Year 9 (Brook), from the resource bank" in page


def test_the_attach_page_of_a_resource_waiting_for_review_is_not_found(
    client, sign_in, factory, people
):
    proposer = people["lead"]
    own = factory.assessment(proposer.school, by=proposer, rags={"3.1": Rag.RED})
    waiting = helpers.propose(proposer, standards=("3.1",), url="https://www.example.org/mine")
    sign_in(proposer.email)

    assert client.get(f"/resources/{waiting.id}").status_code == 200  # their own proposal
    url = f"/resources/{waiting.id}/attach?assessment_id={own.id}&code=3.1"
    assert client.get(url).status_code == 404
    posted = client.post(
        f"/resources/{waiting.id}/attach", data={"assessment_id": own.id, "code": "3.1"}
    )
    assert posted.status_code == 404
    assert db.session.scalar(select(func.count(EvidenceItem.id))) == 0


def test_attach_is_refused_on_other_standards_schools_and_submitted_assessments(
    client, sign_in, people, consent, assessment, factory
):
    evidence_count = select(func.count(EvidenceItem.id))
    before = db.session.scalar(evidence_count)
    sign_in(people["lead"].email)
    client.post(
        f"/resources/{consent.id}/attach", data={"assessment_id": assessment.id, "code": "1.1"}
    )
    assert db.session.scalar(evidence_count) == before
    other = factory.assessment(factory.school(), factory.cycle("2025/26"))
    response = client.post(
        f"/resources/{consent.id}/attach", data={"assessment_id": other.id, "code": "3.1"}
    )
    assert response.status_code == 404
    db.session.execute(
        update(type(assessment))
        .where(type(assessment).id == assessment.id)
        .values(status=AssessmentStatus.SUBMITTED)
    )
    db.session.commit()
    page = client.post(
        f"/resources/{consent.id}/attach",
        data={"assessment_id": assessment.id, "code": "3.1"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "evidence cannot be added" in page
    assert db.session.scalar(evidence_count) == before


# ---------------------------------------------------------------------------------------------
# The resource-gap report


@pytest.fixture
def city(factory, people):
    """Four schools in 2026/27, a last cycle that must not count, and a small bank.

    Standard 3.1: rated by all four, Red, Red, Amber, Green -> 3 of 4 (75%) have a gap;
    one approved resource (a lapsed and a proposed one do not count), used by two schools.
    Standard 3.2: Green, Green, Green, Amber -> 1 of 4 (25%); two approved resources, unused.
    Standard 5.1: Red at one school, unrated at the others -> 1 of 1 (100%), no resources.
    """
    cycle = factory.cycle()
    old = factory.cycle("2025/26", opens_on=date(2025, 9, 1), closes_on=date(2026, 7, 31))
    rags = [
        {"3.1": Rag.RED, "3.2": Rag.GREEN, "5.1": Rag.RED},
        {"3.1": Rag.RED, "3.2": Rag.GREEN},
        {"3.1": Rag.AMBER, "3.2": Rag.GREEN},
        {"3.1": Rag.GREEN, "3.2": Rag.AMBER},
    ]
    schools = [factory.school() for _ in rags]
    for school, school_rags in zip(schools, rags, strict=True):
        factory.assessment(school, cycle, rags=school_rags)
        factory.assessment(school, old, rags={"3.2": Rag.RED, "1.1": Rag.RED})
    proposer, reviewer = people["proposer"], people["reviewer"]
    used = helpers.approved(proposer, reviewer, title="Used for 3.1", standards=("3.1",))
    helpers.approved(proposer, reviewer, title="For 3.2 a", standards=("3.2",))
    helpers.approved(proposer, reviewer, title="For 3.2 b", standards=("3.2",))
    lapsed = helpers.approved(proposer, reviewer, title="Lapsed", standards=("3.1",))
    db.session.execute(
        update(Resource)
        .where(Resource.id == lapsed.id)
        .values(review_by=date.today() - timedelta(days=1))
    )
    helpers.propose(proposer, title="Waiting", standards=("3.1", "5.1"))
    for school in schools[:2]:
        db.session.add(ResourceUse(resource_id=used.id, school_id=school.id))
    db.session.commit()
    return cycle


def test_gap_report_figures_on_a_hand_checked_example(client, sign_in, factory, city):
    # The four assessments are still in progress: counted only when asked for.
    sign_in(factory.user(Role.COMMISSIONER).email)
    response = client.get(f"/resources/gaps/{city.id}.csv?in_progress=yes")
    assert response.status_code == 200
    assert (
        "resource-gaps-2026-27-submitted-and-in-progress" in response.headers["Content-Disposition"]
    )
    rows = {
        row[0]: row
        for row in csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")))
    }
    assert rows["Standard"][2:] == [
        "Schools that rated it",
        "Schools rating it Red or Amber",
        "Share rating it Red or Amber",
        "Approved resources",
        "Schools using them",
        "Commission new resources",
        "Assessments counted",
    ]
    assert rows["3.1"][2:] == ["4", "3", "0.75", "1", "2", "Yes", "Submitted and in progress"]
    assert rows["3.2"][2:] == ["4", "1", "0.25", "2", "0", "No", "Submitted and in progress"]
    assert rows["5.1"][2:] == ["1", "1", "1.0", "0", "0", "Yes", "Submitted and in progress"]
    assert rows["1.1"][2:] == ["0", "0", "", "0", "0", "No", "Submitted and in progress"]
    assert len(rows) == 22  # the header and the 21 standards

    page = client.get(f"/resources/gaps?cycle={city.id}&in_progress=yes").get_data(as_text=True)
    assert "Counting submitted and in-progress assessments" in page
    assert "2 standards need new resources: 3.1, 5.1." in page
    assert '75% <span class="govuk-body-s">(3 of 4)</span>' in page
    assert (
        "in_progress=yes" in page.split("Resource-gap report for 2026/27")[0].rsplit("href", 1)[1]
    )

    workbook = load_workbook(
        io.BytesIO(client.get(f"/resources/gaps/{city.id}.xlsx?in_progress=yes").data)
    )
    sheet = workbook.active
    values = {row[0]: row for row in sheet.iter_rows(values_only=True)}
    assert values["3.1"][2:8] == (4, 3, 0.75, 1, 2, "Yes")


def test_gap_report_counts_submitted_assessments_by_default(client, sign_in, factory, city):
    sign_in(factory.user(Role.COMMISSIONER).email)
    page = client.get(f"/resources/gaps?cycle={city.id}").get_data(as_text=True)
    assert "Counting submitted assessments only" in page
    assert "(3 of 4)" not in page  # nothing submitted yet
    response = client.get(f"/resources/gaps/{city.id}.csv")
    assert "resource-gaps-2026-27-submitted-only" in response.headers["Content-Disposition"]
    rows = {row[0]: row for row in csv.reader(io.StringIO(response.get_data(as_text=True)))}
    assert rows["3.1"][2:4] == ["0", "0"] and rows["3.1"][-1] == "Submitted only"


def test_gap_report_is_for_city_roles(client, sign_in, factory, city):
    sign_in(factory.user(Role.SCHOOL_LEAD).email)
    assert client.get("/resources/gaps").status_code == 403
    assert client.get(f"/resources/gaps/{city.id}.csv").status_code == 403


def test_gap_report_runs_a_fixed_number_of_queries(client, sign_in, factory, count_queries):
    cycle = factory.cycle()
    factory.assessment(factory.school(), cycle, rags={"3.1": Rag.RED})
    staff = factory.user(Role.SCHOOL_STAFF)
    sign_in(factory.user(Role.ADVISORY).email)

    def queries() -> list[int]:
        counts = []
        for path in ("/resources/gaps", f"/resources/gaps/{cycle.id}.csv"):
            count_queries.clear()
            response = client.get(path)
            response.get_data()
            assert response.status_code == 200
            counts.append(len(count_queries))
        return counts

    _approved_in_bulk(staff, 5)
    small = queries()
    _approved_in_bulk(staff, 295)
    assert queries() == small


def _approved_in_bulk(staff, count: int) -> None:
    for n in range(count):
        resource = helpers.propose(staff, title=f"Lesson {n}", standards=("3.1", f"{n % 8 + 1}.1"))
        resource.state = "approved"
        db.session.add(ResourceUse(resource_id=resource.id, school_id=staff.school_id))
    db.session.commit()
