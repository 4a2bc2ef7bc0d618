"""The upload store: uploaded files saved, opened and deleted behind a small interface.

Files are stored under generated keys (never the name the browser sent), streamed in chunks so a
large upload never sits in memory, and hashed on the way in. FileSystemStorage keeps them on
local disk; an S3 backend only has to implement the same three methods. Nothing outside this
module may assume a file is on local disk: hrsa.services.uploads checks content before storing.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol

CHUNK_SIZE = 64 * 1024
KEY_PATTERN = re.compile(r"[0-9a-f]{16,64}")


@dataclass(frozen=True)
class StoredFile:
    """A saved file: its generated key, size in bytes and SHA-256 (hex)."""

    key: str
    size: int
    sha256: str


class StorageError(Exception):
    """The store could not do what was asked."""


class FileTooLarge(StorageError):
    """The upload was longer than max_bytes; nothing was kept."""

    def __init__(self, max_bytes: int) -> None:
        super().__init__(f"The file is larger than {max_bytes} bytes")
        self.max_bytes = max_bytes


class FileMissing(StorageError):
    """No file is stored under this key."""


class Storage(Protocol):
    """What the rest of hrsa needs of an upload store."""

    def save(self, stream: IO[bytes], *, max_bytes: int) -> StoredFile:
        """Store the stream under a new key, reading it in chunks; FileTooLarge past max_bytes."""
        ...

    def open(self, key: str) -> IO[bytes]:
        """The stored file for reading; FileMissing if there is none."""
        ...

    def delete(self, key: str) -> None:
        """Delete the stored file; a key with no file is fine."""
        ...


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

    def save(self, stream: IO[bytes], *, max_bytes: int) -> StoredFile:
        key = secrets.token_hex(16)
        path = self.path(key)
        incoming = self.root / "incoming"
        incoming.mkdir(parents=True, exist_ok=True)
        partial = incoming / key
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
            path.parent.mkdir(parents=True, exist_ok=True)
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

    def _remove_empty_folder(self, folder: Path) -> None:
        with contextlib.suppress(OSError):  # not empty, or already gone: both fine
            folder.rmdir()


def storage_from_config(config: Mapping[str, Any]) -> Storage:
    """The store the app is configured to use (today: files under HRSA_UPLOAD_DIR)."""
    return FileSystemStorage(Path(config["HRSA_UPLOAD_DIR"]))
