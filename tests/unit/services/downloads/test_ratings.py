"""The ratings export holds exactly the stored ratings, streamed, in CSV and XLSX."""

from __future__ import annotations

import csv
import inspect
import io
import re

from openpyxl import load_workbook
from sqlalchemy import select

from hrsa.exports import ExportFormat
from hrsa.extensions import db
from hrsa.models import Assessment, Rating
from hrsa.services.cycles import lookup
from hrsa.services.downloads import ratings
from tests.city_helpers import small_city

HEADER = [
    "Cycle",
    "School",
    "URN",
    "Phase",
    "Ward",
    "Assessment status",
    "Principle",
    "Standard",
    "RAG",
    "Evidence items",
    "Last updated",
    "Moderation",
    "Moderated RAG",
]


def export_csv(cycle_id: int | None) -> list[list[str]]:
    stream = io.BytesIO()
    ratings.write_ratings(db.session, stream, ExportFormat.CSV, cycle_id)
    return list(csv.reader(io.StringIO(stream.getvalue().decode("utf-8-sig"), newline="")))


def test_the_export_holds_every_stored_rating_of_the_cycle_and_nothing_else(factory) -> None:
    city = small_city(factory)
    rows = export_csv(city.cycle.id)
    assert rows[0] == HEADER
    body = rows[1:]
    stored = db.session.scalars(
        select(Rating).join(Assessment).where(Assessment.cycle_id == city.cycle.id)
    ).all()
    assert len(body) == len(stored) == 42 == ratings.count_ratings(db.session, city.cycle.id)
    assert {(r[2], r[7]) for r in body} == {
        (rating.assessment.school.urn, rating.standard_code) for rating in stored
    }
    assert {r[0] for r in body} == {"2026/27"}
    # Schools in name order (the formula-looking name is neutralised), standards in framework order.
    assert [r[1] for r in body[::21]] == ["'=Stoke Damerel", "Hooe Primary"]
    hooe = {r[7]: r for r in body if r[2] == "113001"}
    assert list(hooe)[:5] == ["1.1", "1.2", "1.3", "1.4", "2.1"]
    assert hooe["1.1"][:10] == [
        "2026/27",
        "Hooe Primary",
        "113001",
        "Primary",
        "Plymstock Radford",
        "Submitted",
        "1",
        "1.1",
        "Green",
        "1",
    ]
    assert hooe["1.1"][11:] == ["Challenged", "Amber"]
    assert hooe["1.2"][8:] == ["Red", "0", hooe["1.2"][10], "Agreed", "Red"]
    assert hooe["2.1"][11:] == ["", ""]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", hooe["1.1"][10])
    stoke = {r[7]: r for r in body if r[2] == "113002"}
    assert stoke["2.1"][5:10] == [
        "In progress",
        "2",
        "2.1",
        "Amber",
        "0",
    ]  # removed link not counted
    assert stoke["3.1"][8:10] == ["Green", "2"]
    assert stoke["1.1"][8:11] == ["Not yet rated", "0", ""]


def test_every_cycle_at_once_for_the_benchmark(factory) -> None:
    city = small_city(factory)
    rows = export_csv(None)[1:]
    assert len(rows) == 63 == ratings.count_ratings(db.session)
    assert [r[0] for r in rows[:21]] == ["2025/26"] * 21
    assert rows[0][1:3] == ["Compton Primary", "113003"]
    assert ratings.count_ratings(db.session, city.last_cycle.id) == 21


def test_rows_are_generated_as_the_writer_asks_for_them(factory) -> None:
    city = small_city(factory)
    rows = ratings.rating_rows(db.session, city.cycle.id)
    assert inspect.isgenerator(rows)
    first = next(rows)
    assert first[0] == "2026/27"
    assert sum(1 for _ in rows) == 41


def test_the_xlsx_export_has_the_same_rows_with_rag_fills(factory) -> None:
    city = small_city(factory)
    data = b"".join(ratings.ratings_chunks(db.session, ExportFormat.XLSX, city.cycle.id))
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.title == "Ratings"
    assert sheet.freeze_panes == "A2"
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == HEADER
    assert len(values) == 43
    csv_rows = export_csv(city.cycle.id)
    assert [row[7] for row in values[1:]] == [row[7] for row in csv_rows[1:]]
    hooe_11 = next(
        row
        for row in sheet.iter_rows(min_row=2)
        if row[2].value == "113001" and row[7].value == "1.1"
    )
    assert hooe_11[8].value == "Green"
    assert hooe_11[8].fill.fgColor.rgb == "FF00703C"
    assert hooe_11[12].value == "Amber"
    assert hooe_11[12].fill.fgColor.rgb == "FFF47738"
    assert hooe_11[6].value == 1  # numbers stay numbers


def test_an_empty_cycle_gives_the_header_only(factory) -> None:
    cycle = factory.cycle("2027/28")
    assert export_csv(cycle.id) == [HEADER]
    assert lookup.cycle_named(db.session, " 2027/28 ").id == cycle.id
    assert lookup.cycle_named(db.session, "2030/31") is None


def test_cycle_choices_count_ratings_newest_first(factory) -> None:
    small_city(factory)
    assert [(c.name, c.ratings) for c in ratings.cycle_choices(db.session)] == [
        ("2026/27", 42),
        ("2025/26", 21),
    ]
