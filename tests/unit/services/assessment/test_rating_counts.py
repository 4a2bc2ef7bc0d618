"""The rating_count summary (Red, Amber, Green and unrated per assessment and principle, and per
whole assessment) equals a GROUP BY over the ratings after every kind of write: starting,
carrying forward, saving a principle (and a refused save), the demo seed and the benchmark's
bulk writer."""

from __future__ import annotations

import sys
from datetime import date

from sqlalchemy import select

from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.ratings import Rag
from hrsa.extensions import db
from hrsa.models import Rating, RatingCount
from hrsa.services.assessment import rating_counts, ratings
from hrsa.services.dashboard import support
from hrsa.services.dashboard.figures import Filters
from tests import REPO

SCRIPTS = REPO / "scripts"


def summary(assessment_id: int) -> dict[int, tuple[int, int, int, int]]:
    """{principle: (red, amber, green, unrated)} as stored in the summary."""
    rows = db.session.execute(
        select(
            RatingCount.principle_number,
            RatingCount.red,
            RatingCount.amber,
            RatingCount.green,
            RatingCount.unrated,
        ).where(RatingCount.assessment_id == assessment_id)
    )
    return {number: tuple(counts) for number, *counts in rows}  # type: ignore[misc]


def assert_consistent() -> None:
    db.session.expire_all()
    assert db.session.scalar(select(Rating.id).limit(1)) is not None, "nothing was written"
    assert rating_counts.differences(db.session) == []


def test_a_new_assessment_counts_every_standard_of_each_principle_as_unrated(factory) -> None:
    assessment = factory.assessment()
    counts = summary(assessment.id)
    assert len(counts) == 9  # the 8 principles, and the whole assessment under 0
    assert counts[1] == (0, 0, 0, 4) and counts[8] == (0, 0, 0, 2)
    assert counts[rating_counts.WHOLE_ASSESSMENT] == (0, 0, 0, 21)
    assert_consistent()


def test_saving_principles_recounts_them(factory) -> None:
    assessment = factory.assessment()
    factory.rate(assessment, {"1.1": Rag.RED, "1.2": Rag.GREEN, "3.1": Rag.AMBER})
    assert summary(assessment.id)[1] == (1, 0, 1, 2)
    assert summary(assessment.id)[3] == (0, 1, 0, 1)
    assert summary(assessment.id)[rating_counts.WHOLE_ASSESSMENT] == (1, 1, 1, 18)
    factory.rate(assessment, {"1.1": Rag.AMBER, "1.2": None})
    assert summary(assessment.id)[1] == (0, 1, 0, 3)
    assert summary(assessment.id)[rating_counts.WHOLE_ASSESSMENT] == (0, 2, 0, 19)
    assert_consistent()


def test_a_refused_save_changes_no_count(factory) -> None:
    assessment = factory.assessment()
    factory.rate(assessment, {"2.1": Rag.RED})
    before = summary(assessment.id)
    rating = factory.rating(assessment, "2.1")
    person = factory.school_person(assessment.school_id)
    for version, rag in ((rating.version, Rag.GREEN), (rating.version - 1, Rag.AMBER)):
        # Green with no evidence breaks the Green rule; an old version is someone else's save.
        outcome = ratings.save_principle(
            db.session,
            assessment,
            2,
            [ratings.StandardInput("2.1", rag.value, "", "", version)],
            user_id=person.id,
        )
        assert not outcome.ok
        db.session.rollback()
        assert summary(assessment.id) == before
    assert_consistent()


def test_carrying_forward_counts_the_copied_ratings(factory) -> None:
    lead = factory.user(Role.SCHOOL_LEAD)
    last = factory.cycle("2025/26", opens_on=date(2025, 9, 1), closes_on=date(2026, 7, 31))
    this = factory.cycle("2026/27")
    old = factory.assessment(lead.school, last, rags={"1.1": Rag.RED, "4.1": Rag.GREEN})
    new = factory.assessment(lead.school, this, carry_forward=True)
    assert summary(new.id) == summary(old.id)
    assert summary(new.id)[1] == (1, 0, 0, 3) and summary(new.id)[4] == (0, 0, 1, 2)
    assert_consistent()


def test_the_demo_seed_counts_every_assessment(app) -> None:
    result = app.test_cli_runner().invoke(args=["seed-demo", "--schools", "12"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(RatingCount.assessment_id).limit(1)) is not None
    assert_consistent()


def test_the_benchmark_bulk_writer_counts_every_assessment(app) -> None:
    sys.path.insert(0, str(SCRIPTS))
    try:
        from benchmark_data import build_city
    finally:
        sys.path.remove(str(SCRIPTS))
    build_city(db.session, 30)
    assert_consistent()


def test_recount_mends_a_summary_that_went_wrong(factory) -> None:
    assessment = factory.assessment(rags={"5.1": Rag.AMBER})
    db.session.execute(RatingCount.__table__.delete())
    assert rating_counts.differences(db.session)
    rating_counts.recount(db.session)
    assert summary(assessment.id)[5] == (0, 1, 0, 1)
    assert_consistent()


def test_the_most_reds_list_breaks_ties_at_its_end_by_name(factory) -> None:
    """Seven schools, six with 2 Reds: the five listed are the first five of the six by name,
    from the summary and (moderated values) from the ratings alike."""
    cycle = factory.cycle()
    for name, reds in [("Gorse", 2), ("Fern", 2), ("Elm", 2), ("Dock", 2), ("Cob", 2)]:
        school = factory.school(name=f"{name} School")
        factory.submitted(
            factory.assessment(school, cycle, rags=dict.fromkeys(["1.1", "2.1"][:reds], Rag.RED))
        )
    for name, rags in [("Birch", {"1.1": Rag.RED, "2.1": Rag.RED}), ("Ash", {"1.1": Rag.RED})]:
        school = factory.school(name=f"{name} School")
        factory.submitted(factory.assessment(school, cycle, rags=rags))
    for moderated in (False, True):
        listed, _ = support.school_lists(db.session, cycle.id, None, Filters(moderated=moderated))
        assert [(s.name, s.reds) for s in listed] == [
            (f"{name} School", 2) for name in ("Birch", "Cob", "Dock", "Elm", "Fern")
        ]
