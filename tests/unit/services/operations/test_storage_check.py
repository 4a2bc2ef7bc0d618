"""`hrsa check-storage`: rows without files, files without rows and abandoned partial uploads
are found; repairing removes the stray and partial files and never a row."""

from __future__ import annotations

import io
import os
import time

import pytest

from hrsa.extensions import db
from hrsa.models import EvidenceItem
from hrsa.services.operations import storage_check


@pytest.fixture(autouse=True)
def own_store(app, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """A store of this test's own: the shared one holds files other tests left."""
    (tmp_path / "uploads").mkdir()
    monkeypatch.setitem(app.config, "HRSA_UPLOAD_DIR", str(tmp_path / "uploads"))


def scene(factory):  # type: ignore[no-untyped-def]
    """Two evidence files, one of them lost; a stray file; a fresh and an old partial upload."""
    assessment = factory.assessment()
    kept = factory.evidence_file(assessment, "1.1", filename="kept.txt")
    lost = factory.evidence_file(assessment, "1.2", filename="lost.txt", content=b"Lost file\n")
    store = factory.store
    store.delete(lost.storage_key)
    stray = store.save(io.BytesIO(b"left by a killed worker"), max_bytes=100).key
    incoming = store.root / "incoming"
    old, fresh = incoming / ("a" * 32), incoming / ("b" * 32)
    old.write_bytes(b"half")
    fresh.write_bytes(b"still arriving")
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    return store, kept, lost, stray


def test_the_check_finds_each_kind_and_changes_nothing(factory):
    store, kept, lost, stray = scene(factory)

    report = storage_check.check(db.session, store)

    assert report.missing == [lost.storage_key]
    assert report.stray == [stray]
    assert report.partial == ["a" * 32]
    assert stray in set(store.keys()) and (store.root / "incoming" / ("a" * 32)).exists()


def test_repair_removes_stray_and_old_partial_files_but_never_a_row(factory):
    store, kept, lost, stray = scene(factory)

    storage_check.check(db.session, store, repair=True)

    assert set(store.keys()) == {kept.storage_key}
    assert sorted(p.name for p in (store.root / "incoming").iterdir()) == ["b" * 32]
    assert db.session.query(EvidenceItem).count() == 2  # the lost file's row stays, for a restore
    again = storage_check.check(db.session, store)
    assert (again.missing, again.stray, again.partial) == ([lost.storage_key], [], [])


def test_the_command_reports_and_exits_non_zero_until_clean(app, factory):
    store, kept, lost, stray = scene(factory)
    runner = app.test_cli_runner()

    checked = runner.invoke(args=["check-storage"])
    assert checked.exit_code == 1
    assert f"Missing: a row names stored file {lost.storage_key}" in checked.output
    assert f"Stray: file {stray} (not named by any row)." in checked.output
    assert "1 missing, 1 stray and 1 partial file(s)." in checked.output

    repaired = runner.invoke(args=["check-storage", "--repair"])
    assert f"Stray: file {stray} (removed)." in repaired.output
    assert repaired.exit_code == 1, "a lost file still needs a restore"


KILLED_UPLOAD = """
import io, sys, time
from hrsa.storage.filesystem import FileSystemStorage

class Slow(io.RawIOBase):
    def readable(self):
        return True
    def readinto(self, buffer):
        print("writing", flush=True)
        time.sleep(0.2)
        buffer[:4] = b"data"
        return 4

FileSystemStorage(sys.argv[1]).save(Slow(), max_bytes=10**9)
"""


def test_an_upload_killed_mid_write_leaves_only_what_the_check_repairs(app, tmp_path, factory):
    import signal
    import subprocess
    import sys

    from tests import REPO

    root = tmp_path / "uploads"  # the store own_store gave the app
    worker = subprocess.Popen(  # noqa: S603 - this interpreter and a fixed script
        [sys.executable, "-c", KILLED_UPLOAD, str(root)], cwd=REPO, stdout=subprocess.PIPE
    )
    assert worker.stdout is not None and worker.stdout.readline() == b"writing\n"
    worker.send_signal(signal.SIGKILL)  # as when a worker is killed mid-upload
    worker.wait(timeout=10)
    worker.stdout.close()
    [partial] = list((root / "incoming").iterdir())
    an_hour_ago = time.time() - 3601
    os.utime(partial, (an_hour_ago, an_hour_ago))
    store = factory.store

    found = storage_check.check(db.session, store)
    assert found.partial == [partial.name] and found.stray == []
    storage_check.check(db.session, store, repair=True)
    assert list((root / "incoming").iterdir()) == []
    assert storage_check.check(db.session, store).clean
