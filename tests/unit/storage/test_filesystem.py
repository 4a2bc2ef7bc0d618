"""The disk store's own ways: files fanned out under the folder, partial uploads kept apart, and a
missing or read-only folder named. What every store does is in test_stores.py."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from hrsa.storage.base import CHUNK_SIZE, FileTooLarge, StorageError
from hrsa.storage.filesystem import FileSystemStorage, storage_from_config
from tests.unit.storage.test_stores import ChunkedOnlyStream


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def test_a_saved_file_lives_in_its_fan_out_folder(tmp_path):
    data = bytes(range(256)) * 1024 * 3  # 768 KiB: several chunks
    store = FileSystemStorage(tmp_path)

    saved = store.save(io.BytesIO(data), max_bytes=10 * 1024 * 1024)

    path = store.path(saved.key)
    assert path == tmp_path / saved.key[:2] / saved.key
    assert path.read_bytes() == data
    assert stored_files(tmp_path) == [path]


def test_a_file_over_the_limit_leaves_no_partial_upload(tmp_path):
    store = FileSystemStorage(tmp_path)
    stream = ChunkedOnlyStream(b"x" * (CHUNK_SIZE * 3))

    with pytest.raises(FileTooLarge):
        store.save(stream, max_bytes=CHUNK_SIZE + 10)  # type: ignore[arg-type]

    assert stored_files(tmp_path) == []
    assert len(stream.read_sizes) == 2  # stopped reading as soon as it was too big


@pytest.mark.parametrize(
    "key",
    ["../../etc/passwd", "ab/../../secret", "/etc/passwd", "..", "", "ABCDEF0123456789", "a" * 8],
)
def test_keys_that_are_not_generated_hex_are_refused(tmp_path, key):
    store = FileSystemStorage(tmp_path)
    for use in (store.open, store.delete, store.path):
        with pytest.raises(StorageError):
            use(key)


def test_the_old_storage_from_config_still_gives_the_upload_folder(tmp_path):
    (tmp_path / "uploads").mkdir()
    store = storage_from_config({"HRSA_UPLOAD_DIR": str(tmp_path / "uploads")})
    saved = store.save(io.BytesIO(b"hello"), max_bytes=100)
    assert store.path(saved.key).is_relative_to(tmp_path / "uploads")


def test_a_missing_root_is_refused_and_never_made(tmp_path):
    store = FileSystemStorage(tmp_path / "unmounted")
    with pytest.raises(StorageError, match="does not exist"):
        store.save(io.BytesIO(b"x"), max_bytes=10)
    assert not (tmp_path / "unmounted").exists()


def test_keys_lists_stored_files_and_not_partial_uploads(tmp_path):
    store = FileSystemStorage(tmp_path)
    kept = {store.save(io.BytesIO(b"x"), max_bytes=10).key for _ in range(3)}
    (tmp_path / "incoming").mkdir(exist_ok=True)
    (tmp_path / "incoming" / ("ab" * 16)).write_bytes(b"half an upload")
    gone = store.save(io.BytesIO(b"y"), max_bytes=10).key
    store.delete(gone)

    assert set(store.keys()) == kept


def test_check_writable_names_a_missing_folder(tmp_path):
    store = FileSystemStorage(tmp_path / "not-mounted")
    with pytest.raises(StorageError, match="does not exist"):
        store.check_writable()
    assert not (tmp_path / "not-mounted").exists()


def test_check_writable_says_when_the_folder_is_read_only(tmp_path):
    import os

    if os.geteuid() == 0:
        store = FileSystemStorage(tmp_path / "file-not-folder")
        (tmp_path / "file-not-folder").mkdir()
        (tmp_path / "file-not-folder" / "incoming").write_text("a file where a folder should be")
    else:
        store = FileSystemStorage(tmp_path)
        tmp_path.chmod(0o500)
    with pytest.raises(StorageError, match="cannot be written"):
        store.check_writable()
