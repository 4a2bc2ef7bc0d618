"""No school user ever reaches another school's data: every URL that names an assessment,
evidence, plan action, standard or school answers 404 to a user of another school."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from hrsa.core.vocabulary.jobs import JobKind
from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.ratings import Rag
from hrsa.extensions import db
from hrsa.models import AuditEvent, EvidenceItem
from hrsa.models.dialogue import ReopenRequest
from hrsa.services.jobs import records
from tests import resource_helpers

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# Every URL variable a school-scoped route may take; a new variable makes this test fail until
# it is added here, so new routes cannot slip past the check.
KNOWN_ARGUMENTS = {
    "assessment_id",
    "number",
    "code",
    "evidence_id",
    "action_id",
    "school_id",
    "resource_id",
    "cycle_id",  # administrators' only (/admin/cycles/...): school users get 403
    "request_id",  # a school's request to reopen, answered by the advisory group
    "survey_id",  # under its assessment: another school's assessment is 404 first
    # A public survey link (/s/<token>) needs no account: a made-up token is the plain "not
    # open" page (404) for everyone; a real one shows only its own school's survey.
    "token",
    "job_id",  # a background job: only the person who asked for it sees it
    "ward_id",  # administrators' only (/admin/authority/wards/...): school users get 403
    "import_id",  # administrators' only (/admin/schools/import/...): school users get 403
}
# Pages only the advisory group may use: a school user is refused (403) before anything is read.
REVIEWER_ONLY = {"resources.review"}


def school_a_objects(client, factory, sign_in):
    cycle = factory.cycle()
    lead_a = factory.user(Role.SCHOOL_LEAD)
    assessment = factory.assessment(lead_a.school, cycle, by=lead_a, rags={"1.1": Rag.AMBER})
    sign_in(lead_a.email)
    response = client.post(
        f"/assessments/{assessment.id}/standards/1.1/evidence",
        data={"files": [(io.BytesIO(PDF), "policy.pdf")]},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    sign_in.out()
    evidence = db.session.scalar(select(EvidenceItem))
    action = factory.action(assessment, "1.1", what="Train governors", who="Head")
    proposal = resource_helpers.propose(lead_a, title="School A's proposal")
    request = ReopenRequest(
        assessment_id=assessment.id, reason="Please", requested_by_id=lead_a.id, answer=""
    )
    db.session.add(request)
    db.session.commit()
    job = records.start(
        db.session, user_id=lead_a.id, kind=JobKind.RATINGS_EXPORT, parameters={"cycle_id": 1}
    )
    db.session.commit()
    return {
        "request_id": request.id,
        "job_id": job.id,
        "assessment_id": assessment.id,
        "number": 1,
        "code": "1.1",
        "evidence_id": evidence.id,
        "action_id": action.id,
        "school_id": lead_a.school_id,
        "resource_id": proposal.id,
    }


NOT_SCHOOL_SCOPED = {
    "static",
    "auth.accept_invitation",
    "auth.reset_password",
    "downloads.ratings",  # citywide: school users get 403 (downloads/test_ratings_export.py)
    "downloads.plans",  # citywide: school users get 403 (downloads/test_plans_export.py)
    "resources.export_gaps",  # citywide: school users get 403 (resources/test_in_assessment.py)
    "dashboard.export_school_heatmap",  # citywide: 403 for schools (dashboard/test_dashboard.py)
    "dashboard.export_area_heatmap",  # citywide: school users get 403 (dashboard/test_dashboard.py)
    "reports.cycle_reports",  # citywide: school users get 403 (reports/test_bundle.py)
    "reports.prepare_cycle_reports",  # citywide: 403 for schools (reports/test_bundle.py)
    "surveys.export_city",  # citywide: school users get 403 (surveys/test_city.py)
}


def school_scoped_rules(app):
    for rule in app.url_map.iter_rules():
        if rule.arguments and rule.endpoint not in NOT_SCHOOL_SCOPED:
            yield rule


def test_every_school_scoped_url_is_404_for_another_schools_user(app, client, factory, sign_in):
    values = school_a_objects(client, factory, sign_in)
    lead_b = factory.user(Role.SCHOOL_LEAD)
    staff_b = factory.user(Role.SCHOOL_STAFF, school=lead_b.school)
    writes = select(func.count()).select_from(AuditEvent).where(AuditEvent.action != "sign_in")
    events_before = db.session.scalar(writes)
    checked = []
    for person in (lead_b, staff_b):
        sign_in(person.email)
        for rule in school_scoped_rules(app):
            admin_only = rule.rule.startswith("/admin") or rule.endpoint in REVIEWER_ONLY
            unknown = rule.arguments - KNOWN_ARGUMENTS
            assert admin_only or not unknown, f"{rule.rule} takes {unknown}: add it to this test"
            with app.test_request_context():
                from flask import url_for

                url = url_for(rule.endpoint, **{k: values.get(k, 1) for k in rule.arguments})
            for method in sorted(rule.methods & {"GET", "POST"}):
                response = client.open(url, method=method, data={})
                response.close()
                expected = 403 if admin_only else 404
                assert response.status_code == expected, (
                    person.role,
                    method,
                    url,
                    response.status_code,
                )
                checked.append((method, rule.rule))
        sign_in.out()
    assert db.session.scalar(writes) == events_before
    rules = {r for _, r in checked}
    # The journey's main pages are all covered.
    for expected_rule in (
        "/assessments/<int:assessment_id>",
        "/assessments/<int:assessment_id>/principles/<int:number>",
        "/evidence/<int:evidence_id>/download",
        "/assessments/<int:assessment_id>/plan",
        "/assessments/<int:assessment_id>/submit",
        "/assessments/<int:assessment_id>/submitted",
        "/assessments/<int:assessment_id>/standards/<code>/history",
        "/jobs/<int:job_id>",
        "/jobs/<int:job_id>/status",
        "/jobs/<int:job_id>/download",
        "/jobs/<int:job_id>/again",
    ):
        assert expected_rule in rules, expected_rule


def test_the_owning_school_and_the_city_can_reach_the_same_urls(client, factory, sign_in):
    values = school_a_objects(client, factory, sign_in)
    commissioner = factory.user(Role.COMMISSIONER)
    sign_in(commissioner.email)
    for url in (
        f"/assessments/{values['assessment_id']}",
        f"/assessments/{values['assessment_id']}/principles/1",
        f"/assessments/{values['assessment_id']}/plan",
        f"/evidence/{values['evidence_id']}/download",
        f"/assessments/{values['assessment_id']}/standards/1.1/history",
    ):
        response = client.get(url)
        response.close()
        assert response.status_code == 200, url
