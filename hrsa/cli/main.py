"""The `hrsa` console script: Flask's CLI bound to the app factory, with hrsa's commands.

Problems a person must fix (configuration, the database, a rule a command broke) are printed as
one sentence and a non-zero exit, never as a bare traceback.
"""

from __future__ import annotations

import os
import sys
from typing import Any, NoReturn

import click
from flask import Flask
from flask.cli import FlaskGroup
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from hrsa.config import ConfigError
from hrsa.core.errors import ServiceError
from hrsa.core.framework import FrameworkError
from hrsa.storage.base import StorageError


def fail(message: str) -> NoReturn:
    """Stop with one sentence on stderr and exit status 1."""
    print(f"hrsa: {message}", file=sys.stderr)
    raise SystemExit(1)


def _create_app(*args: Any) -> Flask:
    from hrsa import create_app

    try:
        return create_app()
    except (ConfigError, FrameworkError) as error:
        # Flask's CLI prints a traceback for errors raised while it loads the app (for example
        # under `hrsa --help`); SystemExit passes through it, so the reason is one sentence.
        fail(str(error))


def _database_problem(error: OperationalError) -> str:
    raw = os.environ.get("DATABASE_URL")
    url = make_url(raw).render_as_string(hide_password=True) if raw else "instance/hrsa.sqlite3"
    reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
    return (
        f"Cannot use the database at {url} ({reason}): check DATABASE_URL and that the "
        "database server is running."
    )


def register_commands(app: Flask) -> None:
    """Add hrsa's commands to the app's CLI (Flask's own, like `db` and `run`, are there)."""
    from hrsa.cli import (
        accounts,
        backups,
        data_protection,
        demo,
        exports,
        framework,
        jobs,
        operations,
        reports,
        schools,
    )

    for command in (
        exports.export_group,
        reports.report_command,
        operations.purge_evidence_command,
        operations.lapse_resources_command,
        operations.send_reminders_command,
        operations.check_storage_command,
        jobs.worker_command,
        jobs.expire_downloads_command,
        backups.backup_command,
        backups.restore_command,
        data_protection.export_school_command,
        data_protection.erase_person_command,
        data_protection.retention_command,
        framework.import_framework_command,
        schools.create_school_command,
        schools.import_schools_command,
        accounts.create_user_command,
        accounts.disable_account_command,
        accounts.enable_account_command,
        demo.seed_demo_command,
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
    except StorageError as error:
        click.echo(f"hrsa: The file store refused: {error}.", err=True)
        sys.exit(1)
    except OSError as error:
        where = f" ({error.filename})" if error.filename else ""
        reason = error.strerror or str(error)
        click.echo(f"hrsa: A file could not be read or written{where}: {reason}.", err=True)
        sys.exit(1)
