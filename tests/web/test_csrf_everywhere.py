"""Every POST is CSRF-protected: the views that check the token themselves (to keep what was
typed) refuse a missing token just as the global check does, and write nothing."""

from __future__ import annotations

import re

import pytest
from flask import url_for
from sqlalchemy import func, select

from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.ratings import Rag
from hrsa.extensions import db
from hrsa.models import AuditEvent
from tests.factories import PASSWORD


@pytest.fixture
def csrf_on(app):
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


def sign_in_with_token(client, email: str) -> None:
    page = client.get("/sign-in").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(
        "/sign-in", data={"email": email, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302


def test_no_post_without_a_token_changes_anything(app, factory, csrf_on):
    lead = factory.user(Role.SCHOOL_LEAD)
    admin = factory.user(Role.ADMIN)
    assessment = factory.assessment(lead.school, rags={"1.1": Rag.AMBER})
    rating = factory.rating(assessment, "1.1")
    action = factory.action(assessment, "1.1", what="Train staff", who="Head")
    values = {
        "assessment_id": assessment.id,
        "number": 1,
        "code": rating.standard_code,
        "action_id": action.id,
        "school_id": lead.school_id,
        "user_id": lead.id,
        "evidence_id": 1,
        "resource_id": 1,
        "cycle_id": assessment.cycle_id,
        "ward_id": 1,
        "import_id": 1,
        "token": "x",
        "request_id": 1,
        "survey_id": 1,
        "fmt": "csv",
        "job_id": 1,
    }
    writes = select(func.count()).select_from(AuditEvent).where(AuditEvent.action != "sign_in")
    before = db.session.scalar(writes)
    posted = []
    for person in (lead, admin):
        client = app.test_client()
        sign_in_with_token(client, person.email)
        for rule in app.url_map.iter_rules():
            if "POST" not in rule.methods or rule.endpoint in ("auth.login", "static"):
                continue
            with app.test_request_context():
                url = url_for(rule.endpoint, **{k: values[k] for k in rule.arguments})
            response = client.post(url, data={"reason": "x", "what": "y", "who": "z", "name": "n"})
            posted.append(((person.role, rule.endpoint), response.status_code))
    assert db.session.scalar(writes) == before
    statuses = dict(posted)
    # The principle page is shown again with what was typed; the invitation form shows its
    # expired-form error; other POSTs get the generic expired page.
    assert statuses[("school_lead", "assessment.principle")] == 400
    assert statuses[("admin", "admin.invite_person")] == 200
    for endpoint in ("edit_school", "edit_account", "edit_cycle", "close_cycle"):
        assert statuses[("admin", f"admin.{endpoint}")] == 200, endpoint
    assert statuses[("school_lead", "auth.logout")] == 400
