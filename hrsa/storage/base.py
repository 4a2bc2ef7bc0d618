"""What every upload store is: the Storage protocol, a stored file and the store's errors.

Files are stored under generated keys (never the name the browser sent), streamed in chunks so a
large upload never sits in memory, and hashed on the way in. Nothing outside hrsa/storage may
assume a file is on local disk.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Protocol, runtime_checkable

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

    def put(self, key: str, stream: IO[bytes]) -> None:
        """Store the stream under this exact key (restoring a backup), replacing any file."""
        ...

    def keys(self) -> Iterator[str]:
        """Every stored file's key, in no particular order (partial uploads are not files)."""
        ...

    def check_writable(self) -> None:
        """Store and delete a tiny probe; StorageError saying why if the store cannot take files."""
        ...


@runtime_checkable
class LinksToFiles(Protocol):
    """A store that can give a browser a short-lived link to fetch a file straight from it."""

    def download_link(self, key: str, *, disposition: str, media_type: str, seconds: int) -> str:
        """A link valid for `seconds`, sent with these headers; FileMissing if there is no file."""
        ...
