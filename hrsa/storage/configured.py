"""The one place that turns settings into the upload store: HRSA_STORAGE_URL says which.

`file:///folder` (or nothing: the folder HRSA_UPLOAD_DIR) keeps files on this machine's disk;
`s3://BUCKET/PREFIX` keeps them in an S3-compatible object store, at HRSA_S3_ENDPOINT_URL if
set (else AWS itself), with the credentials boto3 finds (AWS_ACCESS_KEY_ID, ...).
hrsa.config checks the settings once at start-up; this builds the store each time it is asked,
which is cheap (the S3 client is made once per process).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from hrsa.storage.base import Storage
from hrsa.storage.filesystem import FileSystemStorage

# S3's rules for bucket names: 3 to 63 lower-case letters, digits, dots and hyphens.
BUCKET_PATTERN = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")


@dataclass(frozen=True)
class StorageLocation:
    """Where files go: a folder on disk (folder None: HRSA_UPLOAD_DIR), or a bucket and prefix."""

    scheme: str  # "file" or "s3"
    folder: str | None = None
    bucket: str = ""
    prefix: str = ""


def parse_location(url: str) -> StorageLocation:
    """The location HRSA_STORAGE_URL names; ValueError (one sentence) when it names none."""
    url = url.strip()
    if not url:
        return StorageLocation("file")
    parts = urlsplit(url)
    if parts.scheme == "file" and parts.netloc in {"", "localhost"} and parts.path:
        if not parts.path.startswith("/") or parts.query or parts.fragment:
            raise ValueError(_not_a_location(url))
        return StorageLocation("file", folder=parts.path)
    if parts.scheme == "s3" and not (parts.query or parts.fragment):
        if not BUCKET_PATTERN.fullmatch(parts.netloc):
            raise ValueError(
                f"HRSA_STORAGE_URL names the bucket {parts.netloc!r}, which is not a bucket "
                "name: use 3 to 63 lower-case letters, digits, dots and hyphens."
            )
        prefix = parts.path.strip("/")
        return StorageLocation("s3", bucket=parts.netloc, prefix=f"{prefix}/" if prefix else "")
    raise ValueError(_not_a_location(url))


def _not_a_location(url: str) -> str:
    return f"HRSA_STORAGE_URL must be file:///path/to/folder or s3://bucket/prefix, not {url!r}."


def storage_from_config(config: Mapping[str, Any]) -> Storage:
    """The store the app is configured to use: an S3 bucket, or files under HRSA_UPLOAD_DIR."""
    location = parse_location(str(config.get("HRSA_STORAGE_URL") or ""))
    if location.scheme == "s3":
        from hrsa.storage.s3 import S3Storage, s3_client  # boto3 loads only when it is used

        endpoint = str(config.get("HRSA_S3_ENDPOINT_URL") or "").strip() or None
        return S3Storage(
            s3_client(endpoint),
            location.bucket,
            location.prefix,
            endpoint=endpoint or "",
            check_client=s3_client(endpoint, for_checks=True),
        )
    return FileSystemStorage(Path(str(config["HRSA_UPLOAD_DIR"])))
