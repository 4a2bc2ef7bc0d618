"""`hrsa backup --out FILE` and `hrsa restore FILE` (see hrsa.services.operations.backups)."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from hrsa.extensions import db


def known_revisions() -> set[str]:
    """Every schema revision this hrsa's migrations know."""
    from alembic.script import ScriptDirectory

    from hrsa import MIGRATIONS

    return {script.revision for script in ScriptDirectory(MIGRATIONS).walk_revisions()}


@click.command("backup")
@click.option("--out", "out", required=True, help="The archive to write (it must not exist).")
@with_appcontext
def backup_command(out: str) -> None:
    """Write one archive of the database and every stored file, with checksums."""
    from hrsa.cli.main import fail
    from hrsa.services.operations import backups
    from hrsa.storage.configured import storage_from_config

    target = Path(out)
    if target.exists():
        fail(f"{target} already exists: choose a new file name for each backup.")
    if not target.parent.is_dir():
        fail(f"The folder {target.parent} does not exist.")
    summary = backups.write_backup(db.engine, storage_from_config(current_app.config), target)
    click.echo(
        f"Wrote {target}: schema {summary.revision}, {summary.rows:,} rows in "
        f"{summary.tables} tables and {summary.files:,} stored file(s), each with its SHA-256."
    )


@click.command("restore")
@click.argument("archive")
@with_appcontext
def restore_command(archive: str) -> None:
    """Restore a backup into this empty instance, after checking every part of it."""
    from hrsa.services.operations import backups
    from hrsa.storage.configured import storage_from_config

    manifest = backups.restore(
        Path(archive), db.engine, storage_from_config(current_app.config), known_revisions()
    )
    rows = sum(manifest.row_counts.values())
    files = sum(1 for part in manifest.parts if part.startswith("files/"))
    click.echo(
        f"Restored {archive}: schema {manifest.revision}, {rows:,} rows and {files:,} stored "
        "file(s), every checksum verified. Run 'hrsa db upgrade' if this hrsa is newer."
    )
