"""The upload store: streamed saves under generated keys, size limits, and safe keys."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest

from hrsa.storage.base import CHUNK_SIZE, FileMissing, FileTooLarge, StorageError
from hrsa.storage.filesystem import FileSystemStorage, storage_from_config


class ChunkedOnlyStream(io.RawIOBase):
    """A stream that fails the test if anyone tries to read it whole (or in huge pieces)."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)
        self.read_sizes: list[int] = []

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:  # type: ignore[override]
        if size is None or size < 0 or size > 1024 * 1024:
            raise AssertionError(f"read({size}) would pull the whole upload into memory")
        self.read_sizes.append(size)
        return self._data.read(size)


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def test_save_streams_in_chunks_and_records_size_and_hash(tmp_path):
    data = bytes(range(256)) * 1024 * 3  # 768 KiB: several chunks
    stream = ChunkedOnlyStream(data)
    store = FileSystemStorage(tmp_path)

    saved = store.save(stream, max_bytes=10 * 1024 * 1024)  # type: ignore[arg-type]

    assert saved.size == len(data)
    assert saved.sha256 == hashlib.sha256(data).hexdigest()
    assert len(stream.read_sizes) > 1 and max(stream.read_sizes) == CHUNK_SIZE
    path = store.path(saved.key)
    assert path == tmp_path / saved.key[:2] / saved.key
    assert path.read_bytes() == data
    with store.open(saved.key) as stored:
        assert stored.read() == data


def test_each_file_gets_its_own_generated_hex_key(tmp_path):
    store = FileSystemStorage(tmp_path)
    first = store.save(io.BytesIO(b"one"), max_bytes=100)
    second = store.save(io.BytesIO(b"one"), max_bytes=100)
    assert first.key != second.key
    assert all(c in "0123456789abcdef" for c in first.key + second.key)


def test_a_file_over_the_limit_is_refused_and_leaves_nothing_behind(tmp_path):
    store = FileSystemStorage(tmp_path)
    stream = ChunkedOnlyStream(b"x" * (CHUNK_SIZE * 3))

    with pytest.raises(FileTooLarge):
        store.save(stream, max_bytes=CHUNK_SIZE + 10)  # type: ignore[arg-type]

    assert stored_files(tmp_path) == []
    assert len(stream.read_sizes) == 2  # stopped reading as soon as it was too big


def test_a_file_exactly_at_the_limit_is_kept(tmp_path):
    store = FileSystemStorage(tmp_path)
    saved = store.save(io.BytesIO(b"x" * 1024), max_bytes=1024)
    assert saved.size == 1024


def test_delete_removes_the_file_and_a_missing_key_is_fine(tmp_path):
    store = FileSystemStorage(tmp_path)
    saved = store.save(io.BytesIO(b"policy"), max_bytes=100)

    store.delete(saved.key)
    store.delete(saved.key)

    assert stored_files(tmp_path) == []
    with pytest.raises(FileMissing):
        store.open(saved.key)


@pytest.mark.parametrize(
    "key",
    ["../../etc/passwd", "ab/../../secret", "/etc/passwd", "..", "", "ABCDEF0123456789", "a" * 8],
)
def test_keys_that_are_not_generated_hex_are_refused(tmp_path, key):
    store = FileSystemStorage(tmp_path)
    for use in (store.open, store.delete, store.path):
        with pytest.raises(StorageError):
            use(key)


def test_storage_from_config_uses_the_upload_folder(tmp_path):
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


def test_check_writable_passes_on_a_writable_folder_and_leaves_nothing(tmp_path):
    store = FileSystemStorage(tmp_path)
    store.check_writable()
    assert stored_files(tmp_path) == []


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
