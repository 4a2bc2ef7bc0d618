"""`hrsa report --city`: the citywide summary report written from the command line."""

from __future__ import annotations

from tests import small_city
from tests.pdf_text import read_pdf


def run(app, *args: str):  # type: ignore[no-untyped-def]
    return app.test_cli_runner().invoke(args=["report", "--city", *args])


def test_writes_the_citywide_report_with_the_chosen_filters(app, factory, tmp_path) -> None:
    small_city.build(factory)
    out = tmp_path / "city.pdf"

    result = run(app, "--cycle", "2026/27", "--out", str(out), "--in-progress", "--moderated")

    assert result.exit_code == 0, result.output
    assert f"Wrote the 2026/27 citywide summary report to {out}." in result.output
    pdf = read_pdf(out.read_bytes())
    assert pdf.title == "Citywide summary report: 2026/27"
    assert "Assessments counted Submitted and in progress" in pdf.words
    assert "Figures count the 4 submitted and in-progress 2026/27 assessments" in pdf.words


def test_unknown_or_empty_cycles_fail_clearly_with_no_file(app, factory, tmp_path) -> None:
    factory.cycle("2026/27")
    out = tmp_path / "city.pdf"
    cases = {
        ("--cycle", "1999/00"): "There is no cycle called '1999/00'.",
        ("--cycle", "2026/27"): "No school has submitted its 2026/27 assessment yet",
        (): "Give the cycle with --cycle",
    }
    for args, message in cases.items():
        result = run(app, *args, "--out", str(out))
        assert result.exit_code != 0, args
        assert message in result.output, (args, result.output)
    assert list(tmp_path.iterdir()) == []
