"""Data protection commands: `hrsa export-school`, `hrsa erase-person`, `hrsa retention`."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from hrsa.extensions import db


@click.command("export-school")
@click.option("--urn", required=True, help="The school's 6-digit URN.")
@click.option("--out", "out", required=True, help="The ZIP file to write.")
@with_appcontext
def export_school_command(urn: str, out: str) -> None:
    """Everything held about a school (JSON) and its evidence files, as one ZIP."""
    from hrsa.cli.files import checked_out, written_whole
    from hrsa.services import audit
    from hrsa.services.operations import data_protection
    from hrsa.storage.configured import storage_from_config

    target = checked_out(out, ".zip")
    school = data_protection.find_school(db.session, urn)
    with written_whole(target) as stream:
        assessments, files = data_protection.write_school_export(
            db.session, storage_from_config(current_app.config), school, stream
        )
    audit.record(
        db.session, user_id=None, action="export", entity="school", entity_id=school.id,
        school_id=school.id, new=f"data protection export: {target.name}",
    )  # fmt: skip
    db.session.commit()
    click.echo(
        f"Wrote {target}: {school.name}'s profile, {assessments} assessment(s) and audit trail "
        f"(school.json) and {files} evidence file(s)."
    )


@click.command("erase-person")
@click.option("--email", required=True, help="The person's email address.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def erase_person_command(email: str, yes: bool) -> None:
    """Anonymise a person everywhere; their audit entries stay, under a pseudonym."""
    from hrsa.services.operations import data_protection

    if not yes:
        click.confirm(f"Erase {email} for good? This cannot be undone", abort=True)
    erased = data_protection.erase_person(
        db.session, email, secret=str(current_app.config["SECRET_KEY"]), by_user_id=None
    )
    db.session.commit()
    click.echo(
        f"Erased {email}: now '{erased.pseudonym}' everywhere ({erased.replaced} value(s) "
        "changed); their sessions and links have ended."
    )


@click.command("retention")
@click.option(
    "--older-than-years",
    "years",
    type=click.IntRange(min=1),
    default=6,
    show_default=True,
    help="Remove evidence files and survey answers of cycles that closed more than this many "
    "years ago.",
)
@click.option("--dry-run", is_flag=True, help="List what would be removed; change nothing.")
@with_appcontext
def retention_command(years: int, dry_run: bool) -> None:
    """List, then remove, evidence files past the retention period (audited), and survey
    answers of the same cycles."""
    from hrsa.core.formatting import file_size, uk_today
    from hrsa.services.operations import data_protection
    from hrsa.services.surveys import retention
    from hrsa.storage.configured import storage_from_config

    answers = retention.expired_responses(db.session, years=years, today=uk_today())
    if answers and not dry_run:
        retention.remove_expired(db.session, years=years, today=uk_today())
        db.session.commit()
    if answers:
        done = "would be removed" if dry_run else "removed"
        click.echo(f"{answers} survey response(s) older than {years} years {done}.")
    due = data_protection.expired_evidence(db.session, years=years, today=uk_today())
    for item in due:
        click.echo(f"{item.cycle} · {item.school} · {item.title} ({file_size(item.size_bytes)})")
    if dry_run or not due:
        click.echo(f"{len(due)} evidence file(s) older than {years} years; nothing was removed.")
        return
    removed = data_protection.apply_retention(
        db.session, storage_from_config(current_app.config), due, user_id=None
    )
    db.session.commit()
    click.echo(f"Removed {removed} evidence file(s) of cycles that closed over {years} years ago.")
