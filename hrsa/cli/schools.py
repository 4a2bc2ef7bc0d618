"""`hrsa create-school`: add one school."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from hrsa.core.vocabulary.schools import PHASES
from hrsa.extensions import db


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
