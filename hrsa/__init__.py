"""hrsa: the Healthy Relationships Self-Assessment web service.

create_app() builds the Flask app: configuration, extensions, security, blueprints, error pages,
template helpers and the CLI. Nothing here touches the database at import time.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, cast

from flask import Flask
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import scoped_session
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter, Map

from hrsa.config import (
    ConfigError,
    check_database_url,
    engine_options,
    finalise_base_url,
    finalise_rate_limit_storage,
    finalise_secret_key,
    finalise_storage,
    from_environment,
)
from hrsa.core.framework import DEFAULT_FRAMEWORK_PATH, FrameworkError, load_framework
from hrsa.extensions import db, limiter, login_manager, migrate
from hrsa.web.request import HrsaRequest

MIGRATIONS = str(Path(__file__).resolve().parent / "migrations")

log = logging.getLogger(__name__)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    """SQLite: enforce foreign keys and use write-ahead logging, like a real server would."""
    module = type(dbapi_connection).__module__
    if module.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app; config overrides the environment (tests pass their settings here)."""
    app = Flask(__name__, instance_relative_config=True)
    app.request_class = HrsaRequest
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.update(from_environment(app.instance_path))
    app.config.from_pyfile("config.py", silent=True)
    if config:
        app.config.update(config)
    check_database_url(app.config["SQLALCHEMY_DATABASE_URI"])
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(app.config)
    finalise_storage(app.config, app.instance_path)
    app.config["SECRET_KEY"] = finalise_secret_key(app.config, app.instance_path)
    app.config["HRSA_BASE_URL"] = finalise_base_url(app.config)
    if app.config["HRSA_ENV"] == "production":
        app.config.update(SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True)
    app.config["RATELIMIT_STORAGE_URI"] = finalise_rate_limit_storage(app.config)
    from hrsa.services.accounts import hashing_gate  # here: importing hrsa loads no service

    hashing_gate.configure(slots=app.config.get("HRSA_HASH_SLOTS") or None)

    framework_path = app.config.get("HRSA_FRAMEWORK_PATH") or str(DEFAULT_FRAMEWORK_PATH)
    app.config["HRSA_FRAMEWORK_PATH"] = framework_path
    # Validate the shipped framework file at start-up: a broken file stops the app with a reason.
    app.extensions["hrsa_framework_file"] = load_framework(framework_path)

    if app.config["HRSA_PROXY_COUNT"]:
        count = app.config["HRSA_PROXY_COUNT"]
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=count, x_proto=count, x_host=count
        )

    # Ids in URLs fit the database's integer columns: a larger number is a 404, not a crash.
    app.url_map.converters["int"] = DatabaseIdConverter
    _init_extensions(app)
    _init_templates(app)
    _register_blueprints(app)

    from hrsa.jobs import init_jobs

    init_jobs(app)

    from hrsa.web.errors import register_error_handlers

    register_error_handlers(app)

    from hrsa.cli.main import register_commands

    register_commands(app)
    return app


class DatabaseIdConverter(IntegerConverter):
    """Werkzeug's int converter, capped at the largest 32-bit integer PostgreSQL stores."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:  # noqa: A002
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


def _init_extensions(app: Flask) -> None:
    from hrsa.web.request_log import init_request_log
    from hrsa.web.security import init_security

    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS, render_as_batch=True)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Sign in to continue."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    from hrsa.web.auth.sessions import init_sessions

    init_sessions(app)
    init_security(app)
    init_request_log(app)

    from hrsa.web.auth.loader import load_user

    login_manager.user_loader(load_user)

    @app.teardown_appcontext
    def _end_database_session(error: BaseException | None) -> None:
        """End the request's database session without ever turning a dead connection into
        the server's bare "Internal Server Error": the response has already been made, and
        Flask-SQLAlchemy's own teardown (which runs after this one) would raise outside the
        error pages. The connection is discarded and the pool makes a new one."""
        scoped = cast("scoped_session[Any]", db.session)  # typed as Session in extensions
        try:
            scoped.remove()
        except Exception:
            log.warning("The database session could not be closed cleanly", exc_info=True)
            scoped.registry.clear()


def _init_templates(app: Flask) -> None:
    app.jinja_loader = ChoiceLoader(
        [
            PackageLoader("hrsa"),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    WTFormsHelpers(app)

    from hrsa.web.branding import register_branding
    from hrsa.web.templating import template_helpers

    template_helpers(app)
    register_branding(app)


def _register_blueprints(app: Flask) -> None:
    from hrsa.web.admin import bp as admin_bp
    from hrsa.web.assessment import bp as assessment_bp
    from hrsa.web.auth import bp as auth_bp
    from hrsa.web.dashboard import bp as dashboard_bp
    from hrsa.web.downloads import bp as exports_bp
    from hrsa.web.evidence import bp as evidence_bp
    from hrsa.web.jobs import bp as jobs_bp
    from hrsa.web.main import bp as main_bp
    from hrsa.web.moderation import bp as moderation_bp
    from hrsa.web.reports import bp as reports_bp
    from hrsa.web.resources import bp as resources_bp
    from hrsa.web.schools import bp as schools_bp
    from hrsa.web.surveys import bp as surveys_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(schools_bp)
    app.register_blueprint(assessment_bp)
    app.register_blueprint(evidence_bp)
    app.register_blueprint(exports_bp)
    app.register_blueprint(resources_bp)
    app.register_blueprint(dashboard_bp)
    app.register_blueprint(moderation_bp)
    app.register_blueprint(reports_bp)
    app.register_blueprint(surveys_bp)
    app.register_blueprint(jobs_bp)


__all__ = ["ConfigError", "FrameworkError", "create_app"]
