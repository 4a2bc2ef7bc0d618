"""The evidence service: files recorded as a rating's evidence (the upload pipeline's own rules
are in test_uploads.py), the school's quota, links, and removing, restoring and purging."""

from __future__ import annotations

import hashlib
import io
from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from hrsa.core.errors import ServiceError
from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.models import AuditEvent, EvidenceItem
from hrsa.models.base import utcnow
from hrsa.services.evidence import items as evidence_service
from hrsa.services.evidence.items import EvidenceRejected, LinkRejected
from hrsa.services.evidence.uploads import UploadLimits, UploadRejected, limits_from
from hrsa.storage.filesystem import FileSystemStorage
from tests import evidence_samples as samples

MB = 1024 * 1024
ROOMY = UploadLimits(max_file_bytes=20 * MB, quota_bytes=500 * MB)


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


@pytest.fixture(autouse=True)
def _end_transaction():
    """Leave no write open, so the database can be emptied for the next test."""
    yield
    db.session.rollback()


@pytest.fixture
def store(tmp_path: Path) -> FileSystemStorage:
    (tmp_path / "uploads").mkdir()
    return FileSystemStorage(tmp_path / "uploads")


@pytest.fixture
def lead(factory):
    return factory.user(Role.SCHOOL_LEAD)


@pytest.fixture
def rating(factory, lead):
    return samples.make_rating(db.session, factory, lead.school)


def add(store, rating, lead, filename: str, data: bytes, limits: UploadLimits = ROOMY):
    return evidence_service.add_file(
        db.session,
        store,
        rating=rating,
        stream=io.BytesIO(data),
        filename=filename,
        user_id=lead.id,
        limits=limits,
    )


@pytest.mark.parametrize(
    ("filename", "build", "content_type"),
    [
        ("Governors policy.pdf", samples.pdf, "application/pdf"),
        ("Governors lessons.csv", samples.csv, "text/csv"),
    ],
)
def test_an_accepted_file_is_recorded_as_evidence_under_a_generated_name(
    store, rating, lead, filename, build, content_type
):
    data = build()

    item = add(store, rating, lead, filename, data)
    db.session.commit()

    assert item.kind == "file"
    assert item.title == filename
    assert item.content_type == content_type
    assert item.size_bytes == len(data)
    assert item.sha256 == hashlib.sha256(data).hexdigest()
    assert item.school_id == lead.school_id
    assert item.uploaded_by_id == lead.id
    path = store.path(item.storage_key)
    assert path.read_bytes() == data
    relative = str(path.relative_to(store.root)).lower()
    assert "governors" not in relative and filename.rsplit(".", 1)[1].lower() not in relative
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "add_evidence"))
    assert (event.entity, event.entity_id, event.new_value) == ("evidence", item.id, filename)
    assert (event.school_id, event.assessment_id, event.standard_code) == (
        lead.school_id,
        rating.assessment_id,
        "1.1",
    )


def test_the_sample_pdf_is_a_real_pdf():
    reader = PdfReader(io.BytesIO(samples.pdf()))
    assert "Relationships policy" in reader.pages[0].extract_text()


@pytest.mark.parametrize(
    ("filename", "build", "reason"),
    [
        ("report.exe.pdf", samples.exe, "is a program, not a document"),
        ("letter.docx", samples.docm, "contains macros"),
        ("empty.pdf", samples.empty, "is empty"),
    ],
)
def test_a_refused_file_leaves_no_evidence_no_history_and_no_stored_file(
    store, rating, lead, filename, build, reason
):
    with pytest.raises(UploadRejected) as refused:
        add(store, rating, lead, filename, build())

    assert str(refused.value).startswith(f"{filename} {reason}")
    assert stored_files(store.root) == []
    assert db.session.scalar(select(func.count(EvidenceItem.id))) == 0
    assert (
        db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.entity == "evidence"))
        == 0
    )


def test_a_file_kept_by_the_pipeline_is_discarded_when_its_record_cannot_be_saved(
    store, rating, lead, monkeypatch
):
    def broken_audit(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(evidence_service.audit, "record", broken_audit)

    with pytest.raises(RuntimeError):
        add(store, rating, lead, "policy.pdf", samples.pdf())

    assert stored_files(store.root) == []


def test_a_file_over_the_size_limit_is_refused_and_nothing_is_left(store, rating, lead):
    small = UploadLimits(max_file_bytes=1024, quota_bytes=500 * MB)

    with pytest.raises(UploadRejected, match=r"^big\.txt is larger than 1 KB"):
        add(store, rating, lead, "big.txt", b"a" * 1025, limits=small)

    assert stored_files(store.root) == []
    assert add(store, rating, lead, "fits.txt", b"a" * 1024, limits=small).size_bytes == 1024


def test_an_upload_that_would_pass_the_school_quota_is_refused(store, rating, lead):
    pdf, png = samples.pdf(), samples.png()
    limits = UploadLimits(max_file_bytes=MB, quota_bytes=len(pdf) + len(png) - 1)
    add(store, rating, lead, "policy.pdf", pdf, limits=limits)
    db.session.commit()

    with pytest.raises(UploadRejected) as refused:
        add(store, rating, lead, "display.png", png, limits=limits)

    assert "display.png would take your school past its" in str(refused.value)
    assert "storage allowance: delete old evidence or ask an administrator" in str(refused.value)
    assert len(stored_files(store.root)) == 1


def test_the_quota_message_names_the_allowance(store, rating, lead):
    db.session.add(
        EvidenceItem(
            rating_id=rating.id,
            school_id=lead.school_id,
            kind="file",
            title="archive.pdf",
            storage_key="ab" * 16,
            size_bytes=500 * MB,
            content_type="application/pdf",
        )
    )
    db.session.commit()
    with pytest.raises(UploadRejected, match="past its 500 MB storage allowance"):
        add(store, rating, lead, "policy.pdf", samples.pdf(), limits=limits_from({}))


def test_removed_evidence_and_other_schools_do_not_count_towards_the_quota(
    store, factory, rating, lead
):
    pdf = samples.pdf()
    limits = UploadLimits(max_file_bytes=MB, quota_bytes=len(pdf) * 2)
    first = add(store, rating, lead, "one.pdf", pdf, limits=limits)
    evidence_service.remove(db.session, first, user_id=lead.id)
    other_lead = factory.user(Role.SCHOOL_LEAD)
    other_rating = samples.make_rating(
        db.session, factory, other_lead.school, cycle=rating.assessment.cycle
    )
    add(store, other_rating, other_lead, "theirs.pdf", pdf, limits=limits)
    add(store, other_rating, other_lead, "theirs2.pdf", samples.pdf(1), limits=limits)

    add(store, rating, lead, "two.pdf", pdf, limits=limits)
    add(store, rating, lead, "three.pdf", samples.pdf(2), limits=limits)
    with pytest.raises(UploadRejected, match="four.pdf would take your school past"):
        add(store, rating, lead, "four.pdf", samples.pdf(3), limits=limits)


# --- links ------------------------------------------------------------------------------------


def test_a_link_is_recorded_with_its_title(rating, lead):
    item = evidence_service.add_link(
        db.session,
        rating=rating,
        url=" https://school.example/rse-policy ",
        title="RSE policy",
        user_id=lead.id,
    )
    assert (item.kind, item.url, item.title) == (
        "link",
        "https://school.example/rse-policy",
        "RSE policy",
    )
    assert item.storage_key is None
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "add_evidence"))
    assert event.detail == "https://school.example/rse-policy" and event.new_value == "RSE policy"


def test_a_link_without_a_title_is_named_by_its_host_and_path(rating, lead):
    item = evidence_service.add_link(
        db.session,
        rating=rating,
        url="http://www.school.example/policies/rse/?v=2",
        title="  ",
        user_id=lead.id,
    )
    assert item.title == "www.school.example/policies/rse"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("", "Enter a web address"),
        ("www.school.example/policy", "Enter a full web address starting with https://"),
        ("javascript:alert(1)", "Enter a full web address starting with https://"),
        ("ftp://school.example/policy.pdf", "Enter a full web address starting with https://"),
        ("https://", "Enter a full web address starting with https://"),
        ("https://school.example:port/", "Enter a full web address starting with https://"),
        ("https://school.example/my policy", "Enter a web address without spaces"),
        ("https://head:secret@school.example/", "without a username or password"),
        ("https://school.example/" + "a" * 2000, "2,000 characters or fewer"),
    ],
)
def test_links_must_be_full_web_addresses(rating, lead, url, message):
    with pytest.raises(LinkRejected) as refused:
        evidence_service.add_link(db.session, rating=rating, url=url, title="", user_id=lead.id)
    assert message in str(refused.value)
    assert isinstance(refused.value, EvidenceRejected)


# --- removing, restoring, purging -------------------------------------------------------------


def test_removed_evidence_can_be_restored_within_30_days(store, rating, lead):
    item = add(store, rating, lead, "policy.pdf", samples.pdf())
    removed_at = utcnow()

    evidence_service.remove(db.session, item, user_id=lead.id, now=removed_at)
    assert evidence_service.live_items_for_ratings(db.session, [rating.id]) == {rating.id: []}
    assert store.path(item.storage_key).exists()

    evidence_service.restore(db.session, item, user_id=lead.id, now=removed_at + timedelta(days=29))
    db.session.commit()
    assert item.deleted_at is None and item.deleted_by_id is None
    assert evidence_service.live_items_for_ratings(db.session, [rating.id]) == {rating.id: [item]}
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.entity == "evidence").order_by(AuditEvent.id)
    ).all()
    assert actions == ["add_evidence", "remove_evidence", "restore_evidence"]


def test_evidence_removed_more_than_30_days_ago_cannot_be_restored(store, rating, lead):
    item = add(store, rating, lead, "policy.pdf", samples.pdf())
    removed_at = utcnow() - timedelta(days=31)
    evidence_service.remove(db.session, item, user_id=lead.id, now=removed_at)

    with pytest.raises(ServiceError, match="policy.pdf was deleted more than 30 days ago"):
        evidence_service.restore(db.session, item, user_id=lead.id)
    assert item.deleted_at is not None


def test_purge_deletes_old_removals_and_their_files(store, rating, lead):
    old = add(store, rating, lead, "old.pdf", samples.pdf())
    recent = add(store, rating, lead, "recent.png", samples.png())
    kept = add(store, rating, lead, "kept.txt", samples.txt())
    now = utcnow()
    evidence_service.remove(db.session, old, user_id=lead.id, now=now - timedelta(days=31))
    evidence_service.remove(db.session, recent, user_id=lead.id, now=now - timedelta(days=29))
    db.session.commit()
    old_key, recent_key, kept_key = old.storage_key, recent.storage_key, kept.storage_key

    assert evidence_service.purge_expired(db.session, store, now=now) == 1
    db.session.commit()

    remaining = db.session.scalars(select(EvidenceItem.title).order_by(EvidenceItem.id)).all()
    assert remaining == ["recent.png", "kept.txt"]
    assert not store.path(old_key).exists()
    assert store.path(recent_key).exists()
    assert store.path(kept_key).exists()


def test_live_items_for_ratings_is_one_query(store, factory, rating, lead, count_queries):
    other = samples.make_rating(
        db.session, factory, lead.school, code="1.2", assessment=rating.assessment
    )
    first = add(store, rating, lead, "a.pdf", samples.pdf())
    second = evidence_service.add_link(
        db.session, rating=other, url="https://school.example/", title="", user_id=lead.id
    )
    gone = add(store, rating, lead, "gone.txt", samples.txt())
    evidence_service.remove(db.session, gone, user_id=lead.id)
    db.session.commit()
    ids = [rating.id, other.id, 999_999]
    count_queries.clear()

    found = evidence_service.live_items_for_ratings(db.session, ids)

    assert len(count_queries) == 1
    assert [i.title for i in found[rating.id]] == ["a.pdf"]
    assert [i.id for i in found[other.id]] == [second.id]
    assert found[999_999] == []
    assert first.id in {i.id for i in found[rating.id]}


def test_recently_deleted_lists_restorable_items_newest_first(store, rating, lead, count_queries):
    now = utcnow()
    older = add(store, rating, lead, "older.pdf", samples.pdf())
    newer = add(store, rating, lead, "newer.txt", samples.txt())
    expired = add(store, rating, lead, "expired.png", samples.png())
    add(store, rating, lead, "live.csv", samples.csv())
    evidence_service.remove(db.session, older, user_id=lead.id, now=now - timedelta(days=10))
    evidence_service.remove(db.session, newer, user_id=lead.id, now=now - timedelta(days=1))
    evidence_service.remove(db.session, expired, user_id=lead.id, now=now - timedelta(days=31))
    db.session.commit()
    school_name = lead.school.name
    db.session.expunge_all()
    count_queries.clear()

    items = evidence_service.recently_deleted(db.session, now=now)
    names = [
        (i.title, i.rating.assessment.school.name, i.rating.assessment.cycle.name) for i in items
    ]

    assert names == [
        ("newer.txt", school_name, "2026/27"),
        ("older.pdf", school_name, "2026/27"),
    ]
    assert len(count_queries) == 1
