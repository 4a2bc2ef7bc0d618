"""Configuration read from the environment, with an optional instance/config.py on top.

Every setting a deployment can change is listed in README.md. Problems that would stop the app
working (a bad DATABASE_URL, no SECRET_KEY in production) raise ConfigError with one sentence
saying what to fix.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

SUPPORTED_DATABASES = ("sqlite", "postgresql")
MIN_SECRET_KEY_LENGTH = 32
# The small-number rule (HRSA_MIN_CELL_SCHOOLS): area figures from fewer schools are not shown.
DEFAULT_MIN_CELL_SCHOOLS = 3


class ConfigError(Exception):
    """A configuration problem the person running the app must fix."""


def _int_env(name: str, default: int, minimum: int = 1) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}.") from None
    if value < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, not {value}.")
    return value


def _log_format(env: str) -> str:
    raw = os.environ.get("HRSA_LOG_FORMAT", "").strip().lower()
    if not raw:
        return "json" if env == "production" else "text"
    if raw not in {"json", "text"}:
        raise ConfigError(f"HRSA_LOG_FORMAT must be 'json' or 'text', not {raw!r}.")
    return raw


def _float_env(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number of seconds, not {raw!r}.") from None
    if not 0 < value <= 60:
        raise ConfigError(f"{name} must be more than 0 and at most 60 seconds, not {raw}.")
    return value


def check_upload_folder(config: Mapping[str, Any], instance_path: str) -> None:
    """The upload folder must exist: a missing one is usually an unmounted shared volume, and
    making it would put new evidence on one machine's disk and lose sight of the old. Only the
    embedded default (instance/uploads) is made, for a first `make run`."""
    folder = Path(str(config["HRSA_UPLOAD_DIR"]))
    if folder == Path(instance_path) / "uploads":
        folder.mkdir(parents=True, exist_ok=True)
    elif not folder.is_dir():
        raise ConfigError(
            f"HRSA_UPLOAD_DIR {folder} does not exist: create it, or mount the shared folder "
            "there, before starting hrsa."
        )


def finalise_storage(config: dict[str, Any], instance_path: str) -> None:
    """Check where uploaded files go (HRSA_STORAGE_URL) before anything is served: a folder
    that exists, or a bucket the object store says is there. A file:// URL sets
    HRSA_UPLOAD_DIR; an object store that does not answer stops start-up with one sentence."""
    from hrsa.storage.base import StorageError
    from hrsa.storage.configured import parse_location, storage_from_config

    try:
        location = parse_location(str(config.get("HRSA_STORAGE_URL") or ""))
    except ValueError as error:
        raise ConfigError(str(error)) from None
    endpoint = str(config.get("HRSA_S3_ENDPOINT_URL") or "").strip()
    if endpoint:
        parts = urlsplit(endpoint)
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise ConfigError(
                "HRSA_S3_ENDPOINT_URL must be the object store's address, like "
                f"https://objects.example.gov.uk, not {endpoint!r}."
            )
    if location.scheme == "file":
        if config.get("HRSA_S3_PRESIGNED_DOWNLOADS"):
            raise ConfigError(
                "HRSA_S3_PRESIGNED_DOWNLOADS needs the files in an object store: set "
                "HRSA_STORAGE_URL to s3://bucket/prefix, or turn it off."
            )
        if location.folder:
            config["HRSA_UPLOAD_DIR"] = location.folder
        check_upload_folder(config, instance_path)
        return
    from hrsa.storage.s3 import S3Storage

    store = storage_from_config(config)
    try:
        if isinstance(store, S3Storage):
            store.check_bucket()
    except StorageError as error:
        raise ConfigError(f"{error}.") from None


def finalise_rate_limit_storage(config: Mapping[str, Any]) -> str:
    """Where sign-in limits are counted; a Redis that does not answer stops start-up with one
    sentence (not a traceback, and not silently counting per process)."""
    uri = str(config.get("RATELIMIT_STORAGE_URI") or config.get("HRSA_REDIS_URL") or "memory://")
    if uri.startswith(("redis://", "rediss://", "unix://")):
        import redis

        try:
            redis.Redis.from_url(uri, socket_connect_timeout=2, socket_timeout=2).ping()
        except (redis.RedisError, ValueError) as error:
            shown = _without_password(uri)
            raise ConfigError(
                f"Redis at {shown} does not answer ({error}): start it, or correct "
                "RATELIMIT_STORAGE_URI / HRSA_REDIS_URL."
            ) from None
    return uri


def _without_password(uri: str) -> str:
    parts = urlsplit(uri)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return parts._replace(netloc=netloc).geturl()
    return uri


def engine_options(config: Mapping[str, Any]) -> dict[str, Any]:
    """SQLAlchemy's engine options with the connect and statement timeouts for the backend."""
    options = dict(config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    url = str(config["SQLALCHEMY_DATABASE_URI"])
    connect_args = dict(options.get("connect_args") or {})
    if url.startswith("postgresql"):
        connect_args.setdefault("connect_timeout", config["HRSA_DB_CONNECT_TIMEOUT"])
        connect_args.setdefault(
            "options", f"-c statement_timeout={config['HRSA_DB_STATEMENT_TIMEOUT_MS']}"
        )
    elif url.startswith("sqlite"):
        connect_args.setdefault("timeout", config["HRSA_DB_CONNECT_TIMEOUT"])
    options["connect_args"] = connect_args
    return options


def _bool_env(name: str, default: bool) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    return raw in {"1", "true", "yes", "on"}


def from_environment(instance_path: str) -> dict[str, Any]:
    """Build the settings dictionary from environment variables."""
    env = os.environ.get("HRSA_ENV", "development").strip().lower() or "development"
    if env not in {"development", "production"}:
        raise ConfigError(f"HRSA_ENV must be 'development' or 'production', not {env!r}.")
    instance = Path(instance_path)
    max_upload_mb = _int_env("HRSA_MAX_UPLOAD_MB", 20)
    return {
        "HRSA_ENV": env,
        "SECRET_KEY": os.environ.get("SECRET_KEY", ""),
        "SQLALCHEMY_DATABASE_URI": os.environ.get("DATABASE_URL")
        or f"sqlite:///{instance / 'hrsa.sqlite3'}",
        "HRSA_UPLOAD_DIR": os.environ.get("HRSA_UPLOAD_DIR") or str(instance / "uploads"),
        # Where uploaded files go: file:///folder (by default HRSA_UPLOAD_DIR) or
        # s3://bucket/prefix in an S3-compatible store at HRSA_S3_ENDPOINT_URL (empty: AWS),
        # with boto3's own AWS_* settings for credentials and region.
        "HRSA_STORAGE_URL": os.environ.get("HRSA_STORAGE_URL", "").strip(),
        "HRSA_S3_ENDPOINT_URL": os.environ.get("HRSA_S3_ENDPOINT_URL", "").strip(),
        # Downloads from an object store: a redirect to a link valid for a few minutes, so the
        # file never passes through the app (off: the app streams it).
        "HRSA_S3_PRESIGNED_DOWNLOADS": _bool_env("HRSA_S3_PRESIGNED_DOWNLOADS", False),
        "HRSA_MAX_UPLOAD_MB": max_upload_mb,
        "HRSA_SCHOOL_QUOTA_MB": _int_env("HRSA_SCHOOL_QUOTA_MB", 500),
        # The whole request may carry several files: allow a little over the per-file cap x 10.
        "MAX_CONTENT_LENGTH": (max_upload_mb * 10 + 1) * 1024 * 1024,
        "HRSA_FRAMEWORK_PATH": os.environ.get("HRSA_FRAMEWORK_PATH", ""),
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", ""),
        "MAIL_PORT": _int_env("MAIL_PORT", 587),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD", ""),
        "MAIL_USE_TLS": _bool_env("MAIL_USE_TLS", True),
        "MAIL_DEFAULT_SENDER": os.environ.get(
            "MAIL_DEFAULT_SENDER", "Healthy Relationships Self-Assessment <no-reply@localhost>"
        ),
        # Shared Redis for everything more than one app server must agree on (sign-in limits
        # today). Rate limits use RATELIMIT_STORAGE_URI if set, else HRSA_REDIS_URL, else each
        # process counts on its own (memory://, fine for one process only).
        "HRSA_REDIS_URL": os.environ.get("HRSA_REDIS_URL", "").strip(),
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "").strip(),
        # Background jobs (hrsa.services.jobs): on RQ in Redis when HRSA_REDIS_URL is set (run
        # `hrsa worker`), else in a thread of the app process; inline (before the request that
        # starts one returns) when HRSA_JOBS_INLINE is set, as the tests do. A job running
        # longer than HRSA_JOB_TIMEOUT seconds is stopped by the RQ worker.
        "HRSA_JOBS_INLINE": _bool_env("HRSA_JOBS_INLINE", False),
        "HRSA_JOB_TIMEOUT": _int_env("HRSA_JOB_TIMEOUT", 3 * 3600),
        # Sign-in attempts: strict for one account, generous for one address (a whole school's
        # staff usually share one public address).
        "HRSA_LOGIN_ACCOUNT_LIMIT": os.environ.get(
            "HRSA_LOGIN_ACCOUNT_LIMIT", "5 per minute;20 per hour"
        ),
        "HRSA_LOGIN_ADDRESS_LIMIT": os.environ.get("HRSA_LOGIN_ADDRESS_LIMIT", "200 per hour"),
        # "Forgot your password?" requests: a few for one email address, more for one network
        # address; and the least time the answer takes, so whether a link was sent (an account
        # exists) does not show in how long it took.
        "HRSA_RESET_ACCOUNT_LIMIT": os.environ.get("HRSA_RESET_ACCOUNT_LIMIT", "5 per hour"),
        "HRSA_RESET_ADDRESS_LIMIT": os.environ.get("HRSA_RESET_ADDRESS_LIMIT", "30 per hour"),
        "HRSA_RESET_ANSWER_SECONDS": 1.0,
        "HRSA_SESSION_IDLE_MINUTES": _int_env("HRSA_SESSION_IDLE_MINUTES", 60),
        "HRSA_SESSION_MAX_HOURS": _int_env("HRSA_SESSION_MAX_HOURS", 12),
        # Links in emails start with this, never with the Host header a request happened to send.
        "HRSA_BASE_URL": os.environ.get("HRSA_BASE_URL", "").strip(),
        # Who people contact about the service (the beta banner's "contact us", the footer).
        "HRSA_CONTACT_NAME": os.environ.get(
            "HRSA_CONTACT_NAME", "Healthy Relationships Advisory Group"
        ).strip(),
        "HRSA_CONTACT_EMAIL": os.environ.get(
            "HRSA_CONTACT_EMAIL", "healthy.relationships@example.org"
        ).strip(),
        "HRSA_CONTACT_PHONE": os.environ.get("HRSA_CONTACT_PHONE", "").strip(),
        # Number of reverse proxies in front of the app (for the client address in rate limits).
        "HRSA_PROXY_COUNT": _int_env("HRSA_PROXY_COUNT", 0, minimum=0),
        "HRSA_MIN_CELL_SCHOOLS": _int_env("HRSA_MIN_CELL_SCHOOLS", DEFAULT_MIN_CELL_SCHOOLS),
        # Password hashes at once on this machine (0: half the cores, at least one); a sign-in
        # waits up to 10 s for a slot, then is asked to try again (hashing_gate).
        "HRSA_HASH_SLOTS": _int_env("HRSA_HASH_SLOTS", 0, minimum=0),
        # Survey results stay hidden below this many responses, and any breakdown that would
        # show fewer is suppressed (so no answer can be traced to a small group).
        "HRSA_SURVEY_MIN_RESPONSES": _int_env("HRSA_SURVEY_MIN_RESPONSES", 10, minimum=1),
        # Public survey pages: posts per network address (a whole school may share one) and
        # per survey link, and the most responses one survey takes.
        "HRSA_SURVEY_ADDRESS_LIMIT": os.environ.get(
            "HRSA_SURVEY_ADDRESS_LIMIT", "120 per 10 minutes"
        ),
        "HRSA_SURVEY_LINK_LIMIT": os.environ.get("HRSA_SURVEY_LINK_LIMIT", "300 per 10 minutes"),
        "HRSA_SURVEY_PAGE_LIMIT": os.environ.get("HRSA_SURVEY_PAGE_LIMIT", "600 per 10 minutes"),
        "HRSA_SURVEY_CAP": _int_env("HRSA_SURVEY_CAP", 2000, minimum=1),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        # A database that does not answer: give up connecting after this many seconds, and
        # stop any statement after this many milliseconds (PostgreSQL), under gunicorn's 30 s.
        "HRSA_DB_CONNECT_TIMEOUT": _int_env("HRSA_DB_CONNECT_TIMEOUT", 5),
        "HRSA_DB_STATEMENT_TIMEOUT_MS": _int_env("HRSA_DB_STATEMENT_TIMEOUT_MS", 25000),
        # /readyz waits this long for the database before it reports the instance not ready.
        "HRSA_READY_TIMEOUT": _float_env("HRSA_READY_TIMEOUT", 1.5),
        # One JSON object per log line (for a log collector), or plain text for a person.
        "HRSA_LOG_FORMAT": _log_format(env),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": 8 * 3600,
    }


def check_database_url(url: str) -> None:
    """Raise ConfigError unless url is a database URL hrsa can use."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ConfigError(
            "DATABASE_URL is not a valid database URL: use sqlite:///path/to/file.sqlite3 or "
            "postgresql+psycopg://user:password@host:5432/name."
        ) from None
    if parsed.get_backend_name() not in SUPPORTED_DATABASES:
        raise ConfigError(
            f"DATABASE_URL uses {parsed.get_backend_name()!r}, which hrsa does not support: use "
            "sqlite:///path/to/file.sqlite3 or postgresql+psycopg://user:password@host:5432/name."
        )
    if parsed.get_backend_name() == "postgresql" and parsed.get_driver_name() not in {
        "psycopg",
        "postgresql",
    }:
        raise ConfigError(
            "DATABASE_URL must use the psycopg 3 driver: "
            "postgresql+psycopg://user:password@host:5432/name."
        )


DEVELOPMENT_BASE_URL = "http://localhost:5000"


def finalise_base_url(config: dict[str, Any]) -> str:
    """Return the address links in emails start with: required in production."""
    url = str(config.get("HRSA_BASE_URL") or "").strip().rstrip("/")
    if not url:
        if config.get("HRSA_ENV") == "production":
            raise ConfigError(
                "HRSA_BASE_URL must be set in production to the address people use to reach "
                "the service, like https://hrsa.example.gov.uk."
            )
        return DEVELOPMENT_BASE_URL
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc or parts.query or parts.fragment:
        raise ConfigError(
            f"HRSA_BASE_URL must be a web address like https://hrsa.example.gov.uk, not {url!r}."
        )
    return url


def finalise_secret_key(config: dict[str, Any], instance_path: str) -> str:
    """Return the secret key: required in production, generated into instance/ in development."""
    key = str(config.get("SECRET_KEY") or "")
    if config.get("HRSA_ENV") == "production":
        if len(key) < MIN_SECRET_KEY_LENGTH or key.startswith("dev"):
            raise ConfigError(
                "SECRET_KEY must be set to a random value of at least 32 characters in "
                "production: generate one with "
                "'python -c \"import secrets; print(secrets.token_hex(32))\"'."
            )
        return key
    if key:
        return key
    key_file = Path(instance_path) / "secret_key"
    if key_file.exists():
        existing = key_file.read_text().strip()
        if existing:
            return existing
        key_file.unlink()  # an empty file would leave the app with no key at all
    key_file.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    try:
        # Private from the moment it exists, and never overwrite a key another process just made.
        handle = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return key_file.read_text().strip()
    with os.fdopen(handle, "w") as file:
        file.write(key)
    return key
