"""A resource's file kept in an S3-compatible object store (moto's server on loopback): proposed
with a file, stored in the bucket, downloaded back by those who may see it."""

from __future__ import annotations

import pytest
from flask import current_app
from sqlalchemy import select

from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.models import Resource
from hrsa.storage.configured import storage_from_config
from tests import evidence_samples as samples
from tests.web.resources.test_files import post_with_file


@pytest.fixture(autouse=True)
def _end_transaction():  # type: ignore[no-untyped-def]
    yield
    db.session.rollback()


def test_a_resource_file_goes_to_the_bucket_and_downloads_back(s3_app, client, sign_in, factory):
    sign_in(factory.user(Role.SCHOOL_STAFF).email)

    proposed = post_with_file(client, samples.pdf(), "Consent lesson.pdf", url="")
    resource = db.session.scalar(select(Resource))
    download = client.get(f"/resources/{resource.id}/file", buffered=True)

    assert proposed.status_code == 302
    assert list(storage_from_config(current_app.config).keys()) == [resource.storage_key]
    assert download.status_code == 200
    assert download.data == samples.pdf()
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.headers["Cache-Control"] == "private, no-store"
