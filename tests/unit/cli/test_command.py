"""The `hrsa` command, run as a person would run it.

Four runs are real processes of the installed console script with environment variables. Each
costs about a second and a half of CPU, so they happen once for the module, and the three
problem cases run in the background while `hrsa db upgrade` builds a database. The commands
that use that database then go through the same entry point, hrsa.cli.main.main(), in-process.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest
from werkzeug.security import check_password_hash

from hrsa.cli.main import main
from tests import REPO

HRSA = REPO / ".venv" / "bin" / "hrsa"
SHIPPED_FRAMEWORK = REPO / "standards" / "eight_principles.json"
UNREACHABLE = "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=3"
KEY = "cli-test-secret-key-0123456789abcdef-0123456789"
PASSWORD = "correct-horse-battery"
TIMEOUT = 120


@dataclass(frozen=True)
class Run:
    args: tuple[str, ...]
    code: int
    out: str
    err: str

    def __str__(self) -> str:
        return f"hrsa {' '.join(self.args)} -> {self.code}\nstdout: {self.out}\nstderr: {self.err}"


def environment(database: str, **extra: str) -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("HRSA_", "FLASK_", "MAIL_", "RATELIMIT_"))
        and name not in ("SECRET_KEY", "DATABASE_URL")
    }
    # Run this checkout's code, whichever checkout the virtual environment was installed from.
    env["PYTHONPATH"] = str(REPO)
    env.update({"HRSA_ENV": "development", "SECRET_KEY": KEY, "DATABASE_URL": database})
    env.update(extra)
    return env


Started = tuple[tuple[str, ...], subprocess.Popen[str]]


def start(cwd: Path, env: dict[str, str], *args: str) -> Started:
    process = subprocess.Popen(  # noqa: S603 - our own console script, fixed arguments
        [str(HRSA), *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    return args, process


def finish(started: Started) -> Run:
    args, process = started
    out, err = process.communicate(timeout=TIMEOUT)
    return Run(args, process.returncode, out, err)


@dataclass(frozen=True)
class Runs:
    work: Path
    database: Path
    upgrade: Run
    broken_framework: Run
    broken_file: Path
    unreachable_database: Run
    production_without_key: Run


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Runs:
    if not HRSA.exists():
        pytest.skip(f"{HRSA} is not installed")
    work = tmp_path_factory.mktemp("cli")
    database = work / "cli.sqlite3"
    broken = work / "broken-framework.json"
    broken.write_text('{"id": "eight-principles", "version": ', encoding="utf-8")
    elsewhere = f"sqlite:///{work / 'other.sqlite3'}"

    background = [
        start(work, environment(elsewhere), "import-framework", str(broken)),
        start(work, environment(UNREACHABLE), "db", "upgrade"),
        start(work, environment(elsewhere, HRSA_ENV="production", SECRET_KEY=""), "db", "upgrade"),
    ]
    upgrade = finish(start(work, environment(f"sqlite:///{database}"), "db", "upgrade"))
    broken_run, unreachable_run, production_run = (finish(run) for run in background)
    return Runs(
        work=work,
        database=database,
        upgrade=upgrade,
        broken_framework=broken_run,
        broken_file=broken,
        unreachable_database=unreachable_run,
        production_without_key=production_run,
    )


def assert_one_line_reason(run: Run) -> str:
    assert run.code == 1, run
    assert "Traceback" not in run.err + run.out, run
    lines = run.err.strip().splitlines()
    assert len(lines) == 1, run
    assert lines[0].startswith("hrsa: "), run
    return lines[0]


def test_db_upgrade_builds_the_database(runs):
    assert runs.upgrade.code == 0, runs.upgrade
    assert "Traceback" not in runs.upgrade.err
    with closing(sqlite3.connect(runs.database)) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    assert {"school", "user_account", "framework_version", "alembic_version"} <= tables


def test_broken_framework_file_is_one_line_naming_the_file(runs):
    line = assert_one_line_reason(runs.broken_framework)

    assert str(runs.broken_file) in line
    assert "invalid JSON" in line
    assert runs.broken_framework.out == ""


def test_unreachable_database_is_one_clear_sentence(runs):
    line = assert_one_line_reason(runs.unreachable_database)

    assert line.startswith(
        "hrsa: Cannot use the database at postgresql+psycopg://nobody@127.0.0.1:1/none"
    )
    assert line.endswith("check DATABASE_URL and that the database server is running.")


def test_production_without_a_secret_key_says_so(runs):
    line = assert_one_line_reason(runs.production_without_key)

    assert line.startswith("hrsa: SECRET_KEY must be set")
    assert line.endswith(".")


# --- the same entry point in-process ---------------------------------------------------------


@pytest.fixture
def hrsa(runs: Runs, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """Run `hrsa ARGS` through hrsa.cli.main.main() against the database `hrsa db upgrade` built."""
    for name in ("HRSA_FRAMEWORK_PATH", "HRSA_PROXY_COUNT", "HRSA_MAX_UPLOAD_MB"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HRSA_ENV", "development")
    monkeypatch.setenv("SECRET_KEY", KEY)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{runs.database}")
    monkeypatch.setenv("HRSA_UPLOAD_DIR", str(runs.work / "uploads"))
    (runs.work / "uploads").mkdir(exist_ok=True)
    monkeypatch.setenv("FLASK_RUN_FROM_CLI", "true")  # Flask's CLI sets it; put it back after

    def run(*args: str) -> Run:
        monkeypatch.setattr(sys, "argv", ["hrsa", *args])
        code = 0
        try:
            main()
        except SystemExit as exit_:
            code = int(exit_.code or 0)
        captured = capsys.readouterr()
        return Run(args, code, captured.out, captured.err)

    return run


def test_setting_up_a_school_its_lead_and_the_framework(runs, hrsa):
    school = hrsa(
        "create-school",
        "--urn",
        "123456",
        "--name",
        "Stoke Primary",
        "--phase",
        "primary",
        "--ward",
        "Stoke",
    )
    user = hrsa(
        "create-user",
        "--email",
        "Lead@Example.org",
        "--name",
        "Lee Lead",
        "--role",
        "school_lead",
        "--school-urn",
        "123456",
        "--password",
        PASSWORD,
    )
    first_import = hrsa("import-framework", str(SHIPPED_FRAMEWORK))
    second_import = hrsa("import-framework", str(SHIPPED_FRAMEWORK))

    assert (school.code, school.out.strip()) == (0, "Created Stoke Primary (URN 123456)."), school
    assert (user.code, user.out.strip()) == (0, "Created lead@example.org (School lead)."), user
    assert first_import.code == 0 and first_import.out.startswith("Imported "), first_import
    assert second_import.code == 0, second_import
    assert second_import.out.strip().endswith("was already imported: no change.")
    with closing(sqlite3.connect(runs.database)) as conn:
        email, role, urn, password_hash = conn.execute(
            "SELECT u.email, u.role, s.urn, u.password_hash FROM user_account u "
            "JOIN school s ON s.id = u.school_id"
        ).fetchone()
        versions = conn.execute("SELECT count(*) FROM framework_version").fetchone()[0]
    assert (email, role, urn) == ("lead@example.org", "school_lead", "123456")
    assert password_hash.startswith("scrypt:")
    assert check_password_hash(password_hash, PASSWORD)
    assert versions == 1


def test_rule_broken_by_a_command_is_one_line(hrsa):
    run = hrsa(
        "create-user",
        "--email",
        "x@example.org",
        "--name",
        "X",
        "--role",
        "school_staff",
        "--school-urn",
        "999999",
        "--password",
        PASSWORD,
    )

    assert run.code == 1
    assert run.err.strip() == "hrsa: No school has URN 999999"


def test_app_loading_errors_are_one_sentence_even_for_help(hrsa, monkeypatch):
    """Flask's CLI prints a traceback for errors raised while it loads the app to list its
    commands; the app factory the CLI uses turns them into one line instead."""
    monkeypatch.setenv("HRSA_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "")

    run = hrsa("--help")

    assert run.code == 1
    assert "Traceback" not in run.err
    assert len(run.err.strip().splitlines()) == 1
    assert run.err.startswith("hrsa: SECRET_KEY must be set")


def test_an_account_is_disabled_and_enabled_from_the_command_line(runs, hrsa):
    created = hrsa(
        "create-user", "--email", "admin@example.org", "--name", "Ada Admin", "--role", "admin",
        "--password", PASSWORD,
    )  # fmt: skip
    assert created.code == 0, created

    def stored() -> tuple[int, list[str]]:
        with closing(sqlite3.connect(runs.database)) as conn:
            (enabled,) = conn.execute(
                "SELECT is_enabled FROM user_account WHERE email = 'admin@example.org'"
            ).fetchone()
            actions = [row[0] for row in conn.execute("SELECT action FROM audit_event")]
        return enabled, [a for a in actions if a in ("enable", "disable")]

    disabled = hrsa("disable-account", "--email", "Admin@Example.org")
    after_disabling = stored()
    enabled = hrsa("enable-account", "--email", "admin@example.org")

    assert after_disabling == (0, ["disable"])
    assert stored() == (1, ["disable", "enable"])
    unknown = hrsa("enable-account", "--email", "nobody@example.org")

    assert (disabled.code, disabled.out.strip()) == (0, "admin@example.org is disabled.")
    assert (enabled.code, enabled.out.strip()) == (0, "admin@example.org is enabled.")
    assert (unknown.code, unknown.err.strip()) == (
        1,
        "hrsa: There is no account for nobody@example.org",
    )


def test_a_read_only_store_is_one_sentence_not_a_traceback(runs, hrsa, monkeypatch):
    def read_only(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise PermissionError(13, "Permission denied", "/srv/hrsa/uploads/ab")

    monkeypatch.setattr("hrsa.services.evidence.items.purge_expired", read_only)
    result = hrsa("purge-evidence")

    assert result.code == 1
    assert "Traceback" not in result.err
    assert result.err.strip() == (
        "hrsa: A file could not be read or written (/srv/hrsa/uploads/ab): Permission denied."
    )
