"""Daily jobs for the server's scheduler: purge-evidence, lapse-resources and send-reminders."""

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
    from hrsa.storage.configured import storage_from_config

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


@click.command("send-reminders")
@with_appcontext
def send_reminders_command() -> None:
    """Email today's reminders: cycles closing, plan actions due, resources to review (daily)."""
    from flask import current_app

    from hrsa.core.formatting import uk_today
    from hrsa.services.reminders import sending

    def link(endpoint: str, **values: object) -> str:
        path = current_app.url_map.bind("", script_name="/").build(endpoint, values)
        return str(current_app.config["HRSA_BASE_URL"]).rstrip("/") + path

    links = sending.Links(
        home=link("main.index"),
        plan=lambda assessment_id: link("assessment.plan", assessment_id=assessment_id),
        resource=lambda resource_id: link("resources.show", resource_id=resource_id),
        review_queue=link("resources.queue"),
        account=link("auth.account"),
    )
    counts = sending.send_due(db.session, today=uk_today(), links=links, config=current_app.config)
    db.session.commit()
    total = sum(counts.values())
    kinds = ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in sorted(counts.items()))
    click.echo(f"Sent {total} reminder email(s){': ' + kinds if kinds else ''}.")


@click.command("check-storage")
@click.option("--repair", is_flag=True, help="Delete stray files and old partial uploads.")
@with_appcontext
def check_storage_command(repair: bool) -> None:
    """Find rows without files, files without rows and old partial uploads (schedule daily)."""
    from flask import current_app

    from hrsa.services.operations import storage_check
    from hrsa.storage.configured import storage_from_config

    report = storage_check.check(db.session, storage_from_config(current_app.config), repair=repair)
    for key in report.missing:
        click.echo(f"Missing: a row names stored file {key}, which is not in the store.")
    removed = "removed" if report.repaired else "not named by any row"
    for key in report.stray:
        click.echo(f"Stray: file {key} ({removed}).")
    for name in report.partial:
        click.echo(
            f"Partial upload over an hour old: {name} ({'removed' if report.repaired else 'left'})."
        )
    click.echo(
        f"{len(report.missing)} missing, {len(report.stray)} stray and "
        f"{len(report.partial)} partial file(s)"
        + (": repaired what can be (rows are never changed)." if report.repaired else ".")
    )
    if report.missing or (not report.repaired and not report.clean):
        raise SystemExit(1)
