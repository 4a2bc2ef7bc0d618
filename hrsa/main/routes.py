"""Views for the start page, /healthz and the footer pages."""

from __future__ import annotations

import logging

from flask import jsonify, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response

from hrsa.extensions import db
from hrsa.main import bp

log = logging.getLogger(__name__)


@bp.route("/")
def index() -> str | Response:
    if current_user.is_authenticated:
        if current_user.is_school_user:
            return redirect(url_for("assessment.overview"))
        return redirect(url_for("assessment.school_list"))
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
