"""The authority's words on every page (header, footer, start and footer pages).

Read once per request, before the template renders (templates only display). An error page
shown because the database is down still renders: it falls back to neutral words.
"""

from __future__ import annotations

from flask import Flask, g
from sqlalchemy.exc import SQLAlchemyError

from hrsa.extensions import db
from hrsa.services.authorities import branding as authority_branding
from hrsa.services.authorities.branding import Branding


def current_branding() -> Branding:
    """This request's branding, read at most once."""
    if "branding" not in g:
        try:
            g.branding = authority_branding.branding(db.session)
        except SQLAlchemyError:
            g.branding = authority_branding.NEUTRAL
    found: Branding = g.branding
    return found


def register_branding(app: Flask) -> None:
    """Give every template `branding`."""
    app.context_processor(lambda: {"branding": current_branding()})
