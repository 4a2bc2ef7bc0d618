"""`hrsa create-user`, `disable-account` and `enable-account`: the administration pages' account
rules, for example to let a locked-out administrator back in."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from hrsa.core.errors import ServiceError
from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.services.accounts import identity


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
