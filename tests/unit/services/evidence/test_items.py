"""The evidence service's rules a school would notice, without HTTP: what counts towards the
storage allowance (and what does not), carried-forward copies sharing one stored file, and
removing and restoring that is recorded once. File types and links are in test_evidence_types.py
and the upload pipeline itself in test_uploads.py."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from hrsa.core.errors import NotFound
from hrsa.core.formatting import format_date
from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.ratings import Rag
from hrsa.extensions import db
from hrsa.models import Assessment, AuditEvent, EvidenceItem, User
from hrsa.models.base import utcnow
from hrsa.services.evidence import items
from hrsa.services.evidence.uploads import UploadLimits, UploadRejected
from hrsa.storage.filesystem import FileSystemStorage
from tests import evidence_samples as samples

MB = 1024 * 1024


@pytest.fixture
def store(tmp_path: Path) -> FileSystemStorage:
    (tmp_path / "uploads").mkdir()
    return FileSystemStorage(tmp_path / "uploads")


@pytest.fixture
def lead(factory) -> User:
    return factory.user(Role.SCHOOL_LEAD)


@pytest.fixture
def assessment(factory, lead) -> Assessment:
    last = factory.cycle("2025/26", opens_on=date(2025, 9, 1), closes_on=date(2026, 7, 31))
    return factory.assessment(lead.school, last, by=lead)


def upload(store, assessment, lead, name: str, data: bytes, *, quota: int | None, code="1.1"):  # type: ignore[no-untyped-def]
    """Add a file as the principle page does (flushed, not committed)."""
    return items.add_file(
        db.session,
        store,
        rating=items.rating_for_standard(db.session, assessment.id, code),
        stream=io.BytesIO(data),
        filename=name,
        user_id=lead.id,
        limits=UploadLimits(max_file_bytes=MB, quota_bytes=quota),
    )


def stored_files(store: FileSystemStorage) -> list[Path]:
    return [p for p in store.root.rglob("*") if p.is_file()]


def evidence_titles() -> list[str]:
    return list(db.session.scalars(select(EvidenceItem.title).order_by(EvidenceItem.id)))


def test_a_file_that_exactly_fills_the_allowance_is_accepted(store, assessment, lead):
    pdf = samples.pdf()

    upload(store, assessment, lead, "one.pdf", pdf, quota=2 * len(pdf))
    upload(store, assessment, lead, "two.pdf", pdf, quota=2 * len(pdf), code="1.2")
    db.session.commit()

    assert items.school_usage_bytes(db.session, lead.school_id) == 2 * len(pdf)
    assert evidence_titles() == ["one.pdf", "two.pdf"]
    with pytest.raises(UploadRejected, match="^tiny.txt would take your school past"):
        upload(store, assessment, lead, "tiny.txt", b"x", quota=2 * len(pdf))
    assert len(stored_files(store)) == 2


def test_files_added_earlier_in_the_same_save_count_towards_the_allowance(store, assessment, lead):
    pdf = samples.pdf()

    upload(store, assessment, lead, "first.pdf", pdf, quota=len(pdf), code="1.1")
    with pytest.raises(UploadRejected, match="^second.pdf would take your school past"):
        upload(store, assessment, lead, "second.pdf", pdf, quota=len(pdf), code="1.2")
    db.session.commit()

    assert evidence_titles() == ["first.pdf"]
    assert len(stored_files(store)) == 1


def test_the_same_file_twice_on_one_standard_is_refused_naming_the_first(store, assessment, lead):
    pdf = samples.pdf()
    first = upload(store, assessment, lead, "policy.pdf", pdf, quota=None)
    db.session.commit()

    with pytest.raises(UploadRejected) as refused:
        upload(store, assessment, lead, "policy (1).pdf", pdf, quota=None)

    assert str(refused.value) == (
        "policy (1).pdf is the same file as policy.pdf, already added to this standard on "
        f"{format_date(first.created_at)}"
    )
    db.session.rollback()
    assert evidence_titles() == ["policy.pdf"]
    assert len(stored_files(store)) == 1, "the copy is not kept in the store"


def test_the_same_file_may_support_another_standard_or_return_once_removed(store, assessment, lead):
    pdf = samples.pdf()
    first = upload(store, assessment, lead, "policy.pdf", pdf, quota=None, code="1.1")
    upload(store, assessment, lead, "policy.pdf", pdf, quota=None, code="1.2")
    items.remove(db.session, first, user_id=lead.id)
    upload(store, assessment, lead, "policy-again.pdf", pdf, quota=None, code="1.1")
    db.session.commit()

    assert evidence_titles() == ["policy.pdf", "policy.pdf", "policy-again.pdf"]


def test_links_take_none_of_the_allowance(factory, store, assessment, lead):
    for n in range(3):
        factory.link(assessment, "1.1", url=f"https://school.example.org/{n}", by=lead)

    assert items.school_usage_bytes(db.session, lead.school_id) == 0
    upload(store, assessment, lead, "policy.txt", samples.txt(), quota=len(samples.txt()))
    db.session.commit()
    assert evidence_titles()[-1] == "policy.txt"


def live(factory, assessment: Assessment, code: str) -> list[EvidenceItem]:  # type: ignore[no-untyped-def]
    rating = factory.rating(assessment, code)
    return items.live_items_for_ratings(db.session, [rating.id])[rating.id]


def carry_forward(factory, lead: User) -> Assessment:  # type: ignore[no-untyped-def]
    """The school starts this cycle from last cycle's assessment (evidence copied, not files)."""
    return factory.assessment(lead.school, factory.cycle("2026/27"), by=lead, carry_forward=True)


def test_a_carried_forward_file_counts_once_towards_the_allowance(factory, store, assessment, lead):
    pdf = samples.pdf()
    original = upload(store, assessment, lead, "policy.pdf", pdf, quota=None)
    factory.rate(assessment, {"1.1": Rag.AMBER}, by=lead)
    this_year = carry_forward(factory, lead)
    [copy] = live(factory, this_year, "1.1")

    assert copy.storage_key == original.storage_key and copy.carried_forward
    assert items.school_usage_bytes(db.session, lead.school_id) == len(pdf)
    upload(store, this_year, lead, "plan.pdf", samples.pdf(1), quota=2 * len(pdf))
    db.session.commit()
    assert len(stored_files(store)) == 2


def test_a_purge_keeps_a_file_its_carried_forward_copy_still_uses(factory, store, assessment, lead):
    original = upload(store, assessment, lead, "policy.pdf", samples.pdf(), quota=None)
    factory.rate(assessment, {"1.1": Rag.AMBER}, by=lead)
    key = original.storage_key
    this_year = carry_forward(factory, lead)
    [copy] = live(factory, this_year, "1.1")
    now = utcnow()
    items.remove(db.session, original, user_id=lead.id, now=now - timedelta(days=40))
    db.session.commit()

    assert items.purge_expired(db.session, store, now=now) == 1
    db.session.commit()
    assert store.path(key).exists()
    assert [item.carried_forward for item in db.session.scalars(select(EvidenceItem))] == [True]

    items.remove(db.session, copy, user_id=lead.id, now=now - timedelta(days=35))
    assert items.purge_expired(db.session, store, now=now) == 1
    db.session.commit()
    assert not store.path(key).exists()
    assert db.session.scalar(select(func.count(EvidenceItem.id))) == 0


def test_removing_twice_and_restoring_live_evidence_change_nothing(factory, assessment, lead):
    item = factory.link(assessment, "1.1", by=lead)

    items.remove(db.session, item, user_id=lead.id)
    items.remove(db.session, item, user_id=lead.id)
    items.restore(db.session, item, user_id=lead.id)
    items.restore(db.session, item, user_id=lead.id)
    db.session.commit()

    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.entity == "evidence").order_by(AuditEvent.id)
    ).all()
    assert actions == ["add_evidence", "remove_evidence", "restore_evidence"]
    assert db.session.get_one(EvidenceItem, item.id).deleted_at is None


def test_evidence_is_only_added_to_a_standard_of_the_assessment(assessment):
    assert items.rating_for_standard(db.session, assessment.id, "8.2").standard_code == "8.2"
    with pytest.raises(NotFound, match="Standard 9.9 is not part of this assessment"):
        items.rating_for_standard(db.session, assessment.id, "9.9")


def test_a_rolled_back_upload_leaves_no_file_behind(store, assessment, lead):
    upload(store, assessment, lead, "policy.pdf", samples.pdf(), quota=None)
    assert len(stored_files(store)) == 1

    db.session.rollback()  # as when the commit fails

    assert stored_files(store) == []
    assert evidence_titles() == []


def test_a_purge_deletes_files_only_once_committed(factory, store, assessment, lead):
    item = upload(store, assessment, lead, "old.pdf", samples.pdf(), quota=None)
    items.remove(db.session, item, user_id=lead.id)
    db.session.commit()
    later = utcnow() + timedelta(days=31)

    assert items.purge_expired(db.session, store, now=later) == 1
    assert len(stored_files(store)) == 1, "kept until the commit"
    db.session.rollback()
    assert len(stored_files(store)) == 1, "a failed commit keeps the file and its row"

    assert items.purge_expired(db.session, store, now=later) == 1
    db.session.commit()
    assert stored_files(store) == []
