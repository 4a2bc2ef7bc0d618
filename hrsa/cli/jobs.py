"""Background jobs from the command line: `hrsa worker` and `hrsa expire-downloads`."""

from __future__ import annotations

import os
import threading

import click
from flask import current_app
from flask.cli import with_appcontext

from hrsa.extensions import db


@click.command("worker")
@click.option("--burst", is_flag=True, help="Run the jobs waiting now, then stop.")
@click.option(
    "--with-scheduler",
    is_flag=True,
    help="Also run the daily and hourly work (expire downloads, lapse resources, purge "
    "evidence, send reminders) instead of cron.",
)
@with_appcontext
def worker_command(burst: bool, with_scheduler: bool) -> None:
    """Run background jobs from Redis (HRSA_REDIS_URL) until stopped (Ctrl+C or SIGTERM)."""
    import redis
    from rq import Worker

    from hrsa.cli.main import fail
    from hrsa.jobs import scheduler
    from hrsa.services.jobs.runners import RqRunner

    url = current_app.config["HRSA_REDIS_URL"]
    if not url:
        fail(
            "Set HRSA_REDIS_URL to the Redis the app servers use: without it, jobs run inside "
            "the app process and need no worker."
        )
    runner = RqRunner(url, timeout=current_app.config["HRSA_JOB_TIMEOUT"])
    queue = runner.queue()
    try:
        queue.connection.ping()
    except redis.RedisError as error:
        fail(f"Redis does not answer at HRSA_REDIS_URL ({error}).")
    # Each job runs in a forked child: give it its own database connections, never the parent's.
    engine = db.engine
    os.register_at_fork(after_in_child=lambda: engine.dispose(close=False))
    stop = threading.Event()
    if with_scheduler:
        scheduler.start(runner, stop)
    try:
        Worker([queue], connection=queue.connection).work(burst=burst, logging_level="INFO")
    finally:
        stop.set()


@click.command("expire-downloads")
@with_appcontext
def expire_downloads_command() -> None:
    """Delete background jobs' files kept past their 24 hours (run hourly)."""
    from hrsa.models.base import utcnow
    from hrsa.services.jobs import records
    from hrsa.storage.configured import storage_from_config

    count = records.expire_results(
        db.session, storage_from_config(current_app.config), now=utcnow()
    )
    db.session.commit()
    click.echo(f"{count} download(s) past their 24 hours removed.")
