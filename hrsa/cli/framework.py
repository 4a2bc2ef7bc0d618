"""`hrsa import-framework`: a validated framework file stored as a new version."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from hrsa.extensions import db


@click.command("import-framework")
@click.argument("path", type=click.Path(dir_okay=False))
@with_appcontext
def import_framework_command(path: str) -> None:
    """Validate a framework JSON file and store it as a new version."""
    from hrsa.services.cycles import framework_versions

    version, created = framework_versions.import_framework(db.session, path)
    db.session.commit()
    if created:
        click.echo(f"Imported {version.title}, version {version.version}.")
    else:
        click.echo(f"{version.title}, version {version.version}, was already imported: no change.")
