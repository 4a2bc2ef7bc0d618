"""One upload pipeline for every file people send us: evidence for a rating today, a resource's
file next. It knows nothing of what a file is attached to.

accept() streams the upload into a temporary file (in memory while small), refusing it as soon
as it passes the size limit; refuses an empty file, content hrsa.services.evidence.file_types does
not accept, and a file that would pass the quota; and only then hands it to the Storage under a
generated key. A refused file never reaches the store, and nothing here needs a local path to
the stored file, so an object-store backend can replace FileSystemStorage without touching this
module. The caller records what the file belongs to, and calls discard() if that fails.
"""

from __future__ import annotations

import re
import tempfile
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO

from hrsa.core.formatting import file_size
from hrsa.core.invisible import one_line
from hrsa.services.evidence.file_types import UploadRejected, inspect_file
from hrsa.storage.base import CHUNK_SIZE, Storage

# UploadRejected is defined beside the content rules (which raise it) and re-exported here.
__all__ = [
    "StoredUpload",
    "UploadLimits",
    "UploadRejected",
    "accept",
    "clean_display_name",
    "discard",
    "limits_from",
]

MB = 1024 * 1024
MAX_NAME_LENGTH = 200
UNNAMED = "unnamed file"
# Windows' reserved device names, with or without an extension (CON.pdf is the console).
_RESERVED = re.compile(r"(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³])", re.IGNORECASE)
# Uploads up to this size are inspected in memory; larger ones spill to a temporary file.
SPOOL_IN_MEMORY_BYTES = 1 * MB


@dataclass(frozen=True)
class UploadLimits:
    """How large one file may be, and how many bytes its owner may store (None: no quota)."""

    max_file_bytes: int
    quota_bytes: int | None = None


@dataclass(frozen=True)
class StoredUpload:
    """A file that passed every check and is now in the store under key."""

    key: str
    filename: str  # the cleaned name, for display and downloads only
    content_type: str
    size: int
    sha256: str


def limits_from(config: Mapping[str, object]) -> UploadLimits:
    """The per-file and per-school limits from HRSA_MAX_UPLOAD_MB and HRSA_SCHOOL_QUOTA_MB."""
    return UploadLimits(
        max_file_bytes=_megabytes(config.get("HRSA_MAX_UPLOAD_MB", 20)),
        quota_bytes=_megabytes(config.get("HRSA_SCHOOL_QUOTA_MB", 500)),
    )


def _megabytes(value: object) -> int:
    return int(str(value)) * MB


def accept(
    store: Storage,
    stream: IO[bytes],
    filename: str,
    *,
    limits: UploadLimits,
    used_bytes: int = 0,
) -> StoredUpload:
    """Check the upload and store it under a generated key, or raise UploadRejected (one
    sentence naming the file and saying why) and keep nothing. used_bytes is what the owner
    already stores, counted against limits.quota_bytes."""
    name = clean_display_name(filename)
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY_BYTES) as spool:
        size = _spool(stream, spool, name, limits.max_file_bytes)
        if size == 0:
            raise UploadRejected(name, "is empty")
        file_type = inspect_file(spool, name)
        if limits.quota_bytes is not None and used_bytes + size > limits.quota_bytes:
            raise UploadRejected(
                name,
                f"would take your school past its {file_size(limits.quota_bytes)} "
                "storage allowance: delete old evidence or ask an administrator",
            )
        spool.seek(0)
        stored = store.save(spool, max_bytes=limits.max_file_bytes)
    return StoredUpload(
        key=stored.key,
        filename=name,
        content_type=file_type.content_type,
        size=stored.size,
        sha256=stored.sha256,
    )


def _spool(stream: IO[bytes], spool: IO[bytes], name: str, max_bytes: int) -> int:
    """Copy the stream in chunks; refuse it as soon as it passes max_bytes. Returns its size."""
    size = 0
    while chunk := stream.read(CHUNK_SIZE):
        size += len(chunk)
        if size > max_bytes:
            raise UploadRejected(
                name, f"is larger than {file_size(max_bytes)}: choose a smaller file"
            )
        spool.write(chunk)
    return size


def discard(store: Storage, key: str) -> None:
    """Delete a stored upload that is no longer wanted (its record was refused or removed)."""
    store.delete(key)


def clean_display_name(filename: str) -> str:
    """The file's name for display only: no folders, control characters or runs of spaces."""
    name = re.split(r"[\\/]", one_line(unicodedata.normalize("NFC", filename or "")))[-1]
    # Windows drops trailing dots and spaces, so "policy.pdf." would save as another name.
    name = name.strip().rstrip(". ")
    if name in {"", ".", ".."}:
        return UNNAMED
    if _RESERVED.fullmatch(name.split(".", 1)[0]):
        name = "_" + name  # CON.pdf cannot be saved on Windows: _CON.pdf can
    if len(name) > MAX_NAME_LENGTH:
        suffix = PurePosixPath(name).suffix
        if 1 < len(suffix) <= 20:
            name = name[: MAX_NAME_LENGTH - len(suffix)].rstrip() + suffix
        else:
            name = name[:MAX_NAME_LENGTH].rstrip()
    return name
