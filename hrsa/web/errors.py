"""Error pages in the service's design, for every error a person can meet.

A service's refusal (hrsa.core.errors) reaches the person one shared way: NotFound is the 404
page, BadInput the 400 page, Conflict (or a row saved meanwhile, StaleDataError) the 409 page and
any other ServiceError the 400 page with its message. A page that shows a refusal itself (beside a
form field, in a banner) runs the service call inside `refused()`, `refusal_flashed()` or a
form's `refusals()`: those catch only what the page can show, never NotFound or BadInput.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, abort, flash, g, redirect, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from hrsa.core.errors import BadInput, Conflict, NotFound, ServiceError, Unavailable
from hrsa.core.formatting import plural
from hrsa.storage.base import StorageError

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
    409: (
        "Someone else saved first",
        "Someone else changed this at the same time, so nothing was saved. Go back, refresh the "
        "page and try again.",
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


TOO_MANY_PARTS = (
    "The form sent too many parts",
    "What you sent had more parts than this service accepts in one go. Go back and send fewer "
    "files or answers at a time.",
)


class TooManyParts(RequestEntityTooLarge):
    """A multipart request with more parts than MAX_FORM_PARTS (not a file that is too big)."""


def render_error(code: int, detail: str | None = None, title: str | None = None) -> tuple[str, int]:
    default_title, text = PAGES.get(code) or PAGES[400 if code < 500 else 500]
    from flask import current_app

    text = text.format(max_mb=current_app.config.get("HRSA_MAX_UPLOAD_MB", 20))
    from hrsa.web.request_log import request_id

    return render_template(
        "errors/error.html",
        title=title or default_title,
        text=detail or text,
        code=code,
        reference=request_id() if code >= 500 else None,
        typed=typed_values() if code >= 500 else [],
    ), code


# Form values never shown back: secrets, tokens and the form's own bookkeeping.
_NOT_SHOWN = ("csrf", "password", "token", "version", "action", "return")


def typed_values() -> list[str]:
    """What a failed POST carried that a person typed (text, not secrets), so the error page can
    give it back to copy: a database that stops answering must not take hours of writing."""
    if request.method != "POST":
        return []
    try:
        form = request.form
    except Exception:  # noqa: BLE001 - a body that cannot be read has nothing to give back
        return []
    return [
        value
        for name, value in form.items(multi=True)
        if isinstance(value, str)
        and value.strip()
        and not any(word in name.lower() for word in _NOT_SHOWN)
    ]


def retry_after_seconds() -> int:
    """Seconds until the rate limit this request broke lets the person try again."""
    from hrsa.extensions import limiter

    limit = limiter.current_limit
    if limit is None:
        return 60
    return max(1, math.ceil(limit.reset_at - time.time()))


def _too_many_attempts() -> tuple[str, int, dict[str, str]]:
    seconds = retry_after_seconds()
    wait = plural(seconds, "second") if seconds < 60 else plural(round(seconds / 60), "minute")
    body, status = render_error(
        429,
        f"You have tried this too many times in a short time. Wait {wait}, then try again.",
    )
    return body, status, {"Retry-After": str(seconds)}


def _rollback() -> None:
    """Undo what the refused request changed in the session (nothing of it is saved)."""
    from hrsa.extensions import db

    db.session.rollback()


class Refusal:
    """What a service refused inside `refused()`: false until it refuses, then its error."""

    error: ServiceError | None = None

    def __bool__(self) -> bool:
        return self.error is not None

    def __str__(self) -> str:
        return str(self.error or "")

    @property
    def field(self) -> str:
        """The field the refusal names (ServiceError.field), or "" for the whole form."""
        return (self.error.field if self.error else None) or ""


@contextmanager
def refused() -> Iterator[Refusal]:
    """Run service calls whose refusal this page shows itself: a ServiceError (not NotFound or
    BadInput, which stay the 404 and 400 pages) is caught, the session rolled back, and the
    yielded Refusal holds it for the page to show."""
    refusal = Refusal()
    try:
        yield refusal
    except (NotFound, BadInput):
        raise
    except ServiceError as error:
        _rollback()
        refusal.error = error


@contextmanager
def refusal_flashed(url: str) -> Iterator[None]:
    """A refusal (see `refused`) becomes a banner on the page at `url`, where the person goes."""
    with refused() as refusal:
        yield
    if refusal:
        flash(str(refusal))
        abort(redirect(url))


def service_error_page(error: ServiceError) -> tuple[str, int]:
    """The page for a refusal no page showed itself (the session is rolled back first)."""
    _rollback()
    if isinstance(error, NotFound):
        return render_error(404)
    if isinstance(error, BadInput):
        return render_error(400)
    if isinstance(error, Conflict):
        return render_error(409, str(error) or None)
    if isinstance(error, Unavailable):
        return render_error(503, str(error) or None)
    return render_error(400, str(error) or None)


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(ServiceError)
    def service_error(error: ServiceError) -> tuple[str, int]:
        return service_error_page(error)

    @app.errorhandler(StaleDataError)
    def saved_meanwhile(error: StaleDataError) -> tuple[str, int]:
        _rollback()
        return render_error(409)

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
        if code == 429:
            return _too_many_attempts()
        if isinstance(error, TooManyParts):
            body, status = render_error(413, TOO_MANY_PARTS[1], title=TOO_MANY_PARTS[0])
            return body, status, {}
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
        if isinstance(error, StorageError):
            return render_error(503)  # the file store does not answer: try again later
        return render_error(500)
