"""`hrsa export ratings`, run in-process through Flask's CLI runner."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from hrsa.cli import exports
from tests.city_helpers import small_city


def test_exports_a_cycle_to_csv(app, factory, tmp_path) -> None:
    small_city(factory)
    out = tmp_path / "ratings.csv"
    result = app.test_cli_runner().invoke(
        args=["export", "ratings", "--cycle", "2026/27", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "Wrote 42 ratings of the 2026/27 cycle" in result.output
    rows = list(csv.reader(io.StringIO(out.read_text("utf-8-sig"), newline="")))
    assert len(rows) == 43
    assert [p.name for p in tmp_path.iterdir()] == ["ratings.csv"]  # no partial file left


def test_exports_to_xlsx_with_a_progress_bar_on_a_terminal(app, factory, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    small_city(factory)
    monkeypatch.setattr(exports, "on_terminal", lambda: True)
    out = tmp_path / "ratings.xlsx"
    result = app.test_cli_runner().invoke(
        args=["export", "ratings", "--cycle", "2025/26", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "Exporting ratings" in result.output
    assert load_workbook(out).active.max_row == 22


def test_an_unknown_cycle_is_a_clear_message_and_a_failure(app, factory, tmp_path) -> None:
    small_city(factory)
    out = tmp_path / "ratings.csv"
    result = app.test_cli_runner().invoke(
        args=["export", "ratings", "--cycle", "2019/20", "--out", str(out)]
    )
    assert result.exit_code != 0
    assert "There is no cycle called '2019/20'. Cycles: 2026/27, 2025/26." in result.output
    assert not out.exists()


def test_the_file_must_be_csv_or_xlsx_in_a_real_folder(app, factory, tmp_path) -> None:
    factory.cycle()
    runner = app.test_cli_runner()
    bad_name = runner.invoke(
        args=["export", "ratings", "--cycle", "2026/27", "--out", str(tmp_path / "r.txt")]
    )
    assert bad_name.exit_code == 2
    assert "name the file with .csv or .xlsx" in bad_name.output
    no_folder = runner.invoke(
        args=["export", "ratings", "--cycle", "2026/27", "--out", str(tmp_path / "no" / "r.csv")]
    )
    assert no_folder.exit_code == 2
    assert "there is no folder" in no_folder.output
