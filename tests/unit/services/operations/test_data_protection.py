"""Data protection: a school's export holds everything and its files; an erased person's name
and email are nowhere in the database while the audit trail still counts what they did; old
evidence files go under the retention policy, audited."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date

import pytest
from sqlalchemy import MetaData, String, Table, Text, func, inspect, select

from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.ratings import Rag
from hrsa.extensions import db
from hrsa.models import AuditEvent, EvidenceItem, School, User
from hrsa.services import notifications
from hrsa.services.operations import data_protection
from tests.city_helpers import moderate


@pytest.fixture(autouse=True)
def own_store(app, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    (tmp_path / "uploads").mkdir()
    monkeypatch.setitem(app.config, "HRSA_UPLOAD_DIR", str(tmp_path / "uploads"))


def test_the_school_export_holds_the_record_and_the_evidence_files(factory):
    lead = factory.user(Role.SCHOOL_LEAD, factory.school(name="Tamar View Primary", urn="113355"))
    assessment = factory.assessment(lead.school, by=lead, rags={"1.1": Rag.AMBER})
    factory.rate(
        assessment, {"1.2": Rag.RED}, narrative="No policy yet", next_steps={"1.2": "Write it"}
    )
    factory.evidence_file(assessment, "1.1", filename="policy.txt", content=b"Our policy\n")
    factory.link(assessment, "1.1", title="Website", url="https://example.org/p", by=lead)
    factory.action(assessment, "1.2", what="Write the policy", who="Head")
    submitted = factory.submitted(assessment, lead=lead)
    moderate(factory, submitted, "1.2", factory.user(Role.ADVISORY), "agree", None)

    out = io.BytesIO()
    school = data_protection.find_school(db.session, "113355")
    counts = data_protection.write_school_export(db.session, factory.store, school, out)

    assert counts == (1, 1)
    with zipfile.ZipFile(out) as archive:
        record = json.loads(archive.read("school.json"))
        [evidence_name] = [n for n in archive.namelist() if n.startswith("evidence/")]
        assert archive.read(evidence_name) == b"Our policy\n"
    assert record["school"]["name"] == "Tamar View Primary"
    [first] = record["assessments"]
    ratings = {r["standard_code"]: r for r in first["ratings"]}
    assert (
        ratings["1.2"]["narrative"] == "No policy yet"
        and ratings["1.2"]["next_steps"] == "Write it"
    )
    assert {e["title"] for e in first["evidence"]} == {"policy.txt", "Website"}
    assert first["plan"][0]["what"] == "Write the policy"
    assert first["moderation"][0]["outcome"] == "agree"
    assert first["status"] == "submitted"
    assert any(e["action"] == "submit" for e in record["audit_trail"])


def every_text(name_or_email: str) -> list[str]:
    """Where a value appears in any string column of any table (case-insensitive)."""
    found = []
    connection = db.session.connection()  # the test's own: not to be closed here
    for table_name in inspect(connection).get_table_names():
        table = Table(table_name, MetaData(), autoload_with=connection)
        for column in table.columns:
            if not isinstance(column.type, String | Text):
                continue
            hits = connection.scalar(
                select(func.count()).where(
                    func.lower(column).contains(name_or_email.lower(), autoescape=True)
                )
            )
            if hits:
                found.append(f"{table_name}.{column.name}")
    return found


def test_an_erased_person_is_nowhere_and_their_actions_still_count(factory, app):
    school = factory.school(name="Tamar View Primary", nominated_lead="Sarah Trelawny")
    lead = factory.user(
        Role.SCHOOL_LEAD, school, name="Sarah Trelawny", email="sarah.trelawny@school.example"
    )
    assessment = factory.assessment(school, by=lead, rags={"1.1": Rag.AMBER})
    factory.rate(assessment, {"1.2": Rag.RED}, by=lead, narrative="Sarah Trelawny leads on this")
    notifications.send(
        db.session, to=[lead.email], subject="Sarah Trelawny, your invitation", body="Hi", config={}
    )
    db.session.commit()
    actions_before = db.session.scalar(
        select(func.count(AuditEvent.id)).where(AuditEvent.user_id == lead.id)
    )
    assert every_text("Sarah Trelawny") and every_text("sarah.trelawny@school.example")

    erased = data_protection.erase_person(
        db.session, "Sarah.Trelawny@School.example", secret="s3cret", by_user_id=None
    )
    db.session.commit()

    assert every_text("Sarah Trelawny") == []
    assert every_text("sarah.trelawny@school.example") == []
    person = db.session.get_one(User, lead.id)
    assert person.name == erased.pseudonym and not person.is_enabled
    assert person.password_hash is None
    assert erased.pseudonym == data_protection.pseudonym_for(lead.id, "s3cret"), "stable"
    assert (
        db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.user_id == lead.id))
        == actions_before
    )
    assert db.session.get_one(School, school.id).nominated_lead == erased.pseudonym
    with pytest.raises(Exception, match="already been erased"):
        data_protection.erase_person(db.session, person.email, secret="s3cret", by_user_id=None)


def test_retention_removes_old_cycles_files_and_keeps_their_rows(factory):
    old = factory.cycle("2018/19", opens_on=date(2018, 9, 1), closes_on=date(2019, 7, 31))
    recent = factory.cycle("2024/25", opens_on=date(2024, 9, 1), closes_on=date(2025, 7, 31))
    lead = factory.user(Role.SCHOOL_LEAD, factory.school(name="Ash"))
    then = factory.assessment(lead.school, old, by=lead)
    gone = factory.evidence_file(then, "1.1", filename="2019-policy.txt")
    kept = factory.evidence_file(factory.assessment(lead.school, recent, by=lead), "1.1")

    due = data_protection.expired_evidence(db.session, years=6, today=date(2026, 12, 5))
    assert [(i.cycle, i.school, i.title) for i in due] == [("2018/19", "Ash", "2019-policy.txt")]
    removed = data_protection.apply_retention(db.session, factory.store, due, user_id=None)
    db.session.commit()

    assert removed == 1
    assert set(factory.store.keys()) == {kept.storage_key}
    row = db.session.get_one(EvidenceItem, gone.id)
    assert row.storage_key is None and row.title == "2019-policy.txt"
    assert (
        db.session.scalar(
            select(func.count(AuditEvent.id)).where(AuditEvent.action == "retention_purge")
        )
        == 1
    )
    assert data_protection.expired_evidence(db.session, years=6, today=date(2026, 12, 5)) == []
