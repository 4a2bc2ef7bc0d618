"""The CSV and XLSX writers every export uses: safe cells, the spreadsheet's look, streaming."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from hrsa.core.formatting import download_name
from hrsa.core.vocabulary.moderation import ModerationOutcome
from hrsa.core.vocabulary.ratings import UNRATED, Rag
from hrsa.exports import (
    FORMULA_TRIGGERS,
    Column,
    ExportFormat,
    Styled,
    chunks,
    neutralise,
    write,
)
from hrsa.exports.csv_writer import csv_chunks

# Text people could type, biased towards the characters that start a formula.
cell_text = st.text(
    alphabet=st.one_of(
        st.sampled_from([*FORMULA_TRIGGERS, "'", '"', ",", "\n", " ", "A", "1", "\x00", "\uffff"]),
        st.characters(codec="utf-8"),
    ),
    max_size=30,
)
CONTROL = {chr(c) for c in [*range(0, 9), 11, 12, *range(14, 32), 0xFFFE, 0xFFFF]}


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def read_xlsx(data: bytes):  # type: ignore[no-untyped-def]
    return load_workbook(io.BytesIO(data)).active


def both(columns: list[Column], rows: list[tuple]) -> tuple[bytes, bytes]:  # type: ignore[type-arg]
    return (
        b"".join(chunks(ExportFormat.CSV, columns, iter(rows))),
        b"".join(chunks(ExportFormat.XLSX, columns, iter(rows), sheet_title="Test")),
    )


@given(cell_text)
def test_neutralised_text_never_starts_a_formula_and_keeps_what_was_typed(text: str) -> None:
    safe = neutralise(text)
    assert not safe.startswith(FORMULA_TRIGGERS)
    if text.startswith(FORMULA_TRIGGERS):
        assert safe == "'" + text
    else:
        assert safe == text


@given(st.lists(st.tuples(cell_text, cell_text), max_size=5))
def test_every_csv_cell_is_safe_and_says_what_was_typed(rows: list[tuple[str, str]]) -> None:
    columns = [Column("=HYPERLINK(1)"), Column("Comment")]
    parsed = read_csv(b"".join(csv_chunks(columns, iter(rows))))
    assert parsed[0] == ["'=HYPERLINK(1)", "Comment"]
    cells = [cell for row in parsed[1:] for cell in row]
    assert not any(cell.startswith(FORMULA_TRIGGERS) for cell in cells)
    typed = ["".join(ch for ch in text if ch not in CONTROL) for row in rows for text in row]
    assert cells == [neutralise(text) for text in typed]


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(cell_text, min_size=1, max_size=4))
def test_no_xlsx_cell_is_a_formula(texts: list[str]) -> None:
    columns = [Column("Comment")]
    sheet = read_xlsx(both(columns, [(text,) for text in texts])[1])
    cells = [row[0] for row in sheet.iter_rows(min_row=2, max_col=1)]
    assert len(cells) == len(texts)
    for cell, text in zip(cells, texts, strict=True):
        assert cell.data_type != "f"
        assert not str(cell.value or "").startswith(FORMULA_TRIGGERS)
        # XML reads a carriage return as a line feed; otherwise the text is what was typed.
        expected = neutralise("".join(ch for ch in text if ch not in CONTROL)) or None
        assert cell.value == (
            expected.replace("\r\n", "\n").replace("\r", "\n") if expected else None
        )


def test_dangerous_cells_are_written_as_text_in_both_formats() -> None:
    rows = [("=1+2",), ("+44 1752 000000",), ("-3",), ("@SUM(A1)",), ("\tx",), ("\rx",), ("ok",)]
    csv_data, xlsx_data = both([Column("Text")], rows)
    assert [row[0] for row in read_csv(csv_data)[1:]] == [
        "'=1+2",
        "'+44 1752 000000",
        "'-3",
        "'@SUM(A1)",
        "'\tx",
        "'\rx",
        "ok",
    ]
    sheet = read_xlsx(xlsx_data)
    assert sheet["A2"].value == "'=1+2"
    assert sheet["A2"].data_type == "s"
    assert sheet["A8"].value == "ok"


def test_numbers_stay_numbers_negative_ones_too() -> None:
    csv_data, xlsx_data = both([Column("Change"), Column("Share")], [(-3, 0.25)])
    assert read_csv(csv_data)[1] == ["-3", "0.25"]
    sheet = read_xlsx(xlsx_data)
    assert (sheet["A2"].value, sheet["B2"].value) == (-3, 0.25)


def test_xlsx_has_a_bold_frozen_header_widths_and_rag_fills() -> None:
    columns = [
        Column("School", width=40),
        Column("RAG", width=14, rag=True),
        Column("Moderation"),
    ]
    rows = [
        ("Hooe Primary", "red", Styled("Challenged", ModerationOutcome.CHALLENGE.look)),
        ("Stoke Damerel", "amber", None),
        ("Compton", "green", None),
        ("Eggbuckland", None, None),
    ]
    sheet = read_xlsx(both(columns, rows)[1])
    assert sheet.title == "Test"
    assert sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[1]] == ["School", "RAG", "Moderation"]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.column_dimensions["A"].width == 40
    assert sheet.column_dimensions["B"].width == 14
    looks = [Rag.RED.look, Rag.AMBER.look, Rag.GREEN.look, UNRATED]
    for row, look in zip(range(2, 6), looks, strict=True):
        cell = sheet.cell(row=row, column=2)
        assert cell.value == look.label
        assert cell.fill.fgColor.rgb == "FF" + look.fill.upper()
        assert cell.font.color.rgb == "FF" + look.text_colour.upper()
    assert sheet["C2"].value == "Challenged"
    assert sheet["C2"].fill.fgColor.rgb == "FF" + ModerationOutcome.CHALLENGE.look.fill.upper()
    assert sheet["A2"].fill.fill_type is None


def test_rag_columns_write_labels_in_csv() -> None:
    csv_data, _ = both([Column("RAG", rag=True)], [("red",), ("green",), (None,)])
    assert [row[0] for row in read_csv(csv_data)[1:]] == ["Red", "Green", "Not yet rated"]


def test_moments_are_written_in_uk_time_and_dates_as_dates() -> None:
    summer = datetime(2026, 7, 1, 13, 5, 59, tzinfo=UTC)  # 2:05pm in London
    columns = [Column("Updated"), Column("Due")]
    csv_data, xlsx_data = both(columns, [(summer, date(2027, 3, 31)), (None, None)])
    assert read_csv(csv_data)[1:] == [["2026-07-01 14:05", "2027-03-31"], ["", ""]]
    sheet = read_xlsx(xlsx_data)
    assert sheet["A2"].value == datetime(2026, 7, 1, 14, 5, 59)
    assert sheet["A2"].number_format == "yyyy-mm-dd hh:mm"
    assert sheet["B2"].value == datetime(2027, 3, 31)
    assert sheet["A3"].value is None


def test_csv_reads_rows_only_as_it_writes_them() -> None:
    """Memory stays flat: the writer pulls rows from the generator one chunk at a time."""
    pulled = 0

    def rows():  # type: ignore[no-untyped-def]
        nonlocal pulled
        for n in range(10_000):
            pulled += 1
            yield (n, f"row {n}")

    stream = csv_chunks([Column("N"), Column("Text")], rows(), rows_per_chunk=100)
    next(stream)  # the header and the first hundred rows
    assert pulled == 100
    assert sum(1 for _ in stream) == 100
    assert pulled == 10_000


def test_write_to_a_binary_stream(tmp_path) -> None:  # type: ignore[no-untyped-def]
    rows = [("Compton", "green")] * 3
    columns = [Column("School"), Column("RAG", rag=True)]
    for fmt in ExportFormat:
        path = tmp_path / f"out.{fmt.value}"
        with path.open("wb") as stream:
            write(stream, fmt, columns, iter(rows), sheet_title="Ratings")
        assert path.read_bytes() == b"".join(
            chunks(fmt, columns, iter(rows), sheet_title="Ratings")
        ) or (
            fmt is ExportFormat.XLSX  # zip timestamps may differ by a second
        )
    assert read_csv((tmp_path / "out.csv").read_bytes())[1] == ["Compton", "Green"]
    assert read_xlsx((tmp_path / "out.xlsx").read_bytes())["B4"].value == "Green"


def test_a_row_of_the_wrong_length_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        b"".join(chunks(ExportFormat.CSV, [Column("A")], iter([("a", "b")])))


def test_file_names_carry_the_cycle_and_the_date() -> None:
    on = date(2026, 11, 22)
    assert download_name("hrsa", "ratings", "2026/27", on=on, ext=ExportFormat.CSV.value) == (
        "hrsa-ratings-2026-27-2026-11-22.csv"
    )
    assert download_name("hrsa", "Ward heatmap", "2026/27", on=on, ext="xlsx") == (
        "hrsa-ward-heatmap-2026-27-2026-11-22.xlsx"
    )
    assert download_name("Tamar View Primary", "2026/27", "report", ext="pdf") == (
        "tamar-view-primary-2026-27-report.pdf"
    )
    assert download_name("École Saint-Gérard", "2026/27", "report", ext="pdf") == (
        "ecole-saint-gerard-2026-27-report.pdf"
    )
    assert download_name("reports", "2026/27", ext="zip") == "reports-2026-27.zip"
    assert ExportFormat.for_path("out/Ratings.XLSX") is ExportFormat.XLSX
    assert ExportFormat.for_path("ratings.txt") is None
    assert ExportFormat.for_path("ratings") is None
