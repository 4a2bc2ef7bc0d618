"""`hrsa report --all --cycle NAME --out FILE.zip`: every school's report for a cycle, for admins.

The archive is streamed into a hidden file beside the target, one school's report at a time,
and renamed only when it is complete: an unknown cycle, a cycle with no assessments or a
failure part-way leaves no file behind. A terminal shows a progress bar (click hides it when
stdout is not a terminal).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import click
from flask import current_app

from hrsa.core.errors import NotFound
from hrsa.core.formatting import plural
from hrsa.extensions import db
from hrsa.models.base import utcnow
from hrsa.services.reports import bundle


def checked_out(out: str, suffix: str) -> Path:
    """The --out path, if it ends with the suffix ('.pdf', '.zip') and its folder exists."""
    target = Path(out)
    if target.suffix.lower() != suffix:
        raise click.BadParameter(f"name the file with {suffix} at the end", param_hint="--out")
    if not target.parent.is_dir():
        raise click.BadParameter(f"there is no folder {target.parent}", param_hint="--out")
    return target


def write_every_report(cycle_name: str | None, out: str) -> None:
    """Write every school's report in the cycle into one ZIP file."""
    if cycle_name is None:
        raise click.UsageError("Give the cycle with --cycle, e.g. --cycle 2026/27.")
    target = checked_out(out, ".zip")
    try:
        cycle = bundle.cycle_by_name(db.session, cycle_name)
        ids = bundle.assessment_ids(db.session, cycle)
    except NotFound as missing:
        raise click.ClickException(str(missing)) from missing
    min_schools = current_app.config["HRSA_MIN_CELL_SCHOOLS"]
    handle, partial = tempfile.mkstemp(dir=target.parent, prefix=".hrsa-reports-")
    try:
        with (
            os.fdopen(handle, "wb") as stream,
            click.progressbar(length=len(ids), label="Writing reports") as bar,
        ):
            chunks = bundle.zip_chunks(
                db.session,
                ids,
                now=utcnow(),
                min_schools=min_schools,
                on_each=lambda _name: bar.update(1),
            )
            for chunk in chunks:
                stream.write(chunk)
        os.replace(partial, target)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    click.echo(f"Wrote {plural(len(ids), 'report')} for the {cycle.name} cycle to {target}.")
