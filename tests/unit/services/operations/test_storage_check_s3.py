"""`hrsa check-storage` against an S3-compatible object store (moto's server on loopback): the
same drift found and repaired as on disk, through keys(), open() and delete() alone."""

from __future__ import annotations

import io

import pytest

from hrsa.extensions import db
from hrsa.models import EvidenceItem
from hrsa.services.operations import storage_check
from hrsa.storage.s3 import S3Storage


@pytest.fixture(autouse=True)
def _files_in_the_object_store(s3_app):  # type: ignore[no-untyped-def]
    """Every test here keeps its files in its own new bucket."""


def scene(factory):  # type: ignore[no-untyped-def]
    """Two evidence files, one of them lost from the bucket, and a stray object."""
    assessment = factory.assessment()
    kept = factory.evidence_file(assessment, "1.1", filename="kept.txt")
    lost = factory.evidence_file(assessment, "1.2", filename="lost.txt", content=b"Lost file\n")
    store = factory.store
    assert isinstance(store, S3Storage)
    store.delete(lost.storage_key)
    stray = store.save(io.BytesIO(b"left by a killed worker"), max_bytes=100).key
    return store, kept, lost, stray


def test_the_check_finds_lost_and_stray_files_in_the_bucket(factory):
    store, kept, lost, stray = scene(factory)

    report = storage_check.check(db.session, store)

    assert (report.missing, report.stray, report.partial) == ([lost.storage_key], [stray], [])


def test_the_command_repairs_the_bucket_but_never_a_row(app, factory):
    store, kept, lost, stray = scene(factory)
    runner = app.test_cli_runner()

    checked = runner.invoke(args=["check-storage"])
    repaired = runner.invoke(args=["check-storage", "--repair"])

    assert checked.exit_code == 1
    assert f"Stray: file {stray} (not named by any row)." in checked.output
    assert "1 missing, 1 stray and 0 partial file(s)." in checked.output
    assert f"Stray: file {stray} (removed)." in repaired.output
    assert set(store.keys()) == {kept.storage_key}
    assert db.session.query(EvidenceItem).count() == 2  # the lost file's row stays, for a restore
