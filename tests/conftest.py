"""Shared fixtures: one app and database per test session, left as it was found after every test.

Each test runs inside one outer transaction on one connection, rolled back at its end; the
app's own commits (views, services, the CLI run in-process) only release SAVEPOINTs inside it
(SQLAlchemy's "joining a Session into an external transaction"). Tests whose data must be seen
by another connection or process (the browser's live server, a second Session on `db.engine`)
are marked `committed`: they commit for real and every table is emptied after them.

Set HRSA_TEST_DATABASE_URL to run the whole suite against PostgreSQL instead of SQLite. The
schema is built by the real Alembic migrations, so they are tested on both engines.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import pytest
from flask import Flask, current_app, g, has_app_context
from flask.testing import FlaskClient
from flask_migrate import upgrade
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import Connection, event, func, select, text
from sqlalchemy.orm import scoped_session, sessionmaker

from hrsa import create_app
from hrsa.extensions import db, limiter
from hrsa.models import AuditEvent
from hrsa.services.accounts import hashing_gate, identity, passwords
from hrsa.services.cycles import framework_versions
from hrsa.services.reports import comparison_cache
from tests import REPO
from tests.factories import Factory
from tests.object_store import (  # noqa: F401 - fixtures
    hanging_endpoint,
    s3_app,
    s3_endpoint,
    s3_settings,
)

TEST_SECRET = "test-secret-key-that-is-long-enough-0123456789"
TRANSACTION_CONTROL = ("BEGIN", "SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


def _reset_schema() -> None:
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    else:
        db.drop_all()
        with db.engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


def _empty_tables() -> None:
    db.session.rollback()
    db.session.remove()
    tables = [t for t in db.metadata.sorted_tables if t.name != "framework_version"]
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(tables):
                conn.execute(table.delete())
        conn.execute(text("DELETE FROM framework_version WHERE id > 1"))


class IsolatedClient(FlaskClient):
    """A test client whose every request starts with an empty `g`.

    pytest-flask keeps one request context pushed for the whole test, and Flask reuses its app
    context for the client's requests, so `g` (Flask-Login's cached user, the CSRF token, the CSP
    nonce) would otherwise leak from one request, or one client, to the next.
    """

    def open(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if has_app_context():
            for name in list(vars(g)):
                delattr(g, name)
        return super().open(*args, **kwargs)


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """The app under test, with its schema built by the migrations and the framework imported."""
    base = tmp_path_factory.mktemp("hrsa")
    url = os.environ.get("HRSA_TEST_DATABASE_URL") or f"sqlite:///{base / 'test.sqlite3'}"
    (base / "uploads").mkdir()
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": TEST_SECRET,
            "SQLALCHEMY_DATABASE_URI": url,
            "WTF_CSRF_ENABLED": False,
            "HRSA_LOGIN_ACCOUNT_LIMIT": "10000 per minute",
            "HRSA_LOGIN_ADDRESS_LIMIT": "10000 per minute",
            "HRSA_BASE_URL": "http://localhost",
            "HRSA_UPLOAD_DIR": str(base / "uploads"),
            "HRSA_STORAGE_URL": "",  # the folder above, whatever the shell says (s3_app: a bucket)
            "SERVER_NAME": "localhost",
            "MAIL_SERVER": "",
            "HRSA_JOBS_INLINE": True,  # a job runs before the request that starts it returns
        }
    )
    app.test_client_class = IsolatedClient
    # This run's own hashing slots, not the machine's (other runs may be hashing beside it).
    hashing_gate.configure(folder=str(base / "password-slots"))
    with app.app_context():
        _reset_schema()
        upgrade(directory=str(REPO / "hrsa" / "migrations"))
        framework_versions.import_framework(db.session, app.config["HRSA_FRAMEWORK_PATH"])
        db.session.commit()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _no_kept_comparisons() -> None:
    """Each test starts with no report comparisons kept from another test's city (ids and
    submission times can repeat once a test's rows are rolled back)."""
    comparison_cache.forget()


@pytest.fixture(autouse=True)
def _cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """scrypt at full cost takes ~0.2 s a hash; tests use a cheaper setting of the same algorithm
    (tests/unit/services/accounts/test_accounts.py checks the real one)."""
    monkeypatch.setattr(passwords, "PASSWORD_METHOD", "scrypt:1024:8:1")


def _savepoints_on_sqlite(connection: Connection) -> Callable[[], None]:
    """pysqlite begins and ends transactions on its own, which breaks SAVEPOINTs; on this one
    connection, let SQLAlchemy emit BEGIN itself (the workaround in SQLAlchemy's SQLite dialect
    docs). Only the test's connection: the app's engine keeps pysqlite's usual behaviour, and
    its "connect" listener has already set the PRAGMAs (foreign keys, WAL, busy timeout).
    Returns the function that puts the connection back as it was."""
    dbapi_connection = connection.connection.driver_connection
    usual = dbapi_connection.isolation_level
    dbapi_connection.isolation_level = None

    def begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN")

    event.listen(connection, "begin", begin)

    def undo() -> None:
        event.remove(connection, "begin", begin)
        dbapi_connection.isolation_level = usual

    return undo


class _JoinedSession(FlaskSession):
    """Flask-SQLAlchemy's session, but always on the test's connection (its own get_bind would
    pick the app's engine and so a fresh connection outside the test's transaction)."""

    def get_bind(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        assert self.bind is not None
        return self.bind


def _rolled_back(app: Flask) -> Iterator[None]:
    """Run the test inside one transaction on one connection, and roll it back at the end."""
    with app.app_context():
        connection: Connection = db.engine.connect()
    undo = _savepoints_on_sqlite(connection) if connection.dialect.name == "sqlite" else None
    outer = connection.begin()
    usual = db.session
    joined = sessionmaker(
        class_=_JoinedSession,
        db=db,
        bind=connection,
        join_transaction_mode="create_savepoint",
    )

    def session() -> FlaskSession:
        """The test app's sessions join the test's transaction; an app a test builds for itself
        (another database, an unreachable one) keeps its usual sessions."""
        if current_app._get_current_object() is app:  # type: ignore[attr-defined]
            return joined()
        return usual.session_factory()

    db.session = scoped_session(session, scopefunc=usual.registry.scopefunc)  # type: ignore[attr-defined]
    try:
        yield
    finally:
        if has_app_context():  # pytest-flask's request context outlives the test's body
            db.session.remove()
        db.session = usual
        outer.rollback()
        if undo is not None:
            undo()
        connection.close()
        limiter.reset()


def _emptied(app: Flask) -> Iterator[None]:
    """Let the test commit for real, then empty every table (the framework stays imported)."""
    yield
    if has_app_context():  # the test's own session may still hold a transaction
        db.session.rollback()
        db.session.remove()
    with app.app_context():
        _empty_tables()
    limiter.reset()


@pytest.fixture(autouse=True)
def _fresh_database(app: Flask, request: pytest.FixtureRequest) -> Iterator[None]:
    """Every test starts with an empty city (the framework stays imported): rolled back after
    most tests, emptied table by table after those marked `committed`."""
    if request.node.get_closest_marker("committed"):
        yield from _emptied(app)
    else:
        yield from _rolled_back(app)


@pytest.fixture
def factory(app: Flask) -> Factory:
    """Makes schools, people and assessments for a test's story."""
    return Factory(db.session, app.config)


@pytest.fixture
def count_queries(app: Flask) -> Iterator[list[str]]:
    """A list that fills with every SQL statement run while the test uses it (not the BEGIN and
    SAVEPOINTs that only the test's own transaction adds)."""
    statements: list[str] = []

    def before(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if not statement.startswith(TRANSACTION_CONTROL):
            statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    yield statements
    event.remove(engine, "before_cursor_execute", before)


@pytest.fixture
def recorded_sign_ins(app: Flask) -> Callable[[str], tuple[int, datetime | None]]:
    """Reads what the database recorded of someone's sign-ins: how many, and the last one's time."""

    def read(email: str) -> tuple[int, datetime | None]:
        with app.app_context():
            user = identity.find_by_email(db.session, email)
            assert user is not None, email
            count = db.session.scalar(
                select(func.count())
                .select_from(AuditEvent)
                .where(AuditEvent.action == "sign_in", AuditEvent.user_id == user.id)
            )
            return int(count or 0), user.last_login_at

    return read


class SignIn:
    """Sign a person in through the real sign-in form."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def __call__(self, email: str, password: str = "correct-horse-battery") -> None:
        response = self.client.post("/sign-in", data={"email": email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)

    def out(self) -> None:
        self.client.post("/sign-out")


@pytest.fixture
def sign_in(client: FlaskClient) -> SignIn:
    return SignIn(client)


@pytest.fixture
def clean_redis() -> Iterator[Any]:
    """A Redis client on the tests' own database (HRSA_TEST_REDIS_URL, db 9), flushed before and
    after; the test is skipped where no Redis answers (.ci/run starts one)."""
    import redis

    from tests.shared_servers import REDIS_URL, redis_answers

    if not redis_answers():
        pytest.skip(f"Redis does not answer at {REDIS_URL}: .ci/run starts one")
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    yield client
    client.flushdb()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """In CI (HRSA_FAIL_ON_SKIP=1) a skipped test fails the run: nothing is silently left out."""
    if not os.environ.get("HRSA_FAIL_ON_SKIP"):
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if skipped and exitstatus == 0:
        print(f"\nFAILED: {skipped} test(s) were skipped; CI requires every test to run.")
        session.exitstatus = 1
