"""`hrsa export ratings`: the ratings export from the command line, for admins on the server.

The same service as the download link writes the file; on a terminal a progress bar counts
the rows. The file appears only when it is complete (written beside it, then renamed), so an
interrupted export never leaves half a spreadsheet under the name asked for.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import click
from flask.cli import with_appcontext

from hrsa.cli.files import checked_out, written_whole
from hrsa.exports import ExportFormat
from hrsa.extensions import db
from hrsa.services.cycles import lookup
from hrsa.services.downloads import ratings


@click.group("export")
def export_group() -> None:
    """Export citywide data as CSV or XLSX."""


def _output_format(out: str) -> ExportFormat:
    fmt = ExportFormat.for_path(out)
    if fmt is None:
        raise click.BadParameter("name the file with .csv or .xlsx at the end", param_hint="--out")
    return fmt


def on_terminal() -> bool:
    """Whether a person is watching: show a progress bar then, not in logs and pipes."""
    return sys.stdout.isatty()


def _with_progress(rows: Iterator[tuple[Any, ...]], total: int) -> Iterator[tuple[Any, ...]]:
    with click.progressbar(rows, length=total, label="Exporting ratings") as bar:
        yield from bar


@export_group.command("ratings")
@click.option("--cycle", "cycle_name", required=True, help="The cycle's name, e.g. 2026/27")
@click.option("--out", required=True, help="The file to write: its name ends .csv or .xlsx")
@with_appcontext
def export_ratings_command(cycle_name: str, out: str) -> None:
    """Every stored rating of a cycle, one row per school and standard."""
    fmt = _output_format(out)
    target = checked_out(out, ".csv", ".xlsx")
    cycle = lookup.cycle_named(db.session, cycle_name)
    if cycle is None:
        known = ", ".join(choice.name for choice in ratings.cycle_choices(db.session))
        raise click.ClickException(
            f"There is no cycle called {cycle_name!r}. "
            + (f"Cycles: {known}." if known else "No cycle has been opened yet.")
        )
    total = ratings.count_ratings(db.session, cycle.id)
    rows = ratings.rating_rows(db.session, cycle.id)
    if on_terminal():
        rows = _with_progress(rows, total)
    with written_whole(target) as stream:
        ratings.write_rating_rows(stream, fmt, rows)
    click.echo(f"Wrote {total:,} ratings of the {cycle.name} cycle to {target}.")
