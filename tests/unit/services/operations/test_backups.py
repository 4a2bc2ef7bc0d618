"""The restore drill: a populated instance is backed up and restored into an empty one, on
SQLite and on PostgreSQL, and every row and every file comes back; a damaged, truncated or
newer-schema archive is refused with a sentence and changes nothing."""

from __future__ import annotations

import io
import json
import os
import secrets
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import MetaData, Table, create_engine, inspect, select, text
from sqlalchemy.engine import Engine, make_url

from hrsa import create_app
from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.storage.filesystem import FileSystemStorage
from tests import resource_helpers, small_city
from tests.conftest import TEST_SECRET


@pytest.fixture
def empty_database(app: Flask, tmp_path: Path) -> Iterator[str]:
    """The URL of a new, empty database on the same engine as the test app's."""
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"hrsa_restore_{secrets.token_hex(4)}"
    server = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


def empty_instance(database_url: str, folder: Path) -> Flask:
    folder.mkdir()
    return create_app(
        {
            "SECRET_KEY": TEST_SECRET,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "HRSA_UPLOAD_DIR": str(folder),
            "MAIL_SERVER": "",
        }
    )


def _reflected(name: str, connection) -> Table:  # type: ignore[no-untyped-def]
    return Table(name, MetaData(), autoload_with=connection)


def every_row(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    with engine.connect() as connection:
        names = sorted(inspect(connection).get_table_names())
        return {
            name: sorted(
                (tuple(row) for row in connection.execute(select(_reflected(name, connection)))),
                key=repr,
            )
            for name in names
        }


def every_file(folder: Path) -> dict[str, bytes]:
    store = FileSystemStorage(folder)
    result = {}
    for key in store.keys():  # noqa: SIM118 - a store, not a dict
        with store.open(key) as stored:
            result[key] = stored.read()
    return result


def backup(app: Flask, out: Path) -> None:
    result = app.test_cli_runner().invoke(args=["backup", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Wrote {out}: schema ")


@pytest.mark.committed
def test_the_restore_drill_brings_back_every_row_and_file(app, factory, tmp_path, empty_database):
    city = small_city.build(factory)
    assessment = city.assessments[("Ash", "now")]
    factory.evidence_file(assessment, "2.1", filename="policy.txt")
    factory.evidence_file(assessment, "2.2", filename="Môr minutes.txt", content=b"Minutes\n")
    resource_helpers.approved(factory.user(Role.SCHOOL_STAFF), factory.user(Role.ADVISORY))
    archive = tmp_path / "hrsa-backup.tar"

    backup(app, archive)

    restored = empty_instance(empty_database, tmp_path / "restored-uploads")
    with restored.app_context():  # pytest-flask keeps the test app's context pushed
        result = restored.test_cli_runner().invoke(args=["restore", str(archive)])
    assert result.exit_code == 0, result.output
    assert "every checksum verified" in result.output
    with app.app_context():
        before = every_row(db.engine)
    with restored.app_context():
        after = every_row(db.engine)
        db.engine.dispose()
    assert before.keys() == after.keys() and len(before) > 15
    for name in before:
        assert after[name] == before[name], name
    assert sum(len(rows) for rows in after.values()) > 100
    original = every_file(Path(app.config["HRSA_UPLOAD_DIR"]))
    assert every_file(tmp_path / "restored-uploads") == original
    assert b"Minutes\n" in original.values()


def refused(tmp_path: Path, database_url: str, archive: Path) -> str:
    target = empty_instance(database_url, tmp_path / "target-uploads")
    with target.app_context():  # pytest-flask keeps the test app's context pushed
        result = target.test_cli_runner().invoke(args=["restore", str(archive)])
    assert result.exit_code == 1, result.output
    with target.app_context():
        assert inspect(db.engine).get_table_names() == [], "the instance is unchanged"
        db.engine.dispose()
    assert list((tmp_path / "target-uploads").iterdir()) == []
    # In-process the command's refusal is the exception; the console script prints it.
    return result.output + str(result.exception)


def rewritten(archive: Path, out: Path, change) -> Path:  # type: ignore[no-untyped-def]
    """A copy of the archive with each part passed through change(name, bytes)."""
    with tarfile.open(archive) as source, tarfile.open(out, "w") as copy:
        for member in source:
            stream = source.extractfile(member)
            data = change(member.name, stream.read() if stream else b"")
            info = tarfile.TarInfo(member.name)
            info.size = len(data)
            copy.addfile(info, io.BytesIO(data))
    return out


@pytest.fixture
def archive(app, factory, tmp_path) -> Path:  # type: ignore[no-untyped-def]
    factory.evidence_file(factory.assessment(), "1.1")
    out = tmp_path / "good.tar"
    backup(app, out)
    return out


def test_a_truncated_archive_is_refused_and_nothing_changes(tmp_path, archive, empty_database):
    cut = tmp_path / "cut.tar"
    cut.write_bytes(archive.read_bytes()[: os.path.getsize(archive) // 2])

    assert "The archive is damaged" in refused(tmp_path, empty_database, cut)


def test_a_part_that_does_not_match_its_checksum_is_refused(tmp_path, archive, empty_database):
    def flip(name: str, data: bytes) -> bytes:
        return data[:-1] + bytes([data[-1] ^ 1]) if name.startswith("files/") else data

    damaged = rewritten(archive, tmp_path / "damaged.tar", flip)

    assert "does not match its checksum" in refused(tmp_path, empty_database, damaged)


def test_a_newer_schema_is_refused(tmp_path, archive, empty_database):
    def newer(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["schema_revision"] = "9999"
        return json.dumps(manifest).encode()

    future = rewritten(archive, tmp_path / "future.tar", newer)

    assert "schema (9999) is newer than this hrsa knows" in refused(
        tmp_path, empty_database, future
    )


def test_a_restore_never_overwrites_a_database_in_use(app, archive):
    result = app.test_cli_runner().invoke(args=["restore", str(archive)])

    assert result.exit_code == 1
    assert "restore only into a new, empty database" in str(result.exception)
