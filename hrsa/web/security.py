"""Security plumbing: response headers with a per-request CSP nonce, CSRF, and role checks."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import Flask, abort, current_app, g, request
from flask_login import current_user, login_required
from flask_wtf.csrf import validate_csrf
from werkzeug.wrappers import Response
from wtforms.validators import ValidationError

from hrsa.core.vocabulary.people import Role
from hrsa.extensions import csrf

F = TypeVar("F", bound=Callable[..., Any])


def csp_nonce() -> str:
    """The nonce for this response's one inline script (GOV.UK Frontend's js-enabled line)."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    return str(g.csp_nonce)


def email_link(endpoint: str, **values: Any) -> str:
    """An absolute link for an email: HRSA_BASE_URL and the route, never the request's Host."""
    path = current_app.url_map.bind("", script_name="/").build(endpoint, values)
    return str(current_app.config["HRSA_BASE_URL"]).rstrip("/") + path


def safe_path(target: str | None) -> str | None:
    """`target` if it is a plain path on this site ("/..."), else None: never another site."""
    # Browsers read a backslash as a slash and drop tabs and newlines, so "/\\evil.example"
    # would leave the site: only a plain path starting with a single "/" is followed.
    if not target or not target.isprintable() or "\\" in target or " " in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def form_checks_csrf(view: F) -> F:
    """Mark a view whose FlaskForm checks the CSRF token itself, so a failure re-shows the form
    with the person's answers and an error, instead of the generic expired-form page."""
    view._hrsa_form_checks_csrf = True  # type: ignore[attr-defined]
    return view


def csrf_token_valid() -> bool:
    """Whether the posted form's CSRF token is good (for a @form_checks_csrf view)."""
    if not current_app.config.get("WTF_CSRF_ENABLED", True):
        return True
    try:
        validate_csrf(request.form.get("csrf_token"))
    except ValidationError:
        return False
    return True


def _protect_posts() -> None:
    if request.method in ("GET", "HEAD", "OPTIONS", "TRACE"):
        return
    if request.routing_exception is not None:
        return  # an unknown page (404) or method (405) says so, not "form expired"
    if not current_app.config.get("WTF_CSRF_ENABLED", True):
        return
    view = None
    if request.endpoint:
        view = current_app.view_functions.get(request.endpoint)
    if view is not None and getattr(view, "_hrsa_form_checks_csrf", False):
        return
    csrf.protect()


def _headers(response: Response) -> Response:
    nonce = csp_nonce()
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; "
        f"script-src 'self' 'nonce-{nonce}'; "
        "style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if current_app.config.get("HRSA_ENV") == "production":
        response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    if current_user and current_user.is_authenticated and "Cache-Control" not in response.headers:
        # Pages with a school's data must not linger in shared or back-button caches.
        response.headers["Cache-Control"] = "no-store"
    return response


def init_security(app: Flask) -> None:
    """Register the CSRF check on every POST and the security headers on every response."""
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False
    csrf.init_app(app)
    app.before_request(_protect_posts)
    app.after_request(_headers)


def role_required(*roles: Role) -> Callable[[F], F]:
    """Only signed-in people with one of these roles may use the view; others get 403."""

    def decorator(view: F) -> F:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


# For @role_required(*CITY_ROLES) and the like; which roles see the city is defined on Role.
CITY_ROLES = Role.city_roles()
SCHOOL_ROLES = Role.school_roles()
