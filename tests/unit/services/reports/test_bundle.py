"""Every school's report for a cycle as one ZIP: the service and `hrsa report --all`."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

import pytest

from hrsa.core.errors import NotFound
from hrsa.core.vocabulary.ratings import Rag
from hrsa.extensions import db
from hrsa.services.cycles import lookup
from hrsa.services.reports import bundle
from tests.pdf_text import read_pdf

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


def run(app, *args: str):  # type: ignore[no-untyped-def]
    return app.test_cli_runner().invoke(args=["report", *args])


@pytest.fixture
def city(factory):  # type: ignore[no-untyped-def]
    """Two schools assessed in 2026/27, one assessed only in 2025/26."""
    earlier = factory.cycle("2025/26", opens_on=datetime(2025, 9, 1).date())
    cycle = factory.cycle()
    lipson = factory.school(name="Lipson Vale Primary", urn="118822")
    ham = factory.school(name="Ham Drive Nursery & Primary", urn="117711")
    factory.assessment(school=lipson, cycle=cycle, rags={"1.1": Rag.RED})
    factory.assessment(school=ham, cycle=cycle, rags={"1.1": Rag.GREEN})
    factory.assessment(school=factory.school(name="Only Last Year School"), cycle=earlier)
    return cycle


def entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        return {name: archive.read(name) for name in archive.namelist()}


def test_the_zip_holds_one_readable_report_per_school_in_the_cycle(city) -> None:
    ids = bundle.assessment_ids(db.session, city)
    heard: list[str] = []

    data = b"".join(bundle.zip_chunks(db.session, ids, now=NOW, on_each=heard.append))

    files = entries(data)
    assert sorted(files) == [
        "117711-ham-drive-nursery-primary-2026-27-report.pdf",
        "118822-lipson-vale-primary-2026-27-report.pdf",
    ]
    ham = read_pdf(files["117711-ham-drive-nursery-primary-2026-27-report.pdf"])
    lipson = read_pdf(files["118822-lipson-vale-primary-2026-27-report.pdf"])
    assert "Ham Drive Nursery & Primary" in ham.pages[0] and "2026/27" in ham.pages[0]
    assert "Lipson Vale Primary" in lipson.pages[0] and "Lipson" not in ham.text
    assert heard == ["Ham Drive Nursery & Primary", "Lipson Vale Primary"]


def test_the_zip_is_sent_a_school_at_a_time(city) -> None:
    ids = bundle.assessment_ids(db.session, city)
    chunks = bundle.zip_chunks(db.session, ids, now=NOW)

    first = next(chunks)

    assert first.startswith(b"PK") and b"117711-ham-drive" in first
    assert b"118822-lipson" not in first
    assert b"118822-lipson" in b"".join(chunks)


def test_unknown_cycles_and_cycles_without_assessments_are_not_found(factory) -> None:
    empty = factory.cycle("2027/28")
    with pytest.raises(NotFound, match="There is no cycle called '1999/00'."):
        lookup.cycle_by_name(db.session, "1999/00")
    with pytest.raises(NotFound, match="No school has an assessment in the 2027/28 cycle."):
        bundle.assessment_ids(db.session, empty)


def test_the_command_writes_every_schools_report_as_a_zip(app, city, tmp_path) -> None:
    out = tmp_path / "reports.zip"

    result = run(app, "--all", "--cycle", "2026/27", "--out", str(out))

    assert result.exit_code == 0, result.output
    assert f"Wrote 2 reports for the 2026/27 cycle to {out}." in result.output
    files = entries(out.read_bytes())
    assert len(files) == 2
    covers = " ".join(read_pdf(pdf).pages[0] for pdf in files.values())
    assert "Lipson Vale Primary" in covers and "Ham Drive Nursery & Primary" in covers
    assert [p.name for p in tmp_path.iterdir()] == ["reports.zip"]


def test_bad_input_exits_non_zero_and_leaves_no_file(app, factory, tmp_path) -> None:
    factory.cycle("2027/28")
    out = tmp_path / "reports.zip"
    cases = {
        ("--cycle", "1999/00", "--out", str(out)): "There is no cycle called '1999/00'.",
        ("--cycle", "2027/28", "--out", str(out)): "No school has an assessment in the 2027/28",
        ("--out", str(out)): "Give the cycle with --cycle",
        ("--cycle", "2027/28", "--out", str(tmp_path / "r.pdf")): "name the file with .zip",
        ("--cycle", "2027/28", "--out", str(tmp_path / "no" / "r.zip")): "there is no folder",
    }
    for args, message in cases.items():
        result = run(app, "--all", *args)
        assert result.exit_code != 0, result.output
        assert message in result.output
    assert list(tmp_path.iterdir()) == []


def test_one_school_still_needs_its_urn(app, tmp_path) -> None:
    result = run(app, "--out", str(tmp_path / "r.pdf"))
    assert result.exit_code == 2 and "Give --school-urn, or --all with --cycle." in result.output
