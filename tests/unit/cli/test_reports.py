"""`hrsa report`, run in-process through Flask's CLI runner."""

from __future__ import annotations

from hrsa.core.vocabulary.ratings import Rag
from tests.pdf_text import read_pdf


def run(app, *args: str):  # type: ignore[no-untyped-def]
    return app.test_cli_runner().invoke(args=["report", *args])


def test_writes_a_schools_report_for_a_cycle(app, factory, tmp_path) -> None:
    school = factory.school(name="Lipson Vale Primary", urn="118822")
    assessment = factory.assessment(school=school, rags={"1.1": Rag.RED})
    factory.action(assessment, "1.1", what="Agree a consent curriculum")
    out = tmp_path / "lipson.pdf"

    result = run(app, "--school-urn", "118822", "--cycle", "2026/27", "--out", str(out))

    assert result.exit_code == 0, result.output
    assert (
        f"Wrote the 2026/27 report of Lipson Vale Primary (a draft: not yet submitted) to {out}"
        in result.output
    )
    pdf = read_pdf(out.read_bytes())
    assert "Lipson Vale Primary" in pdf.pages[0] and "Agree a consent curriculum" in pdf.text
    assert [p.name for p in tmp_path.iterdir()] == ["lipson.pdf"]


def test_unknown_schools_cycles_and_missing_assessments_fail_clearly_with_no_file(
    app, factory, tmp_path
) -> None:
    factory.school(name="Lipson Vale Primary", urn="118822")
    factory.cycle()
    out = tmp_path / "report.pdf"
    cases = {
        ("--school-urn", "999999"): "There is no school with URN '999999'.",
        ("--school-urn", "118822", "--cycle", "1999/00"): "There is no cycle called '1999/00'.",
        ("--school-urn", "118822"): "Lipson Vale Primary has no assessment.",
    }
    for args, message in cases.items():
        result = run(app, *args, "--out", str(out))
        assert result.exit_code == 1, result.output
        assert message in result.output
    assert list(tmp_path.iterdir()) == []


def test_the_file_must_be_a_pdf_in_a_real_folder(app, factory, tmp_path) -> None:
    bad_name = run(app, "--school-urn", "118822", "--out", str(tmp_path / "r.txt"))
    assert bad_name.exit_code == 2 and "name the file with .pdf" in bad_name.output
    no_folder = run(app, "--school-urn", "118822", "--out", str(tmp_path / "no" / "r.pdf"))
    assert no_folder.exit_code == 2 and "there is no folder" in no_folder.output
