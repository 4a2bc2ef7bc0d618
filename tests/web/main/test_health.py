"""/healthz says the process is alive (no I/O); /readyz tells a load balancer whether this
instance can serve: the database answers within a short time and the file store takes files."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from hrsa import create_app
from hrsa.extensions import db
from hrsa.services.operations import readiness
from tests.conftest import TEST_SECRET

UNREACHABLE = "postgresql+psycopg://nobody@127.0.0.1:1/none"


def unreachable_app(tmp_path: Path):  # type: ignore[no-untyped-def]
    (tmp_path / "uploads").mkdir(exist_ok=True)
    return create_app(
        {
            "SECRET_KEY": TEST_SECRET,
            "SQLALCHEMY_DATABASE_URI": UNREACHABLE,
            "HRSA_DB_CONNECT_TIMEOUT": 1,
            "HRSA_UPLOAD_DIR": str(tmp_path / "uploads"),
        }
    )


@pytest.fixture
def settled() -> Iterator[None]:
    """Each test starts and ends with no database check still waiting."""
    yield
    if readiness._waiting is not None:
        readiness._waiting.exception(timeout=30)


def test_healthz_answers_without_touching_the_database(client, count_queries):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
    assert count_queries == []
    assert "Location" not in response.headers


def test_healthz_is_alive_even_when_the_database_is_not(tmp_path: Path, settled):
    assert unreachable_app(tmp_path).test_client().get("/healthz").status_code == 200


def test_readyz_is_ok_when_the_database_and_the_store_are(client, settled):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok", "store": "ok"}


def test_readyz_is_503_when_the_database_refuses_and_says_nothing_of_it(tmp_path, settled):
    response = unreachable_app(tmp_path).test_client().get("/readyz")

    assert response.status_code == 503
    assert response.get_json() == {
        "status": "unavailable",
        "database": "unavailable",
        "store": "ok",
    }
    assert "nobody" not in response.get_data(as_text=True)  # no connection details leak


def test_readyz_fails_within_2_seconds_when_the_database_hangs(app, client, monkeypatch, settled):
    if db.engine.dialect.name == "postgresql":
        # A real hang: another connection holds the table the check reads.
        locker = db.engine.connect()
        locker.execute(text("LOCK TABLE alembic_version IN ACCESS EXCLUSIVE MODE"))
    else:  # SQLite readers never wait for a writer: stand in for a database that hangs.
        locker = None
        monkeypatch.setattr(readiness, "_ask", lambda engine: time.sleep(4))
    try:
        started = time.monotonic()
        response = client.get("/readyz")
        elapsed = time.monotonic() - started
        again = client.get("/readyz")  # while the first check still waits
    finally:
        if locker is not None:
            locker.rollback()
            locker.close()

    assert response.status_code == 503 and elapsed < 2
    assert response.get_json()["database"] == "not answering within 1.5 seconds"
    assert again.status_code == 503
    assert "still waiting" in again.get_json()["database"]


@pytest.mark.parametrize("problem", ["missing", "read-only"])
def test_readyz_fails_when_the_store_cannot_take_files(app, client, tmp_path, problem, settled):
    folder = tmp_path / "store"
    if problem == "read-only":
        folder.mkdir()
        (folder / "incoming").write_text("a file where the store's folder should be")
    original = app.config["HRSA_UPLOAD_DIR"]
    app.config["HRSA_UPLOAD_DIR"] = str(folder)
    try:
        response = client.get("/readyz")
    finally:
        app.config["HRSA_UPLOAD_DIR"] = original

    assert response.status_code == 503
    body = response.get_json()
    assert body["database"] == "ok"
    expected = "does not exist" if problem == "missing" else "cannot be written"
    assert expected in body["store"]


def test_readyz_checks_redis_where_one_is_set(app, client, monkeypatch, settled):
    """With HRSA_REDIS_URL set, a Redis that answers is ready and one that does not is 503."""
    from tests.object_store import silent_endpoint
    from tests.shared_servers import REDIS_URL

    monkeypatch.setitem(app.config, "HRSA_REDIS_URL", REDIS_URL)
    answering = client.get("/readyz")
    assert answering.status_code == 200 and answering.get_json()["redis"] == "ok"

    down = silent_endpoint().replace("http://", "redis://") + "/0"
    monkeypatch.setitem(app.config, "HRSA_REDIS_URL", down)
    refused = client.get("/readyz")
    assert refused.status_code == 503
    assert refused.get_json()["redis"] == "not answering"
    assert "127.0.0.1" not in refused.get_data(as_text=True)  # the address stays in the log
