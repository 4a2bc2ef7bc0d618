"""Configuration: what a deployment must set, and the one-sentence reasons when it is wrong."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from flask import Flask

from hrsa import create_app
from hrsa.config import ConfigError, check_database_url, finalise_secret_key
from hrsa.core.framework import FrameworkError

GOOD_KEY = "0123456789abcdef" * 4  # 64 characters
SETTINGS = (
    "HRSA_ENV",
    "SECRET_KEY",
    "DATABASE_URL",
    "HRSA_FRAMEWORK_PATH",
    "HRSA_MAX_UPLOAD_MB",
    "HRSA_SCHOOL_QUOTA_MB",
    "HRSA_PROXY_COUNT",
    "HRSA_UPLOAD_DIR",
    "HRSA_STORAGE_URL",
    "HRSA_S3_ENDPOINT_URL",
    "HRSA_S3_PRESIGNED_DOWNLOADS",
    "MAIL_PORT",
    "RATELIMIT_STORAGE_URI",
    "HRSA_REDIS_URL",
    "HRSA_BASE_URL",
    "HRSA_SESSION_IDLE_MINUTES",
    "HRSA_SESSION_MAX_HOURS",
    "HRSA_LOGIN_ACCOUNT_LIMIT",
    "HRSA_LOGIN_ADDRESS_LIMIT",
)


@pytest.fixture
def instance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A clean environment and an empty instance folder for create_app()."""
    for name in SETTINGS:
        monkeypatch.delenv(name, raising=False)
    folder = tmp_path / "instance"
    monkeypatch.setattr(Flask, "auto_find_instance_path", lambda self: str(folder))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'config-test.sqlite3'}")
    return folder


def assert_one_sentence(message: str) -> None:
    assert "\n" not in message
    assert message[0].isupper() and message.endswith(".")
    assert "Traceback" not in message
    assert len(message) < 300


# --- SECRET_KEY ------------------------------------------------------------------------------


def test_production_without_a_secret_key_refuses_to_start(instance, monkeypatch):
    monkeypatch.setenv("HRSA_ENV", "production")

    with pytest.raises(ConfigError) as error:
        create_app()

    assert "SECRET_KEY" in str(error.value)
    assert_one_sentence(str(error.value))
    assert not (instance / "secret_key").exists()


@pytest.mark.parametrize("key", ["too-short-0123456789", "dev" + "x" * 40])
def test_production_refuses_a_weak_secret_key(instance, monkeypatch, key):
    monkeypatch.setenv("HRSA_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", key)

    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app()


def test_production_with_a_strong_key_starts_with_secure_cookies(instance, monkeypatch):
    monkeypatch.setenv("HRSA_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", GOOD_KEY)
    monkeypatch.setenv("HRSA_BASE_URL", "https://hrsa.example.gov.uk/")

    app = create_app()

    assert app.config["SECRET_KEY"] == GOOD_KEY
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True
    assert app.config["HRSA_BASE_URL"] == "https://hrsa.example.gov.uk"
    response = app.test_client().get("/sign-in")
    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    session_cookie = next(
        c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")
    )
    assert "Secure" in session_cookie and "HttpOnly" in session_cookie


# --- HRSA_BASE_URL and the session and sign-in settings ----------------------------------------


def test_production_without_a_base_url_refuses_to_start(instance, monkeypatch):
    monkeypatch.setenv("HRSA_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", GOOD_KEY)

    with pytest.raises(ConfigError) as error:
        create_app()

    assert "HRSA_BASE_URL" in str(error.value)
    assert_one_sentence(str(error.value))


@pytest.mark.parametrize("url", ["hrsa.example.gov.uk", "ftp://hrsa.example.gov.uk", "https://"])
def test_a_base_url_that_is_not_a_web_address_is_refused(instance, monkeypatch, url):
    monkeypatch.setenv("HRSA_BASE_URL", url)

    with pytest.raises(ConfigError, match="HRSA_BASE_URL") as error:
        create_app()

    assert_one_sentence(str(error.value))


def test_development_has_defaults_for_links_sessions_and_sign_in_limits(instance):
    app = create_app()

    assert app.config["HRSA_BASE_URL"] == "http://localhost:5000"
    assert app.config["HRSA_SESSION_IDLE_MINUTES"] == 60
    assert app.config["HRSA_SESSION_MAX_HOURS"] == 12
    assert app.config["HRSA_LOGIN_ACCOUNT_LIMIT"] == "5 per minute;20 per hour"
    assert app.config["HRSA_LOGIN_ADDRESS_LIMIT"] == "200 per hour"


def test_session_lifetimes_come_from_the_environment(instance, monkeypatch):
    monkeypatch.setenv("HRSA_SESSION_IDLE_MINUTES", "20")
    monkeypatch.setenv("HRSA_SESSION_MAX_HOURS", "8")

    app = create_app()

    assert (app.config["HRSA_SESSION_IDLE_MINUTES"], app.config["HRSA_SESSION_MAX_HOURS"]) == (
        20,
        8,
    )


def test_development_makes_a_key_in_the_instance_folder_and_keeps_it(instance):
    first = create_app()
    second = create_app()

    key_file = instance / "secret_key"
    assert key_file.exists()
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"] == key_file.read_text()
    assert len(first.config["SECRET_KEY"]) >= 32
    assert first.config["SESSION_COOKIE_SECURE"] is False
    assert "Strict-Transport-Security" not in first.test_client().get("/sign-in").headers


def test_generated_key_file_is_private_and_stable(tmp_path):
    config = {"HRSA_ENV": "development", "SECRET_KEY": ""}

    key = finalise_secret_key(config, str(tmp_path))

    key_file = tmp_path / "secret_key"
    assert key_file.read_text() == key
    assert len(key) == 64
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert finalise_secret_key(config, str(tmp_path)) == key
    assert finalise_secret_key(config, str(tmp_path / "elsewhere")) != key


def test_an_empty_key_file_is_replaced(tmp_path):
    (tmp_path / "secret_key").write_text("\n")

    key = finalise_secret_key({"HRSA_ENV": "development", "SECRET_KEY": ""}, str(tmp_path))

    assert len(key) == 64
    assert (tmp_path / "secret_key").read_text() == key
    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600


def test_a_key_that_is_set_is_used_and_no_file_is_made(tmp_path):
    key = finalise_secret_key({"HRSA_ENV": "development", "SECRET_KEY": GOOD_KEY}, str(tmp_path))

    assert key == GOOD_KEY
    assert not (tmp_path / "secret_key").exists()


# --- DATABASE_URL ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "not a url",
        "mysql://x",
        "mysql+pymysql://u:secret-pw@db/hrsa",
        "postgresql+psycopg2://u@h/d",
    ],
)
def test_unusable_database_url_stops_the_app_with_one_sentence(instance, monkeypatch, url):
    monkeypatch.setenv("DATABASE_URL", url)

    with pytest.raises(ConfigError) as error:
        create_app()

    message = str(error.value)
    assert message.startswith("DATABASE_URL ")
    assert "postgresql+psycopg://" in message  # says what to use instead
    assert "secret-pw" not in message
    assert_one_sentence(message)


@pytest.mark.parametrize(
    "url",
    [
        "sqlite:////srv/hrsa/hrsa.sqlite3",
        "postgresql+psycopg://hrsa:pw@localhost:5432/hrsa",
        "postgresql://hrsa@localhost/hrsa",
    ],
)
def test_supported_database_urls_are_accepted(url):
    check_database_url(url)


def test_the_default_database_is_a_file_in_the_instance_folder(instance, monkeypatch):
    monkeypatch.delenv("DATABASE_URL")

    app = create_app()

    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{instance / 'hrsa.sqlite3'}"


# --- other settings --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("HRSA_ENV", "staging", "HRSA_ENV must be"),
        ("HRSA_MAX_UPLOAD_MB", "lots", "HRSA_MAX_UPLOAD_MB must be a whole number"),
        ("HRSA_MAX_UPLOAD_MB", "0", "HRSA_MAX_UPLOAD_MB must be at least 1"),
        ("HRSA_PROXY_COUNT", "-1", "HRSA_PROXY_COUNT must be at least 0"),
    ],
)
def test_bad_settings_are_named(instance, monkeypatch, name, value, expected):
    monkeypatch.setenv(name, value)

    with pytest.raises(ConfigError) as error:
        create_app()

    assert str(error.value).startswith(expected)
    assert_one_sentence(str(error.value))


def test_upload_limit_sets_the_request_size_limit(instance, monkeypatch):
    monkeypatch.setenv("HRSA_MAX_UPLOAD_MB", "2")

    app = create_app()

    assert app.config["HRSA_MAX_UPLOAD_MB"] == 2
    assert 2 * 1024 * 1024 < app.config["MAX_CONTENT_LENGTH"] <= 21 * 1024 * 1024


# --- the framework file ----------------------------------------------------------------------


def test_broken_framework_file_stops_the_app_naming_the_file(instance, monkeypatch, tmp_path):
    broken = tmp_path / "my-framework.json"
    broken.write_text(json.dumps({"id": "x", "version": "1"}), encoding="utf-8")
    monkeypatch.setenv("HRSA_FRAMEWORK_PATH", str(broken))

    with pytest.raises(FrameworkError) as error:
        create_app()

    assert "my-framework.json" in str(error.value)
    assert "\n" not in str(error.value)


def test_missing_framework_file_stops_the_app_naming_the_file(instance, monkeypatch, tmp_path):
    monkeypatch.setenv("HRSA_FRAMEWORK_PATH", str(tmp_path / "nowhere.json"))

    with pytest.raises(FrameworkError, match="nowhere.json"):
        create_app()


def test_a_missing_upload_folder_stops_the_app_and_is_not_made(instance, monkeypatch, tmp_path):
    missing = tmp_path / "shared-volume-not-mounted"
    monkeypatch.setenv("HRSA_UPLOAD_DIR", str(missing))

    with pytest.raises(ConfigError, match="does not exist: create it, or mount the shared"):
        create_app()
    assert not missing.exists()


def test_the_embedded_default_upload_folder_is_made(instance):
    app = create_app()
    assert Path(app.config["HRSA_UPLOAD_DIR"]).is_dir()
