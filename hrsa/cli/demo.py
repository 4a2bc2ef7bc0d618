"""`hrsa seed-demo`: the demo city."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from hrsa.extensions import db


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
