"""What every upload store does, tested the same way on each: the local disk, and an
S3-compatible object store (moto's server on loopback, tests/object_store.py)."""

from __future__ import annotations

import hashlib
import io

import pytest

from hrsa.storage.base import CHUNK_SIZE, FileMissing, FileTooLarge, Storage, StorageError
from hrsa.storage.configured import storage_from_config


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


@pytest.fixture(params=["disk", "s3"])
def store(request: pytest.FixtureRequest, tmp_path) -> Storage:
    """Each kind of store, empty, built from settings as the app builds it."""
    if request.param == "disk":
        return storage_from_config({"HRSA_UPLOAD_DIR": str(tmp_path)})
    settings = request.getfixturevalue("s3_settings")
    return storage_from_config({**settings, "HRSA_UPLOAD_DIR": str(tmp_path / "unused")})


def read_back(store: Storage, key: str) -> bytes:
    with store.open(key) as stored:
        return stored.read()


def test_save_streams_in_chunks_and_records_size_and_hash(store):
    data = bytes(range(256)) * 1024 * 3  # 768 KiB: several chunks
    stream = ChunkedOnlyStream(data)

    saved = store.save(stream, max_bytes=10 * 1024 * 1024)  # type: ignore[arg-type]

    assert saved.size == len(data)
    assert saved.sha256 == hashlib.sha256(data).hexdigest()
    assert len(stream.read_sizes) > 1 and max(stream.read_sizes) == CHUNK_SIZE
    assert read_back(store, saved.key) == data


def test_open_reads_a_large_file_in_pieces(store):
    data = bytes(range(256)) * 4096 * 3  # 3 MiB
    saved = store.save(io.BytesIO(data), max_bytes=len(data))

    with store.open(saved.key) as stored:
        first = stored.read(CHUNK_SIZE)
        rest = b"".join(iter(lambda: stored.read(CHUNK_SIZE), b""))

    assert len(first) == CHUNK_SIZE
    assert first + rest == data


def test_each_file_gets_its_own_generated_hex_key(store):
    first = store.save(io.BytesIO(b"one"), max_bytes=100)
    second = store.save(io.BytesIO(b"one"), max_bytes=100)
    assert first.key != second.key
    assert all(c in "0123456789abcdef" for c in first.key + second.key)
    assert set(store.keys()) == {first.key, second.key}


def test_a_file_over_the_limit_is_refused_and_leaves_nothing_behind(store):
    stream = ChunkedOnlyStream(b"x" * (CHUNK_SIZE * 3))

    with pytest.raises(FileTooLarge):
        store.save(stream, max_bytes=CHUNK_SIZE + 10)  # type: ignore[arg-type]

    assert list(store.keys()) == []
    assert len(stream.read_sizes) == 2  # stopped reading as soon as it was too big


def test_a_file_exactly_at_the_limit_is_kept(store):
    saved = store.save(io.BytesIO(b"x" * 1024), max_bytes=1024)
    assert saved.size == 1024
    assert read_back(store, saved.key) == b"x" * 1024


def test_delete_removes_the_file_and_a_missing_key_is_fine(store):
    saved = store.save(io.BytesIO(b"policy"), max_bytes=100)

    store.delete(saved.key)
    store.delete(saved.key)

    assert list(store.keys()) == []
    with pytest.raises(FileMissing):
        store.open(saved.key)


def test_put_stores_under_the_exact_key_and_replaces_what_was_there(store):
    key = "0123456789abcdef" * 2
    store.put(key, io.BytesIO(b"first"))
    store.put(key, io.BytesIO(b"restored from a backup"))

    assert list(store.keys()) == [key]
    assert read_back(store, key) == b"restored from a backup"


@pytest.mark.parametrize(
    "key",
    ["../../etc/passwd", "ab/../../secret", "/etc/passwd", "..", "", "ABCDEF0123456789", "a" * 8],
)
def test_keys_that_are_not_generated_hex_are_refused(store, key):
    for use in (store.open, store.delete, lambda k: store.put(k, io.BytesIO(b"x"))):
        with pytest.raises(StorageError):
            use(key)


def test_keys_lists_every_stored_file_once(store):
    kept = {store.save(io.BytesIO(b"x"), max_bytes=10).key for _ in range(3)}
    gone = store.save(io.BytesIO(b"y"), max_bytes=10).key
    store.delete(gone)

    assert sorted(store.keys()) == sorted(kept)


def test_check_writable_passes_and_leaves_nothing(store):
    store.check_writable()
    assert list(store.keys()) == []
