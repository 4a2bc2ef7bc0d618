"""Every error a person can meet is a page in the service's design, never a traceback."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from flask import Flask, abort

from hrsa import create_app
from hrsa.core.service import SERVICE_NAME
from tests.conftest import TEST_SECRET

UNREACHABLE = "postgresql+psycopg://nobody@127.0.0.1:1/none"


def text(response) -> str:  # type: ignore[no-untyped-def]
    return str(response.get_data(as_text=True))


def assert_designed_page(response, status: int, heading: str) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == status
    assert response.mimetype == "text/html"
    html = text(response)
    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in html
    assert SERVICE_NAME in html
    assert "govuk-header" in html and "govuk-footer" in html
    assert 'href="/"' in html  # a way back to the start
    assert "Traceback" not in html
    return html


@pytest.fixture
def failing_app(tmp_path: Path) -> Flask:
    """A separate app with test-only routes (the shared app is already serving requests)."""
    (tmp_path / "uploads").mkdir(exist_ok=True)
    app = create_app(
        {
            "SECRET_KEY": TEST_SECRET,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'errors.sqlite3'}",
            "HRSA_UPLOAD_DIR": str(tmp_path / "uploads"),
        }
    )

    @app.route("/boom")
    def boom() -> str:
        raise RuntimeError("secret detail: password=hunter2 in /srv/hrsa/app.py")

    @app.route("/gone")
    def gone() -> str:
        abort(410)

    @app.route("/unavailable")
    def unavailable() -> str:
        abort(503)

    return app


def test_unknown_page_is_the_designed_404(client):
    response = client.get("/no-such-page")

    html = assert_designed_page(response, 404, "Page not found")
    assert "check you copied the entire address" in html


def test_unexpected_error_is_the_designed_500_without_details(failing_app, caplog, monkeypatch):
    # Alembic's env.py runs logging.config.fileConfig(), which disables loggers that already
    # exist, when conftest builds the schema: switch this one back on for the test.
    monkeypatch.setattr(logging.getLogger("hrsa.web.errors"), "disabled", False)
    with caplog.at_level(logging.ERROR, logger="hrsa.web.errors"):
        response = failing_app.test_client().get("/boom")

    html = assert_designed_page(response, 500, "Sorry, there is a problem with the service")
    assert "secret detail" not in html
    assert "hunter2" not in html
    assert "RuntimeError" not in html
    # The details go to the log for whoever runs the service.
    assert any("GET /boom" in record.getMessage() for record in caplog.records)
    assert any(record.exc_info for record in caplog.records)


def test_errors_without_their_own_page_keep_their_status(failing_app):
    client = failing_app.test_client()

    gone = client.get("/gone")
    unavailable = client.get("/unavailable")

    assert_designed_page(gone, 410, "There is a problem with your request")
    assert_designed_page(unavailable, 503, "Sorry, the service is unavailable")


def test_request_too_large_is_the_designed_413(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1024)

    response = client.post(
        "/sign-in", data={"email": "someone@example.org", "password": "x" * 4096}
    )

    html = assert_designed_page(response, 413, "The file is too large")
    assert f"smaller than {app.config['HRSA_MAX_UPLOAD_MB']} MB" in html


def test_wrong_method_is_the_designed_405_and_says_what_is_allowed(client):
    response = client.get("/sign-out")

    assert_designed_page(response, 405, "There is a problem with your request")
    allowed = {method.strip() for method in response.headers["Allow"].split(",")}
    assert "POST" in allowed and "GET" not in allowed


def test_database_outage_is_the_designed_503_even_for_someone_signed_in(tmp_path):
    (tmp_path / "uploads").mkdir(exist_ok=True)
    app = create_app(
        {
            "SECRET_KEY": TEST_SECRET,
            "SQLALCHEMY_DATABASE_URI": UNREACHABLE,
            "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"connect_timeout": 2}},
            "HRSA_UPLOAD_DIR": str(tmp_path / "uploads"),
            "WTF_CSRF_ENABLED": False,
        }
    )
    signed_in = app.test_client()
    with signed_in.session_transaction() as session:
        session["_user_id"] = "1:0123456789abcdef0123456789abcdef"

    page = signed_in.get("/account")
    sign_in = app.test_client().post(
        "/sign-in", data={"email": "someone@example.org", "password": "correct-horse-battery"}
    )

    html = assert_designed_page(page, 503, "Sorry, the service is unavailable")
    assert "Signed in as" not in html
    assert "nobody@127.0.0.1" not in html
    assert page.headers["X-Frame-Options"] == "DENY"
    assert_designed_page(sign_in, 503, "Sorry, the service is unavailable")


def test_error_pages_carry_the_security_headers(client):
    response = client.get("/no-such-page")

    assert "Content-Security-Policy" in response.headers
    assert response.headers["X-Frame-Options"] == "DENY"


def test_a_connection_that_dies_as_the_request_ends_does_not_break_the_response(
    failing_app: Flask, monkeypatch
):
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError
    from sqlalchemy.orm import Session

    from hrsa.extensions import db

    app = failing_app

    @app.route("/touch")
    def touch() -> str:
        db.session.execute(text("SELECT 1"))
        return "touched"

    real_close = Session.close
    calls: list[int] = []

    def dies(self):  # type: ignore[no-untyped-def]
        if not calls:
            calls.append(1)
            raise OperationalError("ROLLBACK", {}, Exception("server closed the connection"))
        return real_close(self)

    monkeypatch.setattr(Session, "close", dies)
    response = app.test_client().get("/touch")

    assert calls, "the session was closed at the end of the request"
    assert (response.status_code, response.get_data(as_text=True)) == (200, "touched")


def test_a_database_outage_gives_back_what_the_form_carried(tmp_path):
    """Hours of writing on the principle page must survive a database that stops answering:
    the 503 page shows the typed text to copy (never a password or a token)."""
    (tmp_path / "uploads").mkdir(exist_ok=True)
    app = create_app(
        {
            "SECRET_KEY": TEST_SECRET,
            "SQLALCHEMY_DATABASE_URI": UNREACHABLE,
            "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"connect_timeout": 2}},
            "HRSA_UPLOAD_DIR": str(tmp_path / "uploads"),
            "WTF_CSRF_ENABLED": False,
        }
    )
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = "1:0123456789abcdef0123456789abcdef"
    typed = "Governors were trained in March <b>and</b> the minutes record it"

    response = client.post(
        "/assessments/1/principles/1",
        data={"narrative-1.1": typed, "rag-1.1": "amber", "csrf_token": "secret-token"},
    )

    html = assert_designed_page(response, 503, "Sorry, the service is unavailable")
    assert "What you typed" in html
    assert "Governors were trained in March &lt;b&gt;and&lt;/b&gt; the minutes" in html
    assert "secret-token" not in html
    assert "What you typed" not in client.get("/account").get_data(as_text=True)
