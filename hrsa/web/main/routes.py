"""Views for the start page, /healthz and /readyz, and the footer pages."""

from __future__ import annotations

import logging
from typing import Any

from flask import current_app, jsonify, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from hrsa.extensions import db
from hrsa.services.operations import readiness
from hrsa.storage.configured import storage_from_config
from hrsa.web.branding import current_branding
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
    """Liveness: the process answers. No I/O, so a slow database never gets a worker killed."""
    return jsonify(status="ok"), 200


@bp.route("/readyz")
def readyz() -> tuple[Response, int]:
    """Readiness, for a load balancer: the database answers within HRSA_READY_TIMEOUT seconds
    and the file store can take a file; 503 saying which is not when either fails."""
    state = readiness.readiness(
        db.engine,
        storage_from_config(current_app.config),
        timeout=float(current_app.config["HRSA_READY_TIMEOUT"]),
        redis_url=str(current_app.config.get("HRSA_REDIS_URL") or ""),
    )
    if not state.ready:
        log.error("Not ready: %s", state.parts)
        return jsonify(status="unavailable", **state.parts), 503
    return jsonify(status="ok", **state.parts), 200


@bp.route("/accessibility")
def accessibility() -> str:
    return render_template("main/accessibility.html", title="Accessibility statement")


@bp.route("/privacy")
def privacy() -> str:
    return render_template("main/privacy.html", title="Privacy notice")


@bp.route("/contact")
def contact() -> str:
    """Who runs the service and how to reach them: the authority's contact details, else the
    settings HRSA_CONTACT_*."""
    config = current_app.config
    branding = current_branding()
    return render_template(
        "main/contact.html",
        title="Contact us",
        contact_name=config["HRSA_CONTACT_NAME"],
        contact_email=branding.contact_email or config["HRSA_CONTACT_EMAIL"],
        contact_phone=branding.contact_phone or config["HRSA_CONTACT_PHONE"],
        contact_url=branding.contact_url,
    )
