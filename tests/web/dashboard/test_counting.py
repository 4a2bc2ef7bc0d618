"""One way of counting: the same figure for the same filters on every page, export and PDF.

Standard 1.1 in the small city's 2026/27 (tests/small_city.py): Ash Red, Beech Amber and Cedar
Red are submitted; Damson's Green is still in progress. Counting submitted assessments only,
3 of 3 schools (100%) rated it Red or Amber; counting in-progress ones too, 3 of 4 (75%).
"""

from __future__ import annotations

import csv
import io
import re

import pytest

from hrsa.core.vocabulary.people import Role
from hrsa.services.dashboard.counting import Counting
from tests import small_city
from tests.job_helpers import download_via_job as via_job
from tests.pdf_text import read_pdf
from tests.web.dashboard.test_dashboard import text

CASES = [
    ("", Counting.SUBMITTED, ("100%", 3, 3)),
    ("in_progress=yes", Counting.WITH_IN_PROGRESS, ("75%", 3, 4)),
]
# Principle 1's share rated Green in 2026/27: 3 of 12 submitted ratings; 4 of 13 with Damson's.
GREEN_SHARES = {Counting.SUBMITTED: "25%", Counting.WITH_IN_PROGRESS: "31%"}


@pytest.fixture
def city_client(client, factory, sign_in):  # type: ignore[no-untyped-def]
    city = small_city.build(factory)
    sign_in(factory.user(Role.COMMISSIONER).email)
    return city, client


def figure(pattern: str, words: str) -> tuple[str, int, int]:
    found = re.search(pattern, words)
    assert found is not None, words[:3000]
    share, gaps, rated = found.groups()
    return share, int(gaps), int(rated)


@pytest.mark.parametrize(("query", "counting", "expected"), CASES)
def test_every_page_export_and_pdf_gives_standard_1_1_the_same_figure(
    city_client, query, counting, expected
) -> None:
    city, client = city_client
    args = f"cycle={city.now.id}&{query}"
    pages = {
        "overview": f"/dashboard/?{args}",
        "gap ranking": f"/dashboard/gaps?{args}",
        "trends": f"/dashboard/trends?{args}",
        "areas heatmap": f"/dashboard/heatmap/areas?{args}",
        "schools heatmap": f"/dashboard/heatmap/schools?{args}",
        "resource gaps": f"/resources/gaps?{args}",
    }
    words = {}
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        words[name] = text(response)
        assert counting.label in words[name], name  # every page names its counting

    share = r"(\d+%)"
    overview = re.search(
        r"1\.1 : (\d+%) Red or Amber \((\d+) Red ratings? and (\d+) Amber ratings? of (\d+)\)",
        words["overview"],
    )
    assert overview is not None
    red, amber, rated = (int(n) for n in overview.groups()[1:])
    assert (overview.group(1), red + amber, rated) == expected
    gap_row = rf"1\.1 [^%]*? {share} (\d+) of (\d+)"
    assert figure(gap_row, words["gap ranking"]) == expected
    resource_row = rf"1\.1 [^%]*? {share} \((\d+) of (\d+)\)"
    assert figure(resource_row, words["resource gaps"]) == expected

    # Principle 1's share rated Green: the areas heatmap's city row and the trends' headline
    # (over all schools, as the areas heatmap counts them).
    green = GREEN_SHARES[counting]
    assert f"Total, principle 1: {green} rated Green" in words["areas heatmap"]
    trends = text(client.get(f"/dashboard/trends?{query}&schools=all"))
    assert re.search(rf"1\. Leadership and Management .*?2026/27 {green} ", trends)

    pdf = read_pdf(via_job(client, f"/dashboard/report.pdf?{args}").data)
    assert counting.label in pdf.pages[0] and all(counting.label in page for page in pdf.pages)
    ranking = pdf.words.split("Gap ranking", 2)[-1]
    assert figure(rf"1\.1 [^%]*? {share} \((\d+) of (\d+)\)", ranking) == expected
    resources = pdf.words.rsplit("Resource gaps", 1)[-1]
    assert figure(resource_row, resources) == expected

    gaps_csv = client.get(f"/resources/gaps/{city.now.id}.csv?{query}").get_data(as_text=True)
    row = next(row for row in csv.reader(io.StringIO(gaps_csv)) if row[0] == "1.1")
    assert row[2:4] == [str(expected[2]), str(expected[1])]
    assert row[-1] == counting.short.capitalize()
