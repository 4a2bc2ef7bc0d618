"""One school's whole year, through the web pages a lead and a reviewer use: profile, all 21
ratings with the Green rule, evidence uploads (accepted and refused), a concurrent edit, the
delivery plan, submission, reopening, the audit trail, and carrying forward into a new cycle."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

from sqlalchemy import select

from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.models import Assessment, AuditEvent, PlanAction, Rating
from tests import evidence_samples as samples

REJECTED_UPLOADS = [
    ("minutes.pdf", samples.exe(), "program"),
    ("notes.txt", samples.html_page(), "HTML"),
    ("logo.png", samples.svg(), "SVG"),
    ("policy.docx", samples.docm(), "macro"),
    ("budget.xlsx", samples.encrypted_zip(), "password"),
    ("broken.docx", samples.corrupt_zip(), "damaged"),
    ("empty.pdf", b"", "empty"),
]


def versions(client, url: str) -> dict[str, str]:
    page = client.get(url).get_data(as_text=True)
    return dict(re.findall(r'name="(version-[\d.]+)" value="(\d+)"', page))


def principle_form(client, assessment_id: int, number: int, ratings: dict[str, str], **extra):
    data = versions(client, f"/assessments/{assessment_id}/principles/{number}")
    for code, rag in ratings.items():
        data[f"rag-{code}"] = rag
        data[f"narrative-{code}"] = f"How we meet {code}"
    data.update(extra)
    return data


def stored_rating(assessment_id: int, code: str) -> Rating:
    db.session.expire_all()
    rating = db.session.scalar(
        select(Rating).where(Rating.assessment_id == assessment_id, Rating.standard_code == code)
    )
    assert rating is not None
    return rating


def test_a_schools_year(client, factory, sign_in):
    lead = factory.user(Role.SCHOOL_LEAD, name="Sarah Trelawny")
    staff = factory.user(Role.SCHOOL_STAFF, school=lead.school, name="Tom Pengelly")
    advisory = factory.user(Role.ADVISORY, name="Marcus Okafor")
    factory.cycle("2026/27", opens_on=date(2026, 9, 1), closes_on=date(2027, 7, 31))
    school_id = lead.school_id

    # Profile: the tool's header.
    sign_in(lead.email)
    profile = client.get(f"/schools/{school_id}/profile").get_data(as_text=True)
    assert "Save profile" in profile
    response = client.post(
        f"/schools/{school_id}/profile",
        data={
            "name": "Harbourside Academy",
            "urn": lead.school.urn,
            "phase": "secondary",
            "ward": "Stoke",
            "address": "1 Harbour Road, Plymouth PL1 2AB",
            "telephone": "01752 123456",
            "website": "https://harbourside.example.org.uk",
            "last_ofsted_on": ["12", "3", "2024"],
            "number_on_roll": "1040",
            "headteacher": "Helen Carew",
            "nominated_lead": "Sarah Trelawny",
            "version": str(lead.school.version),  # the version the edit page showed
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    own = client.get("/profile").get_data(as_text=True)
    assert "Helen Carew" in own
    # The name, URN, phase and ward are the administrator's: posting them changed nothing.
    assert "Harbourside Academy" not in own

    # Start the assessment for the open cycle.
    client.post("/assessment/start", data={})
    assessment = db.session.scalar(select(Assessment).where(Assessment.school_id == school_id))
    aid = assessment.id
    assert "0 of 21 standards rated" in client.get(f"/assessments/{aid}").get_data(as_text=True)

    # Green without evidence is refused; every rejected upload is named with its reason.
    data = principle_form(
        client, aid, 1, {"1.1": "amber", "1.2": "amber", "1.3": "green", "1.4": "red"}
    )
    page = client.post(f"/assessments/{aid}/principles/1", data=data).get_data(as_text=True)
    assert "Green can only be awarded if the standard is fully met" in page
    for name, content, reason in REJECTED_UPLOADS:
        response = client.post(
            f"/assessments/{aid}/standards/1.3/evidence",
            data={"files": [(io.BytesIO(content), name)]},
            content_type="multipart/form-data",
        )
        result = response.get_json()["results"][0]
        assert result["accepted"] is False and name in result["message"], (name, result)
        assert reason.lower() in result["message"].lower(), (reason, result["message"])
    # ... then accepted with a document uploaded in the same save.
    data["files-1.3"] = [(io.BytesIO(samples.pdf()), "lead-appointment.pdf")]
    response = client.post(
        f"/assessments/{aid}/principles/1", data=data, content_type="multipart/form-data"
    )
    assert response.status_code == 302
    green = stored_rating(aid, "1.3")
    assert (green.rag, green.updated_by_id) == ("green", lead.id)

    # Two people edit principle 2 at once: the later save is refused with the newer values.
    stale = principle_form(client, aid, 2, {"2.1": "amber", "2.2": "amber", "2.3": "amber"})
    sign_in.out()
    sign_in(staff.email)
    first = dict(stale, **{"narrative-2.1": "Staff survey shows belonging is high"})
    assert client.post(f"/assessments/{aid}/principles/2", data=first).status_code == 302
    sign_in.out()
    sign_in(lead.email)
    second = dict(stale, **{"narrative-2.1": "Belonging to be surveyed"})
    page = client.post(f"/assessments/{aid}/principles/2", data=second).get_data(as_text=True)
    assert "Someone else saved changes to this principle" in page
    assert "Staff survey shows belonging is high" in page
    assert stored_rating(aid, "2.1").narrative == "Staff survey shows belonging is high"

    # Rate the rest, principle by principle.
    for number, codes in {
        3: ["3.1", "3.2"],
        4: ["4.1", "4.2", "4.3"],
        5: ["5.1", "5.2"],
        6: ["6.1", "6.2", "6.3"],
        7: ["7.1", "7.2"],
        8: ["8.1", "8.2"],
    }.items():
        data = principle_form(client, aid, number, dict.fromkeys(codes, "amber"), action="continue")
        assert client.post(f"/assessments/{aid}/principles/{number}", data=data).status_code == 302
    assert "21 of 21 standards rated" in client.get(f"/assessments/{aid}").get_data(as_text=True)

    # Delivery plan: an action for an Amber standard, due today (a new one cannot be due
    # earlier); then it slips and its date is changed to three days ago, so it is overdue.
    today = date.today()
    overdue = today - timedelta(days=3)
    action_data = {
        "what": "Start a peer mentoring programme",
        "who": "Head of year 9",
        "due_on": [str(today.day), str(today.month), str(today.year)],
        "status": "in_progress",
    }
    response = client.post(f"/assessments/{aid}/plan/actions/new?standard=4.3", data=action_data)
    assert response.status_code == 302, response.get_data(as_text=True)
    action = db.session.scalar(select(PlanAction))
    response = client.post(
        f"/assessments/{aid}/plan/actions/{action.id}",
        data={
            **action_data,
            "due_on": [str(overdue.day), str(overdue.month), str(overdue.year)],
            "version": str(action.version),
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    plan = client.get(f"/assessments/{aid}/plan").get_data(as_text=True)
    assert "Start a peer mentoring programme" in plan and "Overdue" in plan

    # Submit: read-only afterwards.
    assert client.post(f"/assessments/{aid}/submit").status_code == 302
    db.session.expire_all()
    assert db.session.get_one(Assessment, aid).submitted_by_id == lead.id
    page = client.get(f"/assessments/{aid}/principles/1").get_data(as_text=True)
    assert "Save as draft" not in page
    assert client.post(f"/assessments/{aid}/principles/1", data=data).status_code == 403

    # The advisory group reopens it with a reason the school sees.
    sign_in.out()
    sign_in(advisory.email)
    response = client.post(
        f"/assessments/{aid}/reopen", data={"reason": "Please add evidence for standard 5.1"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    reopened = db.session.get_one(Assessment, aid)
    assert (reopened.is_submitted, reopened.reopened_by_id) == (False, advisory.id)
    sign_in.out()
    sign_in(lead.email)
    assert "Please add evidence for standard 5.1" in client.get(f"/assessments/{aid}").get_data(
        as_text=True
    )
    assert "Save as draft" in client.get(f"/assessments/{aid}/principles/5").get_data(as_text=True)

    # The audit trail tells the story of standard 2.1 and of the assessment.
    history = client.get(f"/assessments/{aid}/standards/2.1/history").get_data(as_text=True)
    assert "Tom Pengelly" in history and "Staff survey shows belonging is high" in history
    actions = set(
        db.session.scalars(select(AuditEvent.action).where(AuditEvent.assessment_id == aid))
    )
    assert {"start", "update", "add_evidence", "add_action", "submit", "reopen"} <= actions

    # Next year: carry forward into a new cycle.
    assert client.post(f"/assessments/{aid}/submit").status_code == 302
    factory.cycle("2027/28", opens_on=date(2026, 10, 1), closes_on=date(2027, 9, 30))
    start_page = client.get("/assessment").get_data(as_text=True)
    assert "Do you want to start from your 2026/27 assessment?" in start_page
    client.post("/assessment/start", data={"carry_forward": "yes"})
    new = db.session.scalar(
        select(Assessment).where(Assessment.school_id == school_id, Assessment.id != aid)
    )
    copied = db.session.scalar(
        select(Rating).where(Rating.assessment_id == new.id, Rating.standard_code == "1.3")
    )
    assert (copied.rag, copied.carried_forward) == ("green", True)
    page = client.get(f"/assessments/{new.id}/principles/1").get_data(as_text=True)
    assert (
        "Copied from last cycle: check it and save to confirm" in page
        and "lead-appointment.pdf" in page
    )
    assert "Start a peer mentoring programme" in client.get(f"/assessments/{new.id}/plan").get_data(
        as_text=True
    )
