"""The `hrsa` command: Flask's CLI bound to the app factory, plus hrsa's admin commands.

Commands call the same services as the web views. Problems a person must fix are printed as one
sentence, never as a bare traceback.
"""

from __future__ import annotations

import sys
from datetime import datetime
from typing import Any

import click
from flask import Flask
from flask.cli import FlaskGroup, with_appcontext
from sqlalchemy.exc import OperationalError

from hrsa.config import ConfigError
from hrsa.core.errors import ServiceError
from hrsa.core.framework import FrameworkError
from hrsa.extensions import db
from hrsa.models import Role
from hrsa.models.school import PHASES
from hrsa.services.accounts import identity


def _create_app(*args: Any) -> Flask:
    from hrsa import create_app, fail

    try:
        return create_app()
    except (ConfigError, FrameworkError) as error:
        # Flask's CLI prints a traceback for errors raised while it loads the app (for example
        # under `hrsa --help`); SystemExit passes through it, so the reason is one sentence.
        fail(str(error))
        raise  # unreachable: fail() exits


def _database_problem(error: OperationalError) -> str:
    import os

    from sqlalchemy.engine import make_url

    raw = os.environ.get("DATABASE_URL")
    url = make_url(raw).render_as_string(hide_password=True) if raw else "instance/hrsa.sqlite3"
    reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
    return (
        f"Cannot use the database at {url} ({reason}): check DATABASE_URL and that the "
        "database server is running."
    )


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


@click.command("create-school")
@click.option("--urn", required=True, help="Unique reference number: 6 digits")
@click.option("--name", required=True)
@click.option("--phase", required=True, type=click.Choice(list(PHASES)))
@click.option("--ward", required=True)
@with_appcontext
def create_school_command(urn: str, name: str, phase: str, ward: str) -> None:
    """Add a school."""
    from hrsa.services.schools import profile

    school = profile.create_school(db.session, urn=urn, name=name, phase=phase, ward=ward)
    db.session.commit()
    click.echo(f"Created {school.name} (URN {school.urn}).")


@click.command("create-user")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--school-urn", default=None, help="Required for school_staff and school_lead")
@click.option("--password", default=None, help="Leave out to be prompted")
@with_appcontext
def create_user_command(
    email: str, name: str, role: str, school_urn: str | None, password: str | None
) -> None:
    """Add an account that can sign in at once."""
    from hrsa.services.accounts import people
    from hrsa.services.schools import profile

    school_id = profile.school_by_urn(db.session, school_urn).id if school_urn else None
    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    user = people.create_user(
        db.session, email=email, name=name, role=role, school_id=school_id, password=password
    )
    db.session.commit()
    click.echo(f"Created {user.email} ({Role(user.role).label}).")


@click.command("disable-account")
@click.option("--email", required=True)
@with_appcontext
def disable_account_command(email: str) -> None:
    """Stop a person signing in (an administrator can enable them again)."""
    _set_enabled(email, enabled=False)


@click.command("enable-account")
@click.option("--email", required=True)
@with_appcontext
def enable_account_command(email: str) -> None:
    """Let a disabled person sign in again (for example the only administrator)."""
    _set_enabled(email, enabled=True)


def _set_enabled(email: str, *, enabled: bool) -> None:
    from hrsa.services.accounts import people

    user = identity.find_by_email(db.session, email)
    if user is None:
        raise ServiceError(f"There is no account for {identity.normalise_email(email)}")
    people.set_account_enabled(db.session, user, enabled, by_user_id=None)
    db.session.commit()
    click.echo(f"{user.email} is {'enabled' if enabled else 'disabled'}.")


@click.command("seed-demo")
@click.option(
    "--schools", "school_count", default=100, show_default=True, type=click.IntRange(1, 30000)
)
@click.option("--seed", default=2018, show_default=True, type=int)
@with_appcontext
def seed_demo_command(school_count: int, seed: int) -> None:
    """Create a believable demo city (idempotent) and print the demo sign-ins."""
    from hrsa.demo import seed as demo

    result = demo.seed(db.session, school_count=school_count, seed=seed)
    db.session.commit()
    click.echo(result.summary())


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
    from hrsa.core.formatting import UK
    from hrsa.services.resources import review

    count = review.lapse_due(db.session, today=datetime.now(UK).date())
    db.session.commit()
    click.echo(f"{count} resource(s) lapsed and now wait for re-review.")


def register_commands(app: Flask) -> None:
    from hrsa.cli_export import export_group
    from hrsa.cli_report import report_command

    for command in (
        export_group,
        report_command,
        purge_evidence_command,
        lapse_resources_command,
        import_framework_command,
        create_school_command,
        create_user_command,
        disable_account_command,
        enable_account_command,
        seed_demo_command,
    ):
        app.cli.add_command(command)


cli = FlaskGroup(create_app=_create_app, help="Run and administer hrsa.")


def main() -> None:
    """Entry point of the `hrsa` console script."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        sys.exit(1)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except (ConfigError, FrameworkError, ServiceError) as error:
        click.echo(f"hrsa: {error}", err=True)
        sys.exit(1)
    except OperationalError as error:
        click.echo(f"hrsa: {_database_problem(error)}", err=True)
        sys.exit(1)
