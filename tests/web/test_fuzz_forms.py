"""Generated input into every form, as every role: never a server error, and nothing written
when the input is refused.

Hypothesis posts missing, duplicated, wrongly typed, huge, Unicode and NUL values into every POST
route of the app (found by walking `app.url_map`), with route parameters that are the signed-in
person's real ids or generated ones. Derandomised so CI sees the same examples every run.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from hrsa.extensions import db
from hrsa.models import Role
from hrsa.vocabulary import Rag

# Signing in and out change the session, not the data, and are tested on their own.
SKIPPED = {"auth.login", "auth.logout", "static"}
FIELD_NAMES = [
    "what",
    "who",
    "due_on",
    "status",
    "version",
    "name",
    "urn",
    "phase",
    "ward",
    "neighbourhood",
    "address",
    "telephone",
    "website",
    "last_ofsted_on",
    "number_on_roll",
    "headteacher",
    "nominated_lead",
    "email",
    "role",
    "school",
    "opens_on",
    "closes_on",
    "reason",
    "outcome",
    "moderated_rag",
    "comment",
    "title",
    "summary",
    "provider",
    "resource_type",
    "url",
    "audiences",
    "topics",
    "standards",
    "cost",
    "review_by",
    "decision",
    "password",
    "confirm",
    "current_password",
    "rag-1.1",
    "narrative-1.1",
    "next_steps-1.1",
    "version-1.1",
    "rag-1.2",
    "assessment_id",
    "code",
    "carry_forward",
    "criterion-1",
    "q",
    "page",
]
ODD_VALUES = (
    "",
    " ",
    "\u3000",
    "\x00",
    "nul\x00byte",
    "９００００１",
    "２０９０/９１",
    "2090/99",
    "0001",
    "-1",
    "1",
    "0",
    "99999999999999999999999",
    "1e400",
    "NaN",
    "amber",
    "green",
    "red",
    "agree",
    "challenge",
    "not_started",
    "done",
    "2026/27",
    "<script>alert(1)</script>",
    "x" * 100_000,
)
values = st.one_of(st.sampled_from(ODD_VALUES), st.text(max_size=40))
field_values = st.lists(values, min_size=0, max_size=3)
forms = st.dictionaries(
    st.one_of(st.sampled_from(FIELD_NAMES), st.text(min_size=1, max_size=10)),
    field_values,
    max_size=12,
)
generated_ids = st.one_of(
    st.integers(min_value=0, max_value=2**40).map(str),
    st.sampled_from(["-1", "abc", "%00", "９", "1.5", "0" * 30]),
)


def post_rules(app: Flask) -> list[str]:
    """Every POST rule's pattern, like /assessments/<int:assessment_id>/plan/actions/new."""
    return sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if "POST" in (rule.methods or ()) and rule.endpoint not in SKIPPED
    )


def row_count() -> int:
    """All rows in every table: any write the request made shows here."""
    return sum(
        db.session.scalar(select(func.count()).select_from(table)) or 0
        for table in db.metadata.sorted_tables
    )


def written_state() -> tuple[int, int]:
    """Row counts and the audit trail's most recent id (changes show in the audit)."""
    from hrsa.models import AuditEvent

    db.session.expire_all()
    return row_count(), db.session.scalar(select(func.max(AuditEvent.id))) or 0


@pytest.mark.parametrize("role", list(Role))
def test_no_generated_input_gives_a_server_error_or_a_refused_write(
    app, client, factory, sign_in, role
):
    school = factory.school(name="Tamar View Primary")
    person = factory.user(role, school if role.is_school_role else None)
    assessment = factory.assessment(school, rags={"1.1": Rag.AMBER, "1.2": Rag.RED})
    action = factory.action(assessment, "1.1", due_on=date(2099, 1, 1))
    real_ids = {
        "assessment_id": str(assessment.id),
        "action_id": str(action.id),
        "school_id": str(school.id),
        "user_id": str(person.id),
        "cycle_id": str(assessment.cycle_id),
        "number": "1",
        "code": "1.1",
    }
    sign_in(person.email)
    rules = post_rules(app)

    @settings(
        max_examples=40,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=st.data())
    def post(data: st.DataObject) -> None:
        rule = data.draw(st.sampled_from(rules), label="rule")

        def parameter(match: re.Match[str]) -> str:
            name = match.group(1).split(":")[-1]
            real = real_ids.get(name, "1")
            return data.draw(st.one_of(st.just(real), generated_ids), label=name)

        url = re.sub(r"<([^>]+)>", parameter, rule)
        form = MultiDict(
            [(key, value) for key, items in data.draw(forms).items() for value in items]
        )
        before = written_state()
        response = client.post(url, data=form)
        assert response.status_code < 500, (url, response.status_code)
        if response.status_code not in (302, 303):
            assert written_state() == before, (url, response.status_code)

    post()
