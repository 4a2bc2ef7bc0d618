"""The upload store: uploaded files saved, opened and deleted behind a small interface.

Files are stored under generated keys (never the name the browser sent), streamed in chunks so a
large upload never sits in memory, and hashed on the way in. FileSystemStorage keeps them on
local disk (s3.py keeps them in an object store, behind the same Storage protocol). Nothing
outside hrsa/storage may assume a file is on local disk: hrsa.services.evidence.uploads checks
content before storing.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import secrets
import time
from collections.abc import Iterator, Mapping
from datetime import timedelta
from pathlib import Path
from typing import IO, Any

from hrsa.storage.base import (
    CHUNK_SIZE,
    KEY_PATTERN,
    FileMissing,
    FileTooLarge,
    Storage,
    StorageError,
    StoredFile,
)


class FileSystemStorage:
    """Files on local disk under root, fanned out as root/ab/abcdef... to keep folders small."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)

    def path(self, key: str) -> Path:
        """Where the key's file lives on this disk (not part of Storage: other stores have none)."""
        # Keys are generated hex; anything else (../, slashes, dots) could escape the root.
        if not isinstance(key, str) or not KEY_PATTERN.fullmatch(key):
            raise StorageError(f"Not a storage key: {key!r}")
        return self.root / key[:2] / key

    def _partial(self, key: str) -> Path:
        """Where a file is written before it is moved into place (the incoming folder)."""
        if not self.root.is_dir():
            # Never made here: an unmounted shared volume must not quietly become a local folder.
            raise StorageError(f"The upload folder {self.root} does not exist")
        incoming = self.root / "incoming"
        incoming.mkdir(exist_ok=True)
        return incoming / key

    def save(self, stream: IO[bytes], *, max_bytes: int) -> StoredFile:
        key = secrets.token_hex(16)
        path = self.path(key)
        partial = self._partial(key)
        digest = hashlib.sha256()
        size = 0
        try:
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as out:
                while True:
                    chunk = stream.read(CHUNK_SIZE)
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > max_bytes:
                        raise FileTooLarge(max_bytes)
                    digest.update(chunk)
                    out.write(chunk)
            self._move_into_place(partial, path)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        return StoredFile(key=key, size=size, sha256=digest.hexdigest())

    def _move_into_place(self, partial: Path, path: Path) -> None:
        # A delete() may remove the empty fan-out folder between mkdir and replace: try again.
        for attempt in range(3):
            path.parent.mkdir(exist_ok=True)
            try:
                os.replace(partial, path)
                return
            except FileNotFoundError:
                if attempt == 2 or not partial.exists():
                    raise

    def open(self, key: str) -> IO[bytes]:
        try:
            return self.path(key).open("rb")
        except FileNotFoundError:
            raise FileMissing(f"No stored file {key}") from None

    def delete(self, key: str) -> None:
        path = self.path(key)
        path.unlink(missing_ok=True)
        self._remove_empty_folder(path.parent)

    def put(self, key: str, stream: IO[bytes]) -> None:
        path = self.path(key)
        partial = self._partial(key)
        try:
            with partial.open("wb") as out:
                while chunk := stream.read(CHUNK_SIZE):
                    out.write(chunk)
            self._move_into_place(partial, path)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise

    def keys(self) -> Iterator[str]:
        for path in self.root.glob("??/*"):
            if (
                path.is_file()
                and KEY_PATTERN.fullmatch(path.name)
                and path.name[:2] == path.parent.name
            ):
                yield path.name

    def check_writable(self) -> None:
        if not self.root.is_dir():
            raise StorageError(f"The upload folder {self.root} does not exist")
        try:
            stored = self.save(io.BytesIO(b"probe"), max_bytes=16)
            self.delete(stored.key)
        except OSError as error:
            raise StorageError(
                f"The upload folder {self.root} cannot be written: {error.strerror}"
            ) from None

    def stale_partials(self, older_than: timedelta) -> list[str]:
        """Partial uploads (in the incoming folder) last written more than `older_than` ago: a
        save in progress keeps writing, so only abandoned ones are this old."""
        incoming = self.root / "incoming"
        if not incoming.is_dir():
            return []
        cutoff = time.time() - older_than.total_seconds()
        return sorted(
            path.name
            for path in incoming.iterdir()
            if path.is_file() and path.stat().st_mtime < cutoff
        )

    def remove_partials(self, names: list[str]) -> None:
        for name in names:
            if KEY_PATTERN.fullmatch(name):
                (self.root / "incoming" / name).unlink(missing_ok=True)

    def _remove_empty_folder(self, folder: Path) -> None:
        with contextlib.suppress(OSError):  # not empty, or already gone: both fine
            folder.rmdir()


def storage_from_config(config: Mapping[str, Any]) -> Storage:
    """The store the app is configured to use: kept here for code written before
    hrsa.storage.configured, which builds it (a folder or an S3 bucket)."""
    from hrsa.storage.configured import storage_from_config as configured_store

    return configured_store(config)
