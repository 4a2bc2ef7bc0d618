"""A resource's file is replaced in the order that cannot lose it: the new file is stored, the
change committed, and only then is the old file deleted. A failed commit keeps the old file in
use and removes the new one."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.models import Resource
from hrsa.services.evidence.uploads import UploadLimits
from hrsa.services.resources import proposals
from hrsa.storage.filesystem import FileSystemStorage
from tests import evidence_samples as samples
from tests import resource_helpers as helpers

LIMITS = UploadLimits(max_file_bytes=1024 * 1024)


@pytest.fixture
def store(tmp_path: Path) -> FileSystemStorage:
    (tmp_path / "uploads").mkdir()
    return FileSystemStorage(tmp_path / "uploads")


def upload(store: FileSystemStorage, data: bytes, name: str) -> proposals.FileUpload:
    return proposals.FileUpload(store=store, stream=io.BytesIO(data), filename=name, limits=LIMITS)


def with_file(factory, store):  # type: ignore[no-untyped-def]
    proposer = factory.user(Role.SCHOOL_STAFF)
    resource = proposals.propose(
        db.session,
        helpers.details(url=""),
        user=proposer,
        standard_codes=helpers.CODES,
        today=helpers.TODAY,
        upload=upload(store, samples.pdf(), "first.pdf"),
    )
    db.session.commit()
    return proposer, resource


def replace(resource: Resource, proposer, store) -> None:  # type: ignore[no-untyped-def]
    proposals.update(
        db.session,
        resource,
        helpers.details(url="", title="A new title"),
        user=proposer,
        expected_version=resource.version,
        standard_codes=helpers.CODES,
        today=helpers.TODAY,
        upload=upload(store, samples.pdf(1), "second.pdf"),
    )


def test_the_old_file_goes_only_once_the_new_one_is_committed(factory, store):
    proposer, resource = with_file(factory, store)
    old_key = resource.storage_key

    replace(resource, proposer, store)
    assert set(store.keys()) == {old_key, resource.storage_key}, "both until the commit"
    db.session.commit()

    assert set(store.keys()) == {resource.storage_key}
    with store.open(resource.storage_key) as stored:
        assert stored.read() == samples.pdf(1)


def test_a_failing_commit_keeps_the_old_file_and_drops_the_new(factory, store, monkeypatch):
    proposer, resource = with_file(factory, store)
    resource_id, old_key = resource.id, resource.storage_key

    replace(resource, proposer, store)
    new_key = resource.storage_key

    def fail() -> None:
        raise OperationalError("COMMIT", {}, Exception("disk I/O error"))

    monkeypatch.setattr(db.session(), "commit", fail)
    with pytest.raises(OperationalError):
        db.session.commit()
    monkeypatch.undo()
    db.session.rollback()

    db.session.expire_all()
    kept = db.session.get_one(Resource, resource_id)
    assert kept.storage_key == old_key and kept.title != "A new title"
    assert set(store.keys()) == {old_key}, "the old file is kept, the new one removed"
    assert new_key not in set(store.keys())
    with store.open(old_key) as stored:
        assert stored.read() == samples.pdf()
