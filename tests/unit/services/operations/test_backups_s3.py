"""Backups with an S3-compatible object store (moto's server on loopback): a backup of files on
disk restores into an empty bucket, which is also how an instance moves its files from a folder
to an object store (docs/OPERATIONS.md)."""

from __future__ import annotations

import io
import secrets

from hrsa import create_app
from hrsa.extensions import db
from hrsa.storage.base import Storage
from hrsa.storage.configured import storage_from_config
from hrsa.storage.s3 import S3Storage, s3_client
from tests.conftest import TEST_SECRET
from tests.object_store import REGION
from tests.unit.services.operations.test_backups import backup, empty_database  # noqa: F401 - a fixture


def every_file(store: Storage) -> dict[str, bytes]:
    files = {}
    for key in store.keys():  # noqa: SIM118 - a store, not a dict
        with store.open(key) as stored:
            files[key] = stored.read()
    return files


def test_files_on_disk_restore_into_an_empty_bucket(
    app,
    tmp_path,
    monkeypatch,
    s3_settings,
    s3_endpoint,
    empty_database,  # noqa: F811
):
    (tmp_path / "uploads").mkdir()
    monkeypatch.setitem(app.config, "HRSA_UPLOAD_DIR", str(tmp_path / "uploads"))
    on_disk = storage_from_config(app.config)
    for data in (b"Our policy\n", b"Governors' minutes\n", bytes(range(256)) * 400):
        on_disk.save(io.BytesIO(data), max_bytes=len(data))
    archive = tmp_path / "hrsa-backup.tar"
    backup(app, archive)
    bucket = f"hrsa-restored-{secrets.token_hex(4)}"
    s3_client(s3_endpoint).create_bucket(
        Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION}
    )
    restored = create_app(
        {
            "SECRET_KEY": TEST_SECRET,
            "SQLALCHEMY_DATABASE_URI": empty_database,
            "HRSA_STORAGE_URL": f"s3://{bucket}/hrsa",
            "HRSA_S3_ENDPOINT_URL": s3_endpoint,
            "MAIL_SERVER": "",
        }
    )

    with restored.app_context():  # pytest-flask keeps the test app's context pushed
        result = restored.test_cli_runner().invoke(args=["restore", str(archive)])
        db.engine.dispose()

    assert result.exit_code == 0, result.output
    in_bucket = storage_from_config(restored.config)
    assert isinstance(in_bucket, S3Storage) and in_bucket.prefix == "hrsa/"
    assert every_file(in_bucket) == every_file(on_disk)
    assert len(every_file(in_bucket)) == 3
