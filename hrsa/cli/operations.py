"""Daily jobs for the server's scheduler: `hrsa purge-evidence` and `hrsa lapse-resources`."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from hrsa.extensions import db


@click.command("purge-evidence")
@with_appcontext
def purge_evidence_command() -> None:
    """Permanently delete evidence removed more than 30 days ago (run daily)."""
    from flask import current_app

    from hrsa.services.evidence import items
    from hrsa.storage.filesystem import storage_from_config

    count = items.purge_expired(db.session, storage_from_config(current_app.config))
    db.session.commit()
    click.echo(f"Permanently deleted {count} piece(s) of evidence removed more than 30 days ago.")


@click.command("lapse-resources")
@with_appcontext
def lapse_resources_command() -> None:
    """Move approved resources past their review-by date back to the reviewer queue (daily)."""
    from hrsa.core.formatting import uk_today
    from hrsa.services.resources import review

    count = review.lapse_due(db.session, today=uk_today())
    db.session.commit()
    click.echo(f"{count} resource(s) lapsed and now wait for re-review.")
