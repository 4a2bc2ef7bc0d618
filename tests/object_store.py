"""An S3-compatible object store for the tests: moto's server on loopback, started once per run
by the first test that asks for it, and a new empty bucket for each test that uses it.

A real server answering over HTTP, so boto3, its retries and its errors are the real ones.
"""

from __future__ import annotations

import secrets
import socket
from collections.abc import Iterator

import pytest
from flask import Flask

REGION = "eu-west-2"
# Any key will do for moto; the region needs the bucket's LocationConstraint to match.
CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "hrsa-test-key",
    "AWS_SECRET_ACCESS_KEY": "hrsa-test-secret",
    "AWS_DEFAULT_REGION": REGION,
}


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """The address of an S3-compatible server on a free loopback port, for the whole run."""
    from moto.server import ThreadedMotoServer  # loaded only by runs that use it

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_settings(s3_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """hrsa's settings for a new, empty bucket of this test's own (files under uploads/), with
    the AWS credentials in the environment as a deployment would set them."""
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_REGION"):
        monkeypatch.delenv(name, raising=False)
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    from hrsa.storage.s3 import s3_client

    bucket = f"hrsa-test-{secrets.token_hex(6)}"
    s3_client(s3_endpoint).create_bucket(
        Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION}
    )
    return {"HRSA_STORAGE_URL": f"s3://{bucket}/uploads", "HRSA_S3_ENDPOINT_URL": s3_endpoint}


@pytest.fixture
def s3_app(app: Flask, s3_settings: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Flask:
    """The app under test with its files in this test's bucket instead of on disk."""
    for name, value in s3_settings.items():
        monkeypatch.setitem(app.config, name, value)
    return app


def silent_endpoint() -> str:
    """The address of a loopback port nothing listens on: an object store that is down."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def hanging_endpoint() -> Iterator[str]:
    """The address of a loopback port that takes connections and never answers: a store that
    hangs."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)  # the kernel completes connections; nothing ever reads them
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
