"""Error pages in the service's design, for every error a person can meet."""

from __future__ import annotations

import logging

from flask import Flask, g, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)

PAGES: dict[int, tuple[str, str]] = {
    400: (
        "There is a problem with your request",
        "The page could not use what was sent. Go back and try again.",
    ),
    403: (
        "You do not have permission to see this page",
        "Your account does not give you access to this page. If you think it should, contact "
        "your administrator.",
    ),
    404: (
        "Page not found",
        "If you typed the web address, check it is correct. If you pasted the web address, "
        "check you copied the entire address.",
    ),
    405: (
        "There is a problem with your request",
        "That action cannot be done from this page. Go back and try again.",
    ),
    413: (
        "The file is too large",
        "What you sent is larger than this service accepts. Each file must be smaller than "
        "{max_mb} MB: go back and choose a smaller file.",
    ),
    429: (
        "Too many attempts",
        "You have tried this too many times in a short time. Wait a minute, then try again.",
    ),
    500: (
        "Sorry, there is a problem with the service",
        "Try again later. What you last submitted may not have been saved.",
    ),
    503: ("Sorry, the service is unavailable", "Try again later."),
}


def render_error(code: int, detail: str | None = None) -> tuple[str, int]:
    title, text = PAGES.get(code) or PAGES[400 if code < 500 else 500]
    from flask import current_app

    text = text.format(max_mb=current_app.config.get("HRSA_MAX_UPLOAD_MB", 20))
    return render_template("errors/error.html", title=title, text=detail or text, code=code), code


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[str, int]:
        return render_error(
            400,
            "This form had expired or was sent from somewhere else, so nothing was saved. "
            "Go back, refresh the page and submit it again.",
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int, dict[str, str]]:
        code = error.code or 500
        # Keep the status and headers such as Allow (405) and Retry-After; only the body is ours.
        headers = {k: v for k, v in error.get_headers() if k.lower() != "content-type"}
        body, status = render_error(code)
        return body, status, headers

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception) -> tuple[str, int]:
        log.exception("Unhandled error on %s %s", request.method, request.path)
        try:
            from hrsa.extensions import db

            db.session.rollback()
        except Exception:  # noqa: BLE001 - the page must still render
            log.exception("Rollback after an error failed")
        if isinstance(error, OperationalError):
            # The database is not answering. The page must not ask it who is signed in (the
            # header shows the name), or this page fails too and the person sees a bare error.
            from hrsa.extensions import login_manager

            g._login_user = login_manager.anonymous_user()
            return render_error(503)
        return render_error(500)
