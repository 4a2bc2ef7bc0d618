"""Uploaded files in an S3-compatible object store (AWS S3, MinIO, Ceph, Garage...), so that
every app server sees the same files.

Each file is one object, PREFIX + key, in one bucket. A file is checked, counted and hashed into
a temporary spool before a single PUT sends it, so the store never holds half a file and a file
over the limit never reaches it. Reading streams the object in chunks. Every failure of the store
becomes a StorageError whose message is one sentence naming the store (never its credentials).
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import secrets
import tempfile
from collections.abc import Iterator
from typing import IO, Any, cast

import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectionClosedError,
    EndpointConnectionError,
    NoCredentialsError,
    PartialCredentialsError,
)
from botocore.exceptions import (
    ConnectTimeoutError as BotoConnectTimeout,
)
from botocore.exceptions import (
    ReadTimeoutError as BotoReadTimeout,
)

from hrsa.storage.base import (
    CHUNK_SIZE,
    KEY_PATTERN,
    FileMissing,
    FileTooLarge,
    StorageError,
    StoredFile,
)

# A file is spooled in memory up to this size before it is sent, on disk beyond it.
SPOOL_IN_MEMORY_BYTES = 1024 * 1024
# One PUT for every file up to this size (uploads are capped far below): no multipart upload
# is ever left half done by a process killed mid-upload.
SINGLE_PUT_BYTES = 5 * 1024 * 1024 * 1024
_TRANSFER = TransferConfig(multipart_threshold=SINGLE_PUT_BYTES, use_threads=False)
# A store that does not answer costs a request seconds, and at worst (two tries of a connect
# and a read) about 26 seconds: under gunicorn's 30-second worker timeout. The read timeout is
# for each piece of a download, not the whole file.
_REQUEST_CONFIG = Config(
    connect_timeout=3,
    read_timeout=10,
    retries={"total_max_attempts": 2, "mode": "standard"},
)
# Health checks (start-up, /readyz) give a store that hangs about two seconds, once: a load
# balancer asking every few seconds must not tie up the workers.
_CHECK_CONFIG = Config(
    connect_timeout=1,
    read_timeout=1.5,
    retries={"total_max_attempts": 1, "mode": "standard"},
)
# Path-style addresses (endpoint/bucket/key) work on every S3-compatible service.
_PATH_STYLE = Config(s3={"addressing_style": "path"})
# The environment boto3 reads its credentials and region from: a new client when it changes.
_AWS_VARIABLES = (
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_PROFILE",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
)
_NOT_ANSWERING = (
    EndpointConnectionError,
    BotoConnectTimeout,
    BotoReadTimeout,
    ConnectionClosedError,
)
_MISSING_CODES = {"NoSuchKey", "404", "NotFound"}


def s3_client(endpoint_url: str | None, *, for_checks: bool = False) -> Any:
    """A client for the endpoint (None: AWS itself) with the credentials and region the
    environment gives boto3 (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION, ...), made
    once per process: clients are thread-safe and slow to make. `for_checks`: one that gives up
    quickly, for health checks."""
    environment = tuple(os.environ.get(name) for name in _AWS_VARIABLES)
    # The process id: a forked process (a job's work horse) must not share the parent's sockets.
    return _cached_client(endpoint_url, for_checks, environment, os.getpid())


@functools.lru_cache(maxsize=16)
def _cached_client(
    endpoint_url: str | None, for_checks: bool, environment: tuple[str | None, ...], pid: int
) -> Any:
    config = _CHECK_CONFIG if for_checks else _REQUEST_CONFIG
    if endpoint_url:
        config = config.merge(_PATH_STYLE)
    return boto3.session.Session().client("s3", endpoint_url=endpoint_url, config=config)


class S3Storage:
    """Files as objects named prefix + key in one bucket of an S3-compatible store."""

    def __init__(
        self,
        client: Any,
        bucket: str,
        prefix: str = "",
        *,
        endpoint: str = "",
        check_client: Any = None,
    ) -> None:
        self.client = client
        self.check_client = check_client or client  # for check_writable and check_bucket
        self.bucket = bucket
        self.prefix = prefix
        self.where = f"s3://{bucket}/{prefix}" + (f" at {endpoint}" if endpoint else "")

    def name(self, key: str) -> str:
        """The object's name in the bucket (not part of Storage: other stores have none)."""
        if not isinstance(key, str) or not KEY_PATTERN.fullmatch(key):
            raise StorageError(f"Not a storage key: {key!r}")
        return self.prefix + key

    def save(self, stream: IO[bytes], *, max_bytes: int) -> StoredFile:
        key = secrets.token_hex(16)
        name = self.name(key)
        digest = hashlib.sha256()
        size = 0
        with tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY_BYTES) as spool:
            while chunk := stream.read(CHUNK_SIZE):
                size += len(chunk)
                if size > max_bytes:
                    raise FileTooLarge(max_bytes)
                digest.update(chunk)
                spool.write(chunk)
            spool.seek(0)
            self._upload(spool, name)
        return StoredFile(key=key, size=size, sha256=digest.hexdigest())

    def _upload(self, stream: IO[bytes], name: str) -> None:
        try:
            self.client.upload_fileobj(stream, self.bucket, name, Config=_TRANSFER)
        except (BotoCoreError, ClientError) as error:
            raise self._refused("could not store a file", error) from None

    def open(self, key: str) -> IO[bytes]:
        body = self._ask_for(key, "could not send", self.client.get_object)["Body"]
        return cast(IO[bytes], io.BufferedReader(_ObjectReader(body, self, key), CHUNK_SIZE))

    def _ask_for(self, key: str, doing: str, request: Any) -> Any:
        """The store's answer to `request` about the key's object; FileMissing if there is none."""
        try:
            return request(Bucket=self.bucket, Key=self.name(key))
        except ClientError as error:
            if _code(error) in _MISSING_CODES:
                raise FileMissing(f"No stored file {key}") from None
            raise self._refused(f"{doing} file {key}", error) from None
        except BotoCoreError as error:
            raise self._refused(f"{doing} file {key}", error) from None

    def delete(self, key: str) -> None:
        name = self.name(key)
        try:
            self.client.delete_object(Bucket=self.bucket, Key=name)
        except (BotoCoreError, ClientError) as error:
            raise self._refused(f"could not delete file {key}", error) from None

    def put(self, key: str, stream: IO[bytes]) -> None:
        self._upload(stream, self.name(key))

    def keys(self) -> Iterator[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=self.prefix
        )
        try:
            for page in pages:
                for found in page.get("Contents", []):
                    key = found["Key"][len(self.prefix) :]
                    if KEY_PATTERN.fullmatch(key):
                        yield key
        except (BotoCoreError, ClientError) as error:
            raise self._refused("could not list the stored files", error) from None

    def check_writable(self) -> None:
        name = self.name(secrets.token_hex(16))
        try:
            self.check_client.put_object(Bucket=self.bucket, Key=name, Body=b"probe")
            self.check_client.delete_object(Bucket=self.bucket, Key=name)
        except (BotoCoreError, ClientError) as error:
            raise self._refused("cannot take files", error) from None

    def check_bucket(self) -> None:
        """StorageError saying why, in one sentence, unless the bucket is there to be used."""
        try:
            self.check_client.head_bucket(Bucket=self.bucket)
        except (BotoCoreError, ClientError) as error:
            raise self._refused("cannot be used", error) from None

    def download_link(self, key: str, *, disposition: str, media_type: str, seconds: int) -> str:
        """A link that fetches the file straight from the store for `seconds`, sent with this
        Content-Disposition and type; FileMissing if there is no such file."""
        self._ask_for(key, "could not find", self.client.head_object)
        return str(
            self.client.generate_presigned_url(
                "get_object",
                Params={
                    "Bucket": self.bucket,
                    "Key": self.name(key),
                    "ResponseContentDisposition": disposition,
                    "ResponseContentType": media_type,
                    "ResponseCacheControl": "private, no-store",
                },
                ExpiresIn=seconds,
            )
        )

    def _refused(self, doing: str, error: BotoCoreError | ClientError) -> StorageError:
        return StorageError(f"The object store {self.where} {doing}: {_reason(self, error)}")


class _ObjectReader(io.RawIOBase):
    """An object's body read in pieces as it arrives; closing it ends the connection."""

    def __init__(self, body: Any, store: S3Storage, key: str) -> None:
        self._body = body
        self._store = store
        self._key = key

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        try:
            data = self._body.read(len(buffer))
        except (BotoCoreError, OSError) as error:
            raise StorageError(
                f"The object store {self._store.where} stopped sending file {self._key}: {error}"
            ) from None
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self._body.close()
        super().close()


def _code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


def _reason(store: S3Storage, error: BotoCoreError | ClientError) -> str:
    """Why the store refused, with what to do about it."""
    if isinstance(error, _NOT_ANSWERING):
        return "it does not answer (start it, or correct HRSA_S3_ENDPOINT_URL)"
    if isinstance(error, NoCredentialsError | PartialCredentialsError):
        return "no credentials were found (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)"
    if isinstance(error, ClientError):
        code = _code(error)
        if code in {"NoSuchBucket", "404", "NotFound"}:
            return (
                f"the bucket {store.bucket} does not exist (create it, or correct HRSA_STORAGE_URL)"
            )
        if code in {"403", "AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch"}:
            return f"it refused hrsa's credentials ({code}: check AWS_ACCESS_KEY_ID and its secret)"
        return f"it answered {code or 'an error'}"
    return str(error)
