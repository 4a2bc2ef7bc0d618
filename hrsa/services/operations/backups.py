"""Backups that restore: one archive holding the database, every stored file and a manifest.

`write_backup` makes a tar archive: `manifest.json` (the schema revision, the engine, row counts
and a SHA-256 for every other part), the database (SQLite's online backup API, which is safe
while the app runs in WAL mode, or `pg_dump --format=custom` for PostgreSQL) and each stored file
under `files/KEY`. `restore` reads the whole archive and checks every part against the manifest
before it changes anything, and only restores into an empty instance: a damaged, truncated or
newer-schema archive is refused with a sentence saying why.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import func, inspect, select, table, text
from sqlalchemy.engine import Engine, make_url

from hrsa.core.errors import ServiceError
from hrsa.storage.base import CHUNK_SIZE, Storage

FORMAT = "hrsa-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SQLITE_PART = "database.sqlite3"
POSTGRES_PART = "database.pgdump"


class BackupError(ServiceError):
    """The archive cannot be made or restored; the message says why in one sentence."""


@dataclass(frozen=True)
class BackupSummary:
    revision: str
    tables: int
    rows: int
    files: int


def _sha256(stream: IO[bytes]) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while chunk := stream.read(CHUNK_SIZE):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def row_counts(engine: Engine) -> dict[str, int]:
    """Rows in every table of the schema, by table name."""
    names = sorted(inspect(engine).get_table_names())
    with engine.connect() as connection:
        return {
            name: int(connection.scalar(select(func.count()).select_from(table(name))) or 0)
            for name in names
        }


def _revision(engine: Engine) -> str:
    with engine.connect() as connection:
        if "alembic_version" not in inspect(connection).get_table_names():
            return ""
        return str(connection.scalar(text("SELECT version_num FROM alembic_version")) or "")


def _dump_database(engine: Engine, folder: Path) -> Path:
    url = engine.url
    if url.get_backend_name() == "sqlite":
        target = folder / SQLITE_PART
        source = sqlite3.connect(url.database or "")
        try:
            with sqlite3.connect(target) as copy:
                source.backup(copy)  # the online backup API: consistent while others write
            copy.close()
        finally:
            source.close()
        return target
    target = folder / POSTGRES_PART
    _run(
        ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"],
        url,
        "pg_dump",
    )
    return target


def _pg_environment(url: Any) -> dict[str, str]:
    environment = dict(os.environ)
    for key, value in (
        ("PGHOST", url.host),
        ("PGPORT", url.port),
        ("PGUSER", url.username),
        ("PGPASSWORD", url.password),
        ("PGDATABASE", url.database),
    ):
        if value is not None:
            environment[key] = str(value)
    return environment


def _run(command: list[str], url: Any, tool: str) -> None:
    if shutil.which(tool) is None:
        raise BackupError(f"{tool} is not installed: install Debian's postgresql-client")
    done = subprocess.run(  # noqa: S603 - fixed PostgreSQL tools, arguments built here
        command, env=_pg_environment(url), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["no reason given"])[-1]
        raise BackupError(f"{tool} failed: {reason}")


def write_backup(engine: Engine, store: Storage, out: Path) -> BackupSummary:
    """Write one consistent archive of the database and every stored file to `out`."""
    revision = _revision(engine)
    if not revision:
        raise BackupError("The database has no hrsa schema to back up: run 'hrsa db upgrade'")
    counts = row_counts(engine)
    parts: dict[str, str] = {}
    keys = sorted(store.keys())
    with tempfile.TemporaryDirectory(prefix="hrsa-backup-") as scratch:
        database = _dump_database(engine, Path(scratch))
        partial = out.with_name(out.name + ".partial")
        with tarfile.open(partial, "w") as archive:
            with database.open("rb") as stream:
                parts[database.name], _ = _sha256(stream)
            archive.add(database, arcname=database.name)
            for key in keys:
                with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as spool:
                    with store.open(key) as stored:
                        shutil.copyfileobj(stored, spool, CHUNK_SIZE)
                    spool.seek(0)
                    parts[f"files/{key}"], size = _sha256(spool)
                    spool.seek(0)
                    info = tarfile.TarInfo(f"files/{key}")
                    info.size = size
                    archive.addfile(info, spool)
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "engine": engine.url.get_backend_name(),
                "schema_revision": revision,
                "row_counts": counts,
                "parts": parts,
            }
            body = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(body)
            archive.addfile(info, io.BytesIO(body))
        os.replace(partial, out)
    return BackupSummary(revision, len(counts), sum(counts.values()), len(keys))


@dataclass(frozen=True)
class Manifest:
    engine: str
    revision: str
    row_counts: dict[str, int]
    parts: dict[str, str]


def _damaged(reason: str) -> BackupError:
    return BackupError(f"The archive is damaged ({reason}): nothing was restored")


@contextmanager
def _opened(path: Path) -> Iterator[tarfile.TarFile]:
    try:
        with tarfile.open(path, "r:") as archive:
            yield archive
    except FileNotFoundError:
        raise BackupError(f"There is no archive at {path}") from None
    except (tarfile.TarError, EOFError, OSError) as error:
        raise _damaged(f"it cannot be read as an hrsa backup: {error}") from None


def read_manifest(archive: tarfile.TarFile) -> Manifest:
    try:
        member = archive.extractfile(MANIFEST)
        data = json.loads(member.read()) if member else None
    except (KeyError, ValueError):
        data = None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupError("This is not an hrsa backup: it has no hrsa manifest")
    if data.get("format_version") != FORMAT_VERSION:
        raise BackupError("This backup was made by another version of hrsa's backup format")
    return Manifest(
        engine=str(data["engine"]),
        revision=str(data["schema_revision"]),
        row_counts={str(k): int(v) for k, v in data["row_counts"].items()},
        parts={str(k): str(v) for k, v in data["parts"].items()},
    )


def _ends_whole(path: Path) -> bool:
    """Whether the file ends with tar's end-of-archive marker (two zero blocks): a file cut
    short does not, and its listing simply stops early, so the manifest (written last) is gone."""
    size = path.stat().st_size
    if size < 1024:
        return False
    with path.open("rb") as stream:
        stream.seek(size - 1024)
        return stream.read(1024) == bytes(1024)


def verify(path: Path, known_revisions: set[str]) -> Manifest:
    """Every part present with its checksum, and a schema this hrsa knows; else BackupError."""
    with _opened(path) as archive:
        try:
            manifest = read_manifest(archive)
        except BackupError:
            if not _ends_whole(path):
                raise _damaged("it ends early, before its manifest") from None
            raise
        if manifest.revision not in known_revisions:
            raise BackupError(
                f"This backup's schema ({manifest.revision}) is newer than this hrsa knows: "
                "restore it with the hrsa version that made it, or a later one"
            )
        seen: set[str] = set()
        try:
            for member in archive:
                if member.name == MANIFEST:
                    continue
                expected = manifest.parts.get(member.name)
                stream = archive.extractfile(member)
                if expected is None or stream is None:
                    raise _damaged(f"{member.name} is not in its manifest")
                if _sha256(stream)[0] != expected:
                    raise _damaged(f"{member.name} does not match its checksum")
                seen.add(member.name)
        except (tarfile.TarError, EOFError, OSError) as error:
            raise _damaged(f"it ends early: {error}") from None
        missing = sorted(set(manifest.parts) - seen)
        if missing:
            raise _damaged(f"{len(missing)} part(s) are missing, such as {missing[0]}")
    return manifest


def check_empty(engine: Engine, store: Storage) -> None:
    """A restore never overwrites data: the database must have no rows, the store no files."""
    counts = row_counts(engine)
    filled = sorted(name for name, rows in counts.items() if rows and name != "alembic_version")
    if filled:
        raise BackupError(
            f"The database {engine.url.render_as_string(hide_password=True)} is not empty (it "
            f"has rows in {filled[0]}): restore only into a new, empty database"
        )
    if next(iter(store.keys()), None) is not None:
        raise BackupError("The file store is not empty: restore only into an empty store")


def restore(path: Path, engine: Engine, store: Storage, known_revisions: set[str]) -> Manifest:
    """Check the whole archive, then restore it into this empty instance."""
    manifest = verify(path, known_revisions)
    if manifest.engine != engine.url.get_backend_name():
        raise BackupError(
            f"This backup is of a {manifest.engine} database: restore it into {manifest.engine}"
        )
    check_empty(engine, store)
    with _opened(path) as archive, tempfile.TemporaryDirectory(prefix="hrsa-restore-") as scratch:
        for member in archive:
            stream = archive.extractfile(member)
            if stream is None or member.name == MANIFEST:
                continue
            if member.name.startswith("files/"):
                store.put(member.name.removeprefix("files/"), stream)
            else:
                target = Path(scratch) / Path(member.name).name
                with target.open("wb") as out:
                    shutil.copyfileobj(stream, out, CHUNK_SIZE)
        _load_database(engine, Path(scratch))
    return manifest


def _load_database(engine: Engine, folder: Path) -> None:
    engine.dispose()  # no pooled connection may hold the old, empty database
    url = engine.url
    if url.get_backend_name() == "sqlite":
        source = sqlite3.connect(folder / SQLITE_PART)
        try:
            target = sqlite3.connect(url.database or "")
            try:
                source.backup(target)
            finally:
                target.close()
        finally:
            source.close()
        return
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            f"--dbname={make_url(url).database}",
            str(folder / POSTGRES_PART),
        ],
        url,
        "pg_restore",
    )
