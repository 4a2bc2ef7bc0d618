"""What runs a job: inside an app context, with the app's database session and store.

An RQ worker calls `run_job(job_id)` and `run_scheduled(command)` by name (see
hrsa.services.jobs.runners). Under `hrsa worker` the app context is already there; anywhere else
(a plain `rq worker`) the app is made from the environment, once per process.
"""

from __future__ import annotations

import functools

import click
from flask import Flask, current_app, has_app_context

from hrsa.extensions import db
from hrsa.services.jobs import running
from hrsa.storage.configured import storage_from_config


@functools.cache
def _own_app() -> Flask:
    from hrsa import create_app

    return create_app()


def _app() -> Flask:
    if has_app_context():
        app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
        return app
    return _own_app()


def run_in(app: Flask, job_id: int) -> None:
    """Run the job in an app context of its own (whose session ends with the context)."""
    with app.app_context():
        running.run(
            db.session,
            storage_from_config(app.config),
            job_id,
            settings=running.Settings(
                min_schools=app.config["HRSA_MIN_CELL_SCHOOLS"],
                min_responses=app.config["HRSA_SURVEY_MIN_RESPONSES"],
            ),
        )


def run_job(job_id: int) -> None:
    """The RQ job: run hrsa's job `job_id`."""
    run_in(_app(), job_id)


def run_scheduled(command: str) -> None:
    """The RQ job of a scheduled task: the `hrsa` command of that name, as cron would run it."""
    app = _app()
    found = app.cli.get_command(click.Context(app.cli), command)
    if found is None:
        raise LookupError(f"No hrsa command {command!r}")
    with app.app_context():
        found.main(args=[], prog_name=f"hrsa {command}", standalone_mode=False)
