"""`hrsa create-school`: add one school; `hrsa import-schools`: an authority's schools from the
national register."""

from __future__ import annotations

from pathlib import Path

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


@click.command("import-schools")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--authority", "code", required=True, help="DfE local-authority code, like 879")
@click.option("--dry-run", is_flag=True, help="Say what would change; write nothing")
@with_appcontext
def import_schools_command(file: Path, code: str, dry_run: bool) -> None:
    """Import an authority's schools from a Get Information about Schools extract (CSV)."""
    from hrsa.core.errors import ServiceError
    from hrsa.services.authorities.records import la_code_problem
    from hrsa.services.schools import register_import
    from hrsa.services.schools.register_extract import read_extract

    code = code.strip()
    problem = la_code_problem(code)
    if problem:
        raise ServiceError(problem)
    with file.open("rb") as stream:
        extract = read_extract(stream, code)
    if dry_run:
        plan = register_import.plan_import(db.session, extract)
        db.session.rollback()
    else:
        plan = register_import.apply_import(db.session, extract, user_id=None)
        db.session.commit()
    if plan.new_authority:
        verb = "Would set up" if dry_run else "Set up"
        click.echo(f"{verb} the authority {plan.authority_name} ({plan.authority_code}).")
    if dry_run:
        click.echo(f"Dry run, nothing written: {plan.summary()}.")
    else:
        click.echo(f"Schools {plan.summary(done=True)}.")
