"""Views for the start page, /healthz and the footer pages."""

from __future__ import annotations

import logging
from typing import Any

from flask import current_app, jsonify, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response

from hrsa.extensions import db
from hrsa.web.main import bp

log = logging.getLogger(__name__)


def landing_url(user: Any) -> str:
    """Where a person lands after signing in: their school's assessment, or the city overview."""
    if user.is_school_user:
        return url_for("assessment.overview")
    return url_for("dashboard.overview")


@bp.route("/")
def index() -> str | Response:
    if current_user.is_authenticated:
        return redirect(landing_url(current_user))
    return render_template("main/start.html", title="Start")


@bp.route("/healthz")
def healthz() -> tuple[Response, int]:
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        log.exception("Health check: the database did not answer")
        db.session.rollback()
        return jsonify(status="unavailable", database="unreachable"), 503
    return jsonify(status="ok", database="ok"), 200


@bp.route("/accessibility")
def accessibility() -> str:
    return render_template("main/accessibility.html", title="Accessibility statement")


@bp.route("/privacy")
def privacy() -> str:
    return render_template("main/privacy.html", title="Privacy notice")


@bp.route("/contact")
def contact() -> str:
    """Who runs the service and how to reach them: the settings HRSA_CONTACT_*."""
    config = current_app.config
    return render_template(
        "main/contact.html",
        title="Contact us",
        contact_name=config["HRSA_CONTACT_NAME"],
        contact_email=config["HRSA_CONTACT_EMAIL"],
        contact_phone=config["HRSA_CONTACT_PHONE"],
    )
