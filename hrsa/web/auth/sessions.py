"""How long a signed-in session lasts (an idle timeout and an absolute lifetime), and what
happens to a form sent after it ended.

The session cookie is signed, so the times it carries cannot be changed by the browser. Ending a
session for good (sign-out, a new password, disabling, a new role) is the per-person
session_token checked by hrsa.web.auth.loader; this module only ends sessions that have run too long
or sat unused, and sends the person back to where they were after signing in again.
"""

from __future__ import annotations

import time
from collections.abc import Mapping

from flask import (
    Flask,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import login_user, logout_user
from werkzeug.wrappers import Response

from hrsa.extensions import login_manager
from hrsa.models import User

STARTED = "_hrsa_started"
SEEN = "_hrsa_seen"
# Writing the cookie on every request is needless churn: a minute's precision is plenty.
SEEN_PRECISION = 60
TIMED_OUT_MESSAGE = (
    "You were signed out because you had not used the service for a while. Sign in again to "
    "carry on where you left off."
)


def idle_seconds() -> int:
    """Seconds without a request after which a session ends."""
    return int(current_app.config["HRSA_SESSION_IDLE_MINUTES"]) * 60


def max_seconds() -> int:
    """Seconds after signing in at which a session ends, however busy."""
    return int(current_app.config["HRSA_SESSION_MAX_HOURS"]) * 3600


def start() -> None:
    """Note when this session began (call right after login_user)."""
    now = int(time.time())
    session[STARTED] = now
    session[SEEN] = now


def sign_in_fresh(user: User) -> None:
    """Sign `user` in on a brand-new session: whatever session this browser had (another
    person's, or one planted by someone else) is dropped first, so it is worth nothing."""
    session.clear()
    # Flask-WTF caches this request's CSRF token in g: it belonged to the cleared session.
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)
    login_user(user)
    start()


def _expired(now: int) -> bool:
    started, seen = session.get(STARTED), session.get(SEEN)
    if not isinstance(started, int) or not isinstance(seen, int):
        return True
    return now - seen > idle_seconds() or now - started > max_seconds()


def check_session_age() -> Response | tuple[str, int] | None:
    """End a signed-in session that has been idle or alive too long; else note this request."""
    if "_user_id" not in session or request.endpoint == "static":
        return None
    now = int(time.time())
    if _expired(now):
        logout_user()
        session.clear()
        g.hrsa_timed_out = True
        if request.method != "GET" and request.blueprint != "auth":
            # Sign in first (not a "form expired" page), carrying what was sent so nothing
            # typed is lost: after signing in, one click sends it on to where it was going.
            return _sign_in_carrying_the_form()
        return None
    if now - int(session[SEEN]) >= SEEN_PRECISION:
        session[SEEN] = now
    return None


def _return_path() -> str:
    """The page to come back to: a form's own page after a POST, the page itself after a GET."""
    if request.method == "GET":
        query = request.query_string.decode("utf-8", "replace")
        return request.path + (f"?{query}" if query else "")
    return request.path


def _sign_in_first() -> Response:
    flash(TIMED_OUT_MESSAGE if g.get("hrsa_timed_out") else "Sign in to continue.", "info")
    return redirect(url_for("auth.login", next=_return_path()))


CARRIED_PREFIX = "carried:"


def carried_fields(form: Mapping[str, str] | None = None) -> list[tuple[str, str]]:
    """The fields a timed-out form sent (without its spent CSRF token), as hidden inputs carry
    them: from the original request, or back from the sign-in form that carried them."""
    if form is None:
        return [
            (name, value) for name, value in request.form.items(multi=True) if name != "csrf_token"
        ]
    return [
        (name.removeprefix(CARRIED_PREFIX), value)
        for name, value in form.items(multi=True)  # type: ignore[call-arg]
        if name.startswith(CARRIED_PREFIX)
    ]


def _sign_in_carrying_the_form() -> tuple[str, int]:
    from hrsa.web.auth.forms import LoginForm

    return render_template(
        "auth/login.html",
        title="Sign in",
        form=LoginForm(formdata=None),
        action=url_for("auth.login", next=request.path),
        carried=carried_fields(),
        lost_files=any(file.filename for file in request.files.values()),
        timed_out=True,
    ), 200


def init_sessions(app: Flask) -> None:
    """Check every request's session age and send people who must sign in to the sign-in page."""
    app.before_request(check_session_age)
    login_manager.unauthorized_handler(_sign_in_first)
