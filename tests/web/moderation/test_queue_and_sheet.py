"""The moderation queue page and moderating a whole school on one page."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.models import Moderation, Rating
from hrsa.models.dialogue import ModerationSample
from tests.city_helpers import moderate


@pytest.fixture
def submitted(factory):  # type: ignore[no-untyped-def]
    school = factory.school(name="Plym Valley School", ward="Plympton St Mary", phase="primary")
    return factory.submitted(factory.assessment(school))


def _sheet(assessment) -> str:  # type: ignore[no-untyped-def]
    return f"/moderation/assessments/{assessment.id}"


def _versions(html: str) -> dict[str, str]:
    return dict(re.findall(r'name="(standard-[\d-]+)-version" value="(\d+)"', html))


def test_the_queue_is_in_the_navigation_for_moderators_only(client, factory, sign_in, submitted):  # type: ignore[no-untyped-def]
    sign_in(factory.user(Role.ADVISORY).email)
    html = client.get("/moderation").get_data(as_text=True)
    assert 'href="/moderation"' in html and "Plym Valley School" in html
    assert "0 of 21" in html and "Not started" in html
    sign_in.out()
    for role in (Role.COMMISSIONER, Role.SCHOOL_LEAD):
        sign_in(factory.user(role).email)
        assert client.get("/moderation").status_code == 403
        assert 'href="/moderation"' not in client.get("/resources").get_data(as_text=True)
        sign_in.out()


def test_queue_filters_keep_their_choices(client, factory, sign_in, submitted):  # type: ignore[no-untyped-def]
    factory.submitted(factory.assessment(factory.school(name="Other Ward School", ward="Stoke")))
    sign_in(factory.user(Role.ADVISORY).email)
    html = client.get("/moderation?ward=Stoke").get_data(as_text=True)
    assert "Other Ward School" in html and "Plym Valley School" not in html
    assert '<option value="Stoke" selected>' in html
    html = client.get("/moderation?phase=primary&ward=nowhere").get_data(as_text=True)
    assert "Plym Valley School" in html and "Other Ward School" not in html


def test_an_advisory_member_moderates_a_whole_school_in_one_save(
    client, factory, sign_in, submitted
):  # type: ignore[no-untyped-def]
    sign_in(factory.user(Role.ADVISORY).email)
    html = client.get(_sheet(submitted)).get_data(as_text=True)
    versions = _versions(html)
    assert len(versions) == 21
    data = {f"{prefix}-version": v for prefix, v in versions.items()}
    for prefix in versions:
        data[f"{prefix}-outcome"] = "agree"
    data["standard-1-2-outcome"] = "challenge"
    data["standard-1-2-rag"] = "red"
    data["standard-1-2-comment"] = "We saw no policy"
    response = client.post(_sheet(submitted), data=data)
    assert response.status_code == 302
    rows = db.session.scalars(select(Moderation)).all()
    assert len(rows) == 21
    challenged = [m for m in rows if m.outcome == "challenge"]
    assert [(m.moderated_rag, m.comment) for m in challenged] == [("red", "We saw no policy")]
    page = client.get(_sheet(submitted)).get_data(as_text=True)
    assert "Moderation of 21 standards saved for Plym Valley School" in page
    queue = client.get("/moderation").get_data(as_text=True)
    assert "21 of 21" in queue


def test_one_bad_standard_saves_nothing_and_keeps_everything_typed(
    client, factory, sign_in, submitted
):  # type: ignore[no-untyped-def]
    sign_in(factory.user(Role.ADVISORY).email)
    versions = _versions(client.get(_sheet(submitted)).get_data(as_text=True))
    data = {f"{p}-version": v for p, v in versions.items()}
    data.update(
        {
            "standard-1-1-outcome": "agree",
            "standard-1-1-comment": "Typed <b>carefully</b>",
            "standard-2-1-outcome": "challenge",
            "standard-2-1-comment": "",
        }
    )
    response = client.post(_sheet(submitted), data=data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "There is a problem" in html
    assert 'href="#standard-2-1-rag">Standard 2.1: Choose the rating you would give' in html
    assert 'href="#standard-2-1-comment">Standard 2.1: Enter why you are challenging' in html
    assert "Typed &lt;b&gt;carefully&lt;/b&gt;</textarea>" in html
    assert db.session.scalar(select(Moderation)) is None


def test_someone_elses_save_meanwhile_is_shown_and_nothing_saved(
    client, factory, sign_in, submitted
):  # type: ignore[no-untyped-def]
    sign_in(factory.user(Role.ADVISORY).email)
    versions = _versions(client.get(_sheet(submitted)).get_data(as_text=True))
    moderate(
        factory,
        submitted,
        "1.1",
        factory.user(Role.ADMIN, name="Quick Admin"),
        "agree",
        comment="Mine first",
    )
    db.session.commit()
    data = {f"{p}-version": v for p, v in versions.items()}
    data.update(
        {
            "standard-1-1-outcome": "challenge",
            "standard-1-1-rag": "red",
            "standard-1-1-comment": "Disagree",
            "standard-1-3-outcome": "agree",
        }
    )
    response = client.post(_sheet(submitted), data=data)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Someone else moderated this standard while you were working" in html
    assert "Mine first" in html and ">Disagree</textarea>" in html
    assert len(db.session.scalars(select(Moderation)).all()) == 1
    # Saving again knowingly replaces theirs.
    data = {f"{p}-version": v for p, v in _versions(html).items()}
    data.update(
        {
            "standard-1-1-outcome": "challenge",
            "standard-1-1-rag": "red",
            "standard-1-1-comment": "Disagree",
        }
    )
    assert client.post(_sheet(submitted), data=data).status_code == 302
    rating = db.session.scalar(
        select(Rating).where(Rating.assessment_id == submitted.id, Rating.standard_code == "1.1")
    )
    assert (
        db.session.scalar(select(Moderation.comment).where(Moderation.rating_id == rating.id))
        == "Disagree"
    )


def test_a_random_sample_from_the_queue(client, factory, sign_in, submitted):  # type: ignore[no-untyped-def]
    factory.submitted(factory.assessment(factory.school(name="Second School")))
    sign_in(factory.user(Role.ADVISORY).email)
    bad = client.post("/moderation/sample", data={"size": "9"})
    assert bad.status_code == 400
    assert "Enter a number of schools from 1 to 2" in bad.get_data(as_text=True)
    ok = client.post("/moderation/sample", data={"size": "1"})
    assert ok.status_code == 302
    assert len(db.session.scalars(select(ModerationSample)).all()) == 1
    html = client.get(ok.headers["Location"]).get_data(as_text=True)
    assert "Added to the 2026/27 sample" in html and "In sample" in html


def test_another_school_or_unknown_assessment_is_404(client, factory, sign_in):  # type: ignore[no-untyped-def]
    sign_in(factory.user(Role.ADVISORY).email)
    assert client.get("/moderation/assessments/999999").status_code == 404
