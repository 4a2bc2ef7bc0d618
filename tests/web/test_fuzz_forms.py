"""Generated input into every form, as every role: never a server error, and nothing written
when the input is refused.

Hypothesis posts missing, duplicated, wrongly typed, huge, Unicode and NUL values into every POST
route of the app (found by walking `app.url_map`), with route parameters that are the signed-in
person's real ids or generated ones, sometimes with files that every route must refuse. The
routes that take files also get hostile uploads with their other answers right (below): never a
500, no stored file without its row, nothing stored when refused, and a GOV.UK error message.
Derandomised so CI sees the same examples every run.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict
from werkzeug.test import TestResponse

from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.ratings import Rag
from hrsa.extensions import db
from hrsa.models import EvidenceItem, Rating, Resource
from hrsa.services.evidence import uploads
from tests import REPO
from tests import evidence_samples as samples
from tests.web.resources.test_workflow import proposal_form

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
        # Sometimes files as well, under the names the file routes read: always refused ones.
        for field, (content, name) in data.draw(refused_files, label="files"):
            form.add(field, (io.BytesIO(content), name))
        before = written_state()
        files_before = stored_files(app)
        response = client.post(url, data=form)
        assert response.status_code < 500, (url, response.status_code)
        # The one file a POST may store: the result of a background job it started.
        assert stored_files(app) - job_results(app) == files_before - job_results(app), url
        if response.status_code not in (302, 303):
            assert written_state() == before, (url, response.status_code)

    post()


# --- Hostile uploads ------------------------------------------------------------------------------
#
# The routes that take files, found by where the app reads request.files (the guard below fails
# when another place starts to): the principle page's evidence (files-<code>), the JavaScript
# upload endpoint (files) and the resource form (file, on proposing and editing).

FILE_READERS = {
    "hrsa/web/assessment/routes/tasks.py",  # principle page: files-<code>
    "hrsa/web/evidence/routes.py",  # /assessments/<id>/standards/<code>/evidence: files
    "hrsa/web/resources/routes.py",  # /resources/propose and /resources/<id>/edit: file
    "hrsa/web/auth/sessions.py",  # only asks whether any file was chosen (the lost-work warning)
}
LONG_NAME = "x" * 996 + ".txt"  # 1,000 characters
HOSTILE_NAMES = (
    LONG_NAME,
    "y" * 1000,
    "../../etc/passwd",
    "../../etc/passwd.txt",
    "..\\..\\Windows\\win.ini",
    "/",
    "..",
    " ",
    "\u3000",
    "REPORT.PDF",
    "nul\x00byte.pdf",
    "bell\x07escape\x1b[31m.txt",
    "line\r\nbreak.txt",
    "invoice\u202efdp.exe",  # the right-to-left override shows it as "invoiceexe.pdf"
    "\u202e\u200b.txt",
    "résumé.docx",
    "minutes.pdf",
    "policy.docx",
    "notes.txt",
    "photo.png",
)
HOSTILE_CONTENTS = (
    b"",
    samples.pdf(),
    samples.docx(),
    samples.txt(),
    samples.png(),
    samples.exe(),
    samples.html_page(),
    samples.binary_junk(),
    samples.docm(),
    samples.zip_bomb(),
)
CONTENT_TYPES = ("application/pdf", "application/octet-stream", "text/html", "")
# The cases the brief names, each sent alone to every file route; the generated ones mix them.
NAMED_CASES: tuple[tuple[tuple[bytes, str, str], ...], ...] = (
    ((b"", "empty.pdf", "application/pdf"),),
    ((samples.txt(), LONG_NAME, "text/plain"),),
    ((samples.txt(), "nul\x00\x07\u202eevil.txt", "text/plain"),),
    ((samples.txt(), "../../etc/passwd", "text/plain"),),
    ((samples.pdf(), "lesson.docx", "application/pdf"),),  # wrong extension for the content
    ((samples.html_page(), "lesson.pdf", "application/pdf"),),  # claims to be a PDF
    ((samples.binary_junk(), "lesson.pdf", "application/pdf"),),
    ((b"", "plan.docx", "application/vnd.openxmlformats"),),  # a zero-byte .docx
    (  # several at once, one bad among good ones
        (samples.pdf(), "minutes.pdf", "application/pdf"),
        (samples.exe(), "minutes2.pdf", "application/pdf"),
        (samples.txt(), "notes.txt", "text/plain"),
    ),
)
# Refused whatever the route: for the every-route fuzz above, whose rule is "no write unless
# redirected" (the JavaScript endpoint answers 200 when it accepts a file).
ALWAYS_REFUSED = (
    (b"", "empty.pdf"),
    (b"", "plan.docx"),
    (samples.exe(), "../../etc/passwd"),
    (samples.html_page(), "nul\x00lesson.pdf"),
    (samples.binary_junk(), LONG_NAME),
)
FILE_FIELDS = ("file", "files", "files-1.1", "files-1.2")

refused_files = st.lists(
    st.tuples(st.sampled_from(FILE_FIELDS), st.sampled_from(ALWAYS_REFUSED)), max_size=2
)
hostile_files = st.lists(
    st.tuples(
        st.sampled_from(HOSTILE_CONTENTS),
        st.sampled_from(HOSTILE_NAMES),
        st.sampled_from(CONTENT_TYPES),
    ),
    min_size=1,
    max_size=4,
)


def test_every_place_that_reads_uploads_is_fuzzed_with_hostile_files() -> None:
    root = REPO
    readers = {
        str(path.relative_to(root))
        for path in (root / "hrsa").rglob("*.py")
        if "request.files" in path.read_text(encoding="utf-8")
    }
    assert readers == FILE_READERS


def stored_files(app: Flask) -> set[Path]:
    root = Path(app.config["HRSA_UPLOAD_DIR"])
    return {path for path in root.rglob("*") if path.is_file()} if root.exists() else set()


def job_results(app: Flask) -> set[Path]:
    """The stored files background jobs made (a POST starting a job stores its result)."""
    from hrsa.models import Job

    root = Path(app.config["HRSA_UPLOAD_DIR"])
    keys = db.session.scalars(select(Job.result_key).where(Job.result_key.is_not(None)))
    return {root / key[:2] / key for key in keys}


def kept_file_names() -> list[str]:
    """The names shown for every stored file: live evidence and resources with a file."""
    db.session.expire_all()
    evidence = db.session.scalars(
        select(EvidenceItem.title).where(
            EvidenceItem.storage_key.is_not(None), EvidenceItem.deleted_at.is_(None)
        )
    ).all()
    resources = db.session.scalars(
        select(Resource.filename).where(Resource.storage_key.is_not(None))
    ).all()
    return [*evidence, *(name or "" for name in resources)]


def assert_safe_name(name: str) -> None:
    assert name and len(name) <= uploads.MAX_NAME_LENGTH, name
    assert "/" not in name and "\\" not in name, name
    assert not any(unicodedata.category(ch) in {"Cc", "Cf", "Cs"} for ch in name), name


class UploadTargets:
    """The four forms that take files, each posted as the school's lead with its other answers
    right, so that the files are what the route has to judge."""

    NAMES = ("principle", "evidence", "propose", "edit")

    def __init__(self, client: FlaskClient, assessment_id: int, resource_id: int) -> None:
        self.client = client
        self.assessment_id = assessment_id
        self.resource_id = resource_id

    def post(self, target: str, files: Sequence[tuple[bytes, str, str]]) -> TestResponse:
        def chosen() -> list[tuple[io.BytesIO, str, str]]:
            return [(io.BytesIO(content), name, kind) for content, name, kind in files]

        data: dict[str, Any]
        if target == "principle":
            data = principle_form(self.assessment_id, 1)
            data["files-1.1"] = chosen()
            url = f"/assessments/{self.assessment_id}/principles/1"
        elif target == "evidence":
            data = {"files": chosen()}
            url = f"/assessments/{self.assessment_id}/standards/1.1/evidence"
        else:
            data = dict(proposal_form(url=""))
            data["file"] = chosen()
            url = "/resources/propose"
            if target == "edit":
                resource = db.session.get_one(Resource, self.resource_id)
                db.session.refresh(resource)
                data["version"] = str(resource.version)
                url = f"/resources/{self.resource_id}/edit"
        return self.client.post(url, data=data, content_type="multipart/form-data")


def principle_form(assessment_id: int, number: int) -> dict[str, Any]:
    """What the principle page sends untouched: every standard's answers and version."""
    db.session.expire_all()
    ratings = db.session.scalars(
        select(Rating).where(
            Rating.assessment_id == assessment_id, Rating.principle_number == number
        )
    ).all()
    data: dict[str, Any] = {}
    for r in ratings:
        data[f"rag-{r.standard_code}"] = r.rag or "not_rated"
        data[f"narrative-{r.standard_code}"] = r.narrative
        data[f"next_steps-{r.standard_code}"] = r.next_steps
        data[f"version-{r.standard_code}"] = str(r.version)
    return data


def check_upload(
    app: Flask, targets: UploadTargets, target: str, files: Sequence[tuple[bytes, str, str]]
) -> None:
    """Post the files; never a server error, no file kept without its row (nor a row without
    its file), nothing at all kept when refused, and a GOV.UK error message saying why."""
    files_before = stored_files(app)
    names_before = kept_file_names()
    state_before = written_state()
    response = targets.post(target, files)
    assert response.status_code < 500, (target, files, response.status_code)
    names_after = kept_file_names()
    files_after = stored_files(app)
    for name in names_after:
        assert_safe_name(name)
    if target == "evidence":
        if response.status_code == 400:
            assert response.json == {"results": [], "message": "Choose a file to upload"}
            accepted = 0
        else:
            assert response.status_code == 200, response.status_code
            results = (response.json or {})["results"]
            accepted = sum(1 for r in results if r["accepted"])
            for result in results:
                assert result["accepted"] or result["message"].startswith(result["filename"])
        assert len(names_after) - len(names_before) == accepted
        assert len(files_after) - len(files_before) == accepted
        if not accepted:
            assert written_state() == state_before and files_after == files_before
        return
    # The pages: a redirect when everything was kept, else the page again with its errors.
    assert len(files_after) - len(files_before) == len(names_after) - len(names_before), (
        target,
        files,
    )
    if response.status_code in (302, 303):
        return
    assert response.status_code == 200, (target, files, response.status_code)
    page = response.get_data(as_text=True)
    assert "There is a problem" in page and "govuk-error-message" in page, (target, files)
    assert files_after == files_before, (target, files)
    assert written_state() == state_before, (target, files)


@pytest.fixture
def upload_targets(client, factory, sign_in) -> UploadTargets:
    school = factory.school(name="Tamar View Primary")
    lead = factory.user(Role.SCHOOL_LEAD, school)
    assessment = factory.assessment(school, factory.cycle(), by=lead)
    sign_in(lead.email)
    response = client.post("/resources/propose", data=proposal_form())
    assert response.status_code == 302
    resource_id = db.session.scalars(select(Resource.id)).one()
    return UploadTargets(client, assessment.id, resource_id)


@pytest.mark.parametrize("target", UploadTargets.NAMES)
def test_the_named_hostile_uploads_are_handled_on_every_file_route(app, upload_targets, target):
    for files in NAMED_CASES:
        check_upload(app, upload_targets, target, files)


def test_generated_hostile_uploads_never_give_a_server_error_or_a_stray_file(app, upload_targets):
    @settings(
        max_examples=40,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(target=st.sampled_from(UploadTargets.NAMES), files=hostile_files)
    def post(target: str, files: list[tuple[bytes, str, str]]) -> None:
        check_upload(app, upload_targets, target, files)

    post()
