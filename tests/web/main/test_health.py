"""/healthz tells a load balancer whether the service and its database answer."""

from __future__ import annotations

from pathlib import Path

from hrsa import create_app
from tests.conftest import TEST_SECRET

UNREACHABLE = "postgresql+psycopg://nobody@127.0.0.1:1/none"


def test_healthz_is_ok_when_the_database_answers(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.get_json()["status"] == "ok"


def test_healthz_needs_no_sign_in_and_is_not_a_page(client):
    response = client.get("/healthz")

    assert "Location" not in response.headers
    assert "<html" not in response.get_data(as_text=True)


def test_healthz_is_503_when_the_database_does_not_answer(tmp_path: Path):
    app = create_app(
        {
            "SECRET_KEY": TEST_SECRET,
            "SQLALCHEMY_DATABASE_URI": UNREACHABLE,
            "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"connect_timeout": 2}},
            "HRSA_UPLOAD_DIR": str(tmp_path / "uploads"),
        }
    )

    response = app.test_client().get("/healthz")

    assert response.status_code == 503
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert body["status"] != "ok"
    assert "nobody" not in response.get_data(as_text=True)  # no connection details leak
