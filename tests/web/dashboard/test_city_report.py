"""The citywide summary report (PDF) from the city overview: the dashboard's figures for the
chosen filters, the small-number rule, who may download it, and what a missing cycle says."""

from __future__ import annotations

import re
from datetime import date
from html import unescape

import pytest
from sqlalchemy import select

from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.schools import PHASES
from hrsa.extensions import db
from hrsa.models import AuditEvent
from hrsa.services.cycles import framework_versions
from hrsa.services.dashboard.counting import Counting
from hrsa.services.dashboard.figures import Filters, distribution
from hrsa.services.dashboard.overview import overview
from hrsa.services.dashboard.trends import gap_ranking
from hrsa.services.resources.gaps import gap_report
from tests import small_city
from tests.job_helpers import download_via_job as via_job
from tests.pdf_text import read_pdf
from tests.web.dashboard.test_dashboard import _city_of

CITY_ROLES = (Role.COMMISSIONER, Role.ADVISORY, Role.ADMIN)


@pytest.fixture
def city(client, factory, sign_in):  # type: ignore[no-untyped-def]
    built = small_city.build(factory)
    sign_in(factory.user(Role.COMMISSIONER).email)
    return built


def _rag(name: str):  # type: ignore[no-untyped-def]
    from hrsa.core.vocabulary.ratings import Rag

    return None if name == "unrated" else Rag(name)


def test_the_report_says_what_the_dashboard_services_say(client, city) -> None:
    response = via_job(client, f"/dashboard/report.pdf?cycle={city.now.id}")

    assert response.status_code == 200
    assert response.content_type == "application/pdf"
    today = date.today().isoformat()
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="hrsa-citywide-report-2026-27-{today}.pdf"'
    )
    pdf = read_pdf(response.data)
    words = pdf.words
    assert pdf.title == "Citywide summary report: 2026/27"
    assert pdf.author == "Healthy relationships self-assessment"
    assert pdf.subject.startswith("Healthy relationships self-assessment: citywide figures")
    assert pdf.lang == "en-GB"
    assert pdf.display_doc_title and not pdf.marked
    assert pdf.bookmarks == [
        "Citywide summary report",
        "Overview",
        "Trends",
        "Areas heatmap: wards",
        "Areas heatmap: phases",
        "Gap ranking",
        "Moderation",
        "Resource gaps",
    ]
    assert f"Page 1 of {len(pdf.pages)}" in pdf.pages[0]
    assert "DRAFT" not in pdf.text
    # The title page: the cycle, the filters and the contents with page numbers.
    assert "Compared with 2025/26" in words
    assert "Assessments counted Submitted only" in words
    assert "Ratings shown Schools' own ratings" in words
    assert re.search(r"Contents Overview \d Trends \d+ Areas heatmap: wards \d+", words)
    # It opens with key messages from the same figures as the sections after it.
    first = " ".join(pdf.pages[0].split())
    assert first.index("Key messages") < first.index("What the figures count")
    assert (
        "Largest gaps in 2026/27 • Standard 1.1 (Leaders' commitment): 100% rated Red or Amber "
        "(3 of 3)" in first
    )
    assert "Biggest changes • Standard 1.1 (Leaders' commitment): 100% rated Red or Amber, up " in (
        first
    )
    assert "Wards below the city • No ward is below the city's 33% of standards rated Green." in (
        words
    )
    # The trend chart: the same two schools (Ash, Beech) in both cycles, as the trends page.
    trends = words.split("Trends", 3)[-1]
    assert "for the same schools in each cycle (2 schools in 2025/26, 2 schools in 2026/27)" in (
        trends
    )
    assert "1. Leadership and Management 2025/26 50% 0% 8 2026/27 38% 25% 8" in trends
    # The overview: five schools, one not started, one in progress, three submitted.
    assert "Schools Not started In progress Submitted 5 1 1 3" in words
    assert "Figures count the 3 submitted 2026/27 assessments" in words
    framework = framework_versions.framework_of(city.now.framework_version)
    filters = Filters()
    for row in _principle_rows(city, filters):
        assert row in words, row
    # The gap ranking: each principle's share of Red or Amber and its change.
    ranking = gap_ranking(db.session, framework, city.now.id, city.before.id, filters)
    for rank, row in enumerate(ranking.principles, start=1):
        counts = row.counts
        share = f"{round(100 * counts.gaps / counts.rated)}% ({counts.gaps} of {counts.rated})"
        assert f"{rank} {row.key}. {row.title} {share}" in words, row
        assert row.change_words in words
    # Moderation: Ash's 1.1 challenged, Beech's 1.1 agreed.
    moderation = overview(db.session, framework, city.now.id, city.before.id, filters).moderation
    assert (moderation.agreed, moderation.challenged) == (1, 1)
    assert "Agreed 1 Challenged 1 Moderated in all 2" in words
    # The resource gaps, as the resource-gap page counts them.
    gaps = gap_report(
        db.session,
        cycle_id=city.now.id,
        cycle_name="2026/27",
        framework=framework,
        today=date.today(),
        filters=filters,
    )
    first = gaps.rows[0]
    assert f"{first.need_label} ({first.schools_with_gap} of {first.schools_rated})" in words


def _principle_rows(city: small_city.SmallCity, filters: Filters) -> list[str]:
    framework = framework_versions.framework_of(city.now.framework_version)
    rows = []
    for principle in distribution(db.session, framework, city.now.id, filters):
        counts = principle.counts
        cells = " ".join(
            f"{counts.count(_rag(name))} ({round(100 * counts.count(_rag(name)) / counts.total)}%)"
            for name in ("red", "amber", "green", "unrated")
        )
        rows.append(f"{principle.number}. {principle.title} {cells} {counts.total}")
    return rows


def test_areas_with_fewer_schools_than_the_setting_say_too_few_schools(
    client, city, app, monkeypatch
) -> None:
    words = read_pdf(via_job(client, f"/dashboard/report.pdf?cycle={city.now.id}").data).words
    # Stoke has three submitted schools (shown); Drake none; each phase fewer than three.
    wards = words.split("Areas heatmap: wards", 2)[2].split("Areas heatmap: phases")[0]
    assert "Stoke 3 A 38% 25% Green" in wards  # principle 1: score 9 of 24, 3 of 12 Green
    assert "Drake 0 " + " ".join(["Too few schools"] * 8) in wards
    phases = words.split("Areas heatmap: phases", 2)[2].split("Gap ranking")[0]
    assert "Primary 2 " + " ".join(["Too few schools"] * 8) in phases
    assert "Figures from fewer than 3 schools say “Too few schools”" in words

    monkeypatch.setitem(app.config, "HRSA_MIN_CELL_SCHOOLS", 2)
    fewer = read_pdf(via_job(client, f"/dashboard/report.pdf?cycle={city.now.id}").data).words
    phases = fewer.split("Areas heatmap: phases", 2)[2].split("Gap ranking")[0]
    assert "Primary 2 " + " ".join(["Too few schools"] * 8) not in phases
    assert "Secondary 1 " + " ".join(["Too few schools"] * 8) in phases


def test_the_report_honours_the_overviews_filters(client, city) -> None:
    overview_page = unescape(
        client.get(f"/dashboard/?cycle={city.now.id}&in_progress=yes&values=moderated").get_data(
            as_text=True
        )
    )
    href = re.search(r'action="([^"]*/report\.pdf[^"]*)" novalidate>', overview_page)
    assert href is not None, overview_page
    assert "in_progress=yes" in href.group(1) and "values=moderated" in href.group(1)

    words = read_pdf(via_job(client, href.group(1)).data).words

    filters = Filters(counting=Counting.WITH_IN_PROGRESS, moderated=True)
    assert "Assessments counted Submitted and in progress" in words
    assert "Ratings shown Moderated ratings, where the advisory group has moderated" in words
    assert "Figures count the 4 submitted and in-progress 2026/27 assessments" in words
    moderated_rows = _principle_rows(city, filters)
    own_rows = _principle_rows(city, Filters(counting=Counting.WITH_IN_PROGRESS))
    assert moderated_rows[0] != own_rows[0]  # Ash's 1.1 counts as the moderator's Amber
    assert moderated_rows[0] in words and own_rows[0] not in words

    stoke = read_pdf(via_job(client, f"/dashboard/report.pdf?cycle={city.now.id}&ward=Stoke").data)
    assert "Ward Stoke" in stoke.words
    assert "Schools Not started In progress Submitted 3 0 0 3" in stoke.words


@pytest.mark.parametrize("role", CITY_ROLES)
def test_city_roles_download_it_and_the_download_is_audited(client, factory, sign_in, role) -> None:
    city = small_city.build(factory)
    sign_in(factory.user(role).email)

    response = via_job(client, f"/dashboard/report.pdf?cycle={city.now.id}")

    assert response.status_code == 200
    assert read_pdf(response.get_data()).title == "Citywide summary report: 2026/27"
    filename = f"hrsa-citywide-report-2026-27-{date.today().isoformat()}.pdf"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.entity == "city_report"))
    assert event is not None
    assert (event.action, event.detail) == ("export", filename)


@pytest.mark.parametrize("role", [Role.SCHOOL_LEAD, Role.SCHOOL_STAFF])
def test_school_users_get_403(client, factory, sign_in, role) -> None:
    factory.cycle()
    sign_in(factory.user(role).email)
    assert via_job(client, "/dashboard/report.pdf").status_code == 403


def test_an_unknown_cycle_is_page_not_found(client, city) -> None:
    response = via_job(client, "/dashboard/report.pdf?cycle=99999")
    assert response.status_code == 404
    assert "There is no such cycle." in response.get_data(as_text=True)
    assert via_job(client, "/dashboard/report.pdf?ward=Atlantis").status_code == 400


def test_a_cycle_with_none_submitted_is_a_job_that_says_so_not_an_empty_pdf(
    client, city, factory
) -> None:
    empty = factory.cycle("2027/28")

    response = client.post(f"/dashboard/report.pdf?cycle={empty.id}")
    drake = client.post(f"/dashboard/report.pdf?cycle={city.now.id}&ward=Drake")

    page = unescape(client.get(response.headers["Location"]).get_data(as_text=True))
    assert "The file could not be prepared" in page
    assert "No school has submitted its 2027/28 assessment yet" in page
    assert client.get(response.headers["Location"] + "/download").status_code == 302  # no PDF
    drake_page = unescape(client.get(drake.headers["Location"]).get_data(as_text=True))
    assert "No school matching these filters has submitted" in drake_page
    overview_page = client.get(f"/dashboard/?cycle={empty.id}").get_data(as_text=True)
    assert "Download citywide report" not in overview_page


def test_the_report_asks_a_fixed_number_of_queries_whatever_the_size_of_the_city(
    client, factory, sign_in, count_queries
) -> None:
    sign_in(factory.user(Role.COMMISSIONER).email)
    counts = []
    for size in (5, 200):
        _city_of(factory, size)
        count_queries.clear()
        response = via_job(client, "/dashboard/report.pdf?in_progress=yes&values=moderated")
        assert response.status_code == 200
        assert read_pdf(response.get_data()).title
        counts.append(len(count_queries))
    assert counts[0] == counts[1], counts


def test_names_with_markup_characters_appear_as_typed(client, factory, sign_in) -> None:
    cycle = factory.cycle()
    ward = "Ham & <b>Barne</b> — Ŵyn’s"
    for number in range(3):
        school = factory.school(name=f"School {number}", ward=ward)
        factory.submitted(factory.assessment(school, cycle))
    sign_in(factory.user(Role.ADMIN).email)

    response = via_job(client, "/dashboard/report.pdf")

    assert response.status_code == 200
    pdf = read_pdf(response.data)
    # The ward's narrow column wraps the name: compare without the spaces and line breaks.
    assert "".join(ward.split()) in "".join(pdf.text.split())


def test_the_overview_page_holds_the_status_tables_the_chart_and_its_table(
    client, factory, sign_in
) -> None:
    # A school of every phase and every status: the overview's tables and its note on what is
    # counted are as long as they get.
    cycle = factory.cycle()
    for phase in PHASES:
        factory.submitted(factory.assessment(factory.school(phase=phase), cycle))
    factory.assessment(factory.school(phase="primary"), cycle)
    factory.school(phase="secondary")
    sign_in(factory.user(Role.COMMISSIONER).email)

    pdf = read_pdf(via_job(client, "/dashboard/report.pdf").data)

    overview_page = next(
        " ".join(page.split())
        for page in pdf.pages
        if " ".join(page.split()).startswith("Overview")
    )
    assert "Assessments by phase" in overview_page
    assert "Alternative provision" in overview_page
    assert "Ratings by principle" in overview_page
    # The chart's table follows it on the same page, every principle included.
    framework = framework_versions.framework_of(cycle.framework_version)
    for principle in framework.principles:
        assert f"{principle.number}. {principle.title}" in overview_page, principle.title
    assert re.search(r"Page \d+ of", overview_page)
