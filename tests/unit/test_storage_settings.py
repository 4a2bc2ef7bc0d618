"""Where uploaded files go (HRSA_STORAGE_URL): the disk by default, or an S3-compatible object
store, checked at start-up so a store that is down or a bucket that is missing stops the app
with one sentence, from create_app() and from the `hrsa` command alike."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from hrsa import create_app
from hrsa.cli.main import main
from hrsa.config import ConfigError
from hrsa.storage.configured import storage_from_config
from hrsa.storage.filesystem import FileSystemStorage
from hrsa.storage.s3 import S3Storage
from tests.conftest import TEST_SECRET
from tests.object_store import silent_endpoint


def settings(tmp_path: Path, **extra: object) -> dict[str, object]:
    return {
        "SECRET_KEY": TEST_SECRET,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'settings.sqlite3'}",
        "HRSA_UPLOAD_DIR": str(tmp_path / "instance-uploads"),
        "HRSA_STORAGE_URL": "",
        **extra,
    }


def refusal(tmp_path: Path, **extra: object) -> str:
    with pytest.raises(ConfigError) as refused:
        create_app(settings(tmp_path, **extra))
    message = str(refused.value)
    assert "\n" not in message and message[0].isupper() and message.endswith(".")
    assert "Traceback" not in message and "hrsa-test-secret" not in message
    return message


def test_a_file_url_names_the_upload_folder(tmp_path):
    (tmp_path / "shared").mkdir()
    app = create_app(settings(tmp_path, HRSA_STORAGE_URL=f"file://{tmp_path / 'shared'}"))

    assert app.config["HRSA_UPLOAD_DIR"] == str(tmp_path / "shared")
    store = storage_from_config(app.config)
    assert isinstance(store, FileSystemStorage) and store.root == tmp_path / "shared"


def test_a_bucket_that_is_there_is_used(tmp_path, s3_settings):
    app = create_app(settings(tmp_path, **s3_settings))

    store = storage_from_config(app.config)
    assert isinstance(store, S3Storage)
    assert (store.bucket, store.prefix) == (s3_settings["HRSA_STORAGE_URL"][5:-8], "uploads/")


def test_a_store_that_does_not_answer_stops_start_up_in_one_sentence(tmp_path, s3_settings):
    endpoint = silent_endpoint()

    message = refusal(
        tmp_path, HRSA_STORAGE_URL="s3://hrsa-files/city", HRSA_S3_ENDPOINT_URL=endpoint
    )

    assert message == (
        f"The object store s3://hrsa-files/city/ at {endpoint} cannot be used: it does not "
        "answer (start it, or correct HRSA_S3_ENDPOINT_URL)."
    )


def test_a_missing_bucket_stops_start_up_in_one_sentence(tmp_path, s3_settings, s3_endpoint):
    message = refusal(
        tmp_path, HRSA_STORAGE_URL="s3://hrsa-never-made", HRSA_S3_ENDPOINT_URL=s3_endpoint
    )
    assert "the bucket hrsa-never-made does not exist (create it, or correct " in message


@pytest.mark.parametrize(
    ("extra", "start"),
    [
        ({"HRSA_STORAGE_URL": "ftp://files.example/uploads"}, "HRSA_STORAGE_URL must be"),
        ({"HRSA_STORAGE_URL": "s3://Bad_Name/x"}, "HRSA_STORAGE_URL names the bucket"),
        ({"HRSA_S3_ENDPOINT_URL": "objects.example:9000"}, "HRSA_S3_ENDPOINT_URL must be"),
        ({"HRSA_S3_PRESIGNED_DOWNLOADS": True}, "HRSA_S3_PRESIGNED_DOWNLOADS needs"),
    ],
)
def test_settings_that_cannot_work_are_refused(tmp_path, extra, start):
    (tmp_path / "instance-uploads").mkdir()
    assert refusal(tmp_path, **extra).startswith(start)


def test_the_hrsa_command_says_it_in_one_line(tmp_path, s3_settings, monkeypatch, capsys):
    endpoint = silent_endpoint()
    monkeypatch.setenv("SECRET_KEY", TEST_SECRET)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    monkeypatch.setenv("HRSA_STORAGE_URL", "s3://hrsa-files")
    monkeypatch.setenv("HRSA_S3_ENDPOINT_URL", endpoint)
    monkeypatch.setenv("FLASK_RUN_FROM_CLI", "true")  # Flask's CLI sets it; put it back after
    monkeypatch.setattr(sys, "argv", ["hrsa", "check-storage"])

    with pytest.raises(SystemExit) as stopped:
        main()

    err = capsys.readouterr().err
    assert stopped.value.code == 1
    assert err.strip().splitlines() == [
        f"hrsa: The object store s3://hrsa-files/ at {endpoint} cannot be used: it does not "
        "answer (start it, or correct HRSA_S3_ENDPOINT_URL)."
    ]
