"""The object store's own ways: files named under a prefix in one bucket, a store that is down or
a bucket that is missing said in one sentence, and links straight to a file."""

from __future__ import annotations

import io
import time
import urllib.request

import pytest

from hrsa.services.operations import readiness
from hrsa.storage.base import FileMissing, StorageError
from hrsa.storage.configured import StorageLocation, parse_location, storage_from_config
from hrsa.storage.s3 import S3Storage, s3_client
from tests.object_store import silent_endpoint


@pytest.fixture
def store(s3_settings) -> S3Storage:
    built = storage_from_config(s3_settings)
    assert isinstance(built, S3Storage)
    return built


def objects(store: S3Storage) -> list[str]:
    listed = store.client.list_objects_v2(Bucket=store.bucket)
    return sorted(found["Key"] for found in listed.get("Contents", []))


def test_files_are_objects_under_the_prefix(store):
    saved = store.save(io.BytesIO(b"policy"), max_bytes=100)
    assert objects(store) == [f"uploads/{saved.key}"]


def test_stores_with_other_prefixes_in_one_bucket_keep_apart(store):
    neighbour = S3Storage(store.client, store.bucket, "reports/")
    mine = store.save(io.BytesIO(b"evidence"), max_bytes=100).key
    theirs = neighbour.save(io.BytesIO(b"a report"), max_bytes=100).key
    store.client.put_object(
        Bucket=store.bucket, Key="uploads/notes.txt", Body=b"not a file of ours"
    )

    assert list(store.keys()) == [mine]
    assert list(neighbour.keys()) == [theirs]


def test_a_link_fetches_the_file_straight_from_the_store_as_a_download(store):
    saved = store.save(io.BytesIO(b"%PDF-1.4 policy"), max_bytes=100)

    link = store.download_link(
        saved.key,
        disposition='attachment; filename="Policy.pdf"',
        media_type="application/pdf",
        seconds=60,
    )

    assert link.startswith(store.client.meta.endpoint_url)
    assert "X-Amz-Expires=60" in link
    with urllib.request.urlopen(link, timeout=10) as fetched:  # noqa: S310 - the loopback server
        assert fetched.read() == b"%PDF-1.4 policy"
        assert fetched.headers["Content-Disposition"] == 'attachment; filename="Policy.pdf"'
        assert fetched.headers["Content-Type"] == "application/pdf"


def test_no_link_to_a_file_that_is_not_there(store):
    with pytest.raises(FileMissing):
        store.download_link(
            "ab" * 16, disposition="attachment", media_type="text/plain", seconds=60
        )


def test_a_missing_bucket_is_said_in_one_sentence(s3_settings, s3_endpoint):
    store = S3Storage(s3_client(s3_endpoint), "hrsa-no-such-bucket", endpoint=s3_endpoint)
    with pytest.raises(StorageError) as refused:
        store.check_bucket()
    message = str(refused.value)
    assert "the bucket hrsa-no-such-bucket does not exist" in message
    assert "\n" not in message


def test_a_store_that_does_not_answer_is_a_storage_error_naming_it(s3_settings):
    endpoint = silent_endpoint()
    store = S3Storage(s3_client(endpoint), "hrsa-down", "uploads/", endpoint=endpoint)

    for attempt in (
        lambda: store.save(io.BytesIO(b"x"), max_bytes=10),
        lambda: store.open("ab" * 16),
        lambda: list(store.keys()),
        store.check_writable,
        store.check_bucket,
    ):
        with pytest.raises(StorageError) as refused:
            attempt()
        message = str(refused.value)
        assert message.startswith(f"The object store s3://hrsa-down/uploads/ at {endpoint} ")
        assert "does not answer" in message and "\n" not in message
        assert "hrsa-test-secret" not in message

    assert "does not answer" in readiness.store_state(store)


def test_a_store_that_hangs_fails_its_health_check_within_seconds(s3_settings, hanging_endpoint):
    store = storage_from_config(
        {"HRSA_STORAGE_URL": "s3://hrsa-hung/uploads", "HRSA_S3_ENDPOINT_URL": hanging_endpoint}
    )
    started = time.monotonic()

    state = readiness.store_state(store)

    assert time.monotonic() - started < 3
    assert state.startswith("The object store s3://hrsa-hung/uploads/ at ")
    assert "does not answer" in state


@pytest.mark.parametrize(
    ("url", "location"),
    [
        ("", StorageLocation("file")),
        ("file:///srv/hrsa/uploads", StorageLocation("file", folder="/srv/hrsa/uploads")),
        ("s3://hrsa-files", StorageLocation("s3", bucket="hrsa-files")),
        (
            "s3://hrsa-files/city/uploads/",
            StorageLocation("s3", bucket="hrsa-files", prefix="city/uploads/"),
        ),
    ],
)
def test_the_storage_url_names_a_folder_or_a_bucket(url, location):
    assert parse_location(url) == location


@pytest.mark.parametrize(
    "url",
    [
        "uploads",
        "file:uploads",
        "file://server/share",
        "s3://",
        "s3://Big_Bucket/x",
        "ftp://x/y",
        "s3://ok-bucket/?x=1",
    ],
)
def test_anything_else_is_refused_in_one_sentence(url):
    with pytest.raises(ValueError) as refused:
        parse_location(url)
    assert str(refused.value).startswith("HRSA_STORAGE_URL ")
    assert str(refused.value).endswith(".")
