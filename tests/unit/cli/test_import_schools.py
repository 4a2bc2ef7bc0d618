"""`hrsa import-schools FILE --authority CODE [--dry-run]`: the register's schools in one
command, a dry run writing nothing, and a bad file refused in one sentence naming its row."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from hrsa.cli.main import main
from hrsa.extensions import db
from hrsa.models import Authority, School
from tests.gias_extract import extract, row


@pytest.fixture
def extract_file(tmp_path: Path) -> Path:
    path = tmp_path / "edubasealldata20261205.csv"
    path.write_bytes(
        extract([row("113521", "Ysgol Môr"), row("200001", "Truro", {"LA (code)": "908"})])
    )
    return path


def schools() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(School)) or 0


def test_a_dry_run_says_what_would_change_and_writes_nothing(app, extract_file):
    result = app.test_cli_runner().invoke(
        args=["import-schools", str(extract_file), "--authority", "879", "--dry-run"]
    )
    assert result.exit_code == 0, result.output
    assert "Would set up the authority Plymouth (879)." in result.output
    assert "Dry run, nothing written: 1 to add, 0 to change" in result.output
    assert "skipped 1 of other authorities" in result.output
    assert schools() == 0 and db.session.scalar(select(Authority)) is None


def test_the_first_import_sets_up_the_authority_and_a_second_changes_nothing(app, extract_file):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["import-schools", str(extract_file), "--authority", "879"])
    assert first.exit_code == 0, first.output
    assert "Set up the authority Plymouth (879)." in first.output
    assert "Schools 1 added, 0 changed, 0 marked closed, 0 unchanged" in first.output
    second = runner.invoke(args=["import-schools", str(extract_file), "--authority", "879"])
    assert "Schools 0 added, 0 changed, 0 marked closed, 1 unchanged" in second.output
    assert schools() == 1


def test_a_bad_row_is_one_sentence_naming_row_and_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(extract([row("113521", "Ysgol Môr"), row("1135", "Short URN")]))
    monkeypatch.setenv("HRSA_ENV", "development")
    monkeypatch.setenv("SECRET_KEY", "k" * 64)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    monkeypatch.setenv("HRSA_UPLOAD_DIR", str(tmp_path))
    monkeypatch.setenv("FLASK_RUN_FROM_CLI", "true")
    for args in (
        [str(bad), "--authority", "879"],
        [str(bad), "--authority", "87"],
    ):
        monkeypatch.setattr(sys, "argv", ["hrsa", "import-schools", *args])
        with pytest.raises(SystemExit) as exit_:
            main()
        assert exit_.value.code == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines == [
        "hrsa: Nothing was imported: row 3, column URN: URN must be 6 digits, like 113521, "
        "not 1135",
        "hrsa: Local authority code must be 3 digits, like 879",
    ]
