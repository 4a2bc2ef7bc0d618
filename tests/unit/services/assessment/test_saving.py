"""Saving a whole principle page without HTTP: evidence removed and added in the same save as the
ratings, so the Green rule counts it, and a failed save leaves nothing behind, files included."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import BinaryIO

import pytest
from sqlalchemy import func, select

from hrsa.core.errors import BadInput, ServiceError
from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.ratings import Rag
from hrsa.extensions import db
from hrsa.models import Assessment, EvidenceItem, Rating
from hrsa.services.assessment import ratings, saving
from hrsa.services.evidence import items as evidence
from hrsa.services.evidence import uploads
from hrsa.storage.filesystem import FileSystemStorage
from tests import evidence_samples as samples

LIMITS = uploads.UploadLimits(max_file_bytes=1024 * 1024, quota_bytes=10 * 1024 * 1024)


@dataclass
class Upload:
    filename: str | None
    stream: BinaryIO


def upload(name: str, content: bytes) -> Upload:
    return Upload(filename=name, stream=io.BytesIO(content))


@pytest.fixture
def store(tmp_path) -> FileSystemStorage:
    (tmp_path / "uploads").mkdir()
    return FileSystemStorage(tmp_path / "uploads")


@pytest.fixture
def lead(factory):
    return factory.user(Role.SCHOOL_LEAD)


@pytest.fixture
def assessment(factory, lead) -> Assessment:
    return factory.assessment(lead.school, by=lead)


def stored_files(store: FileSystemStorage) -> list[str]:
    return sorted(p.name for p in store.root.rglob("*") if p.is_file())


def stored(assessment: Assessment, code: str) -> Rating:
    db.session.expire_all()
    rating = db.session.scalar(
        select(Rating).where(Rating.assessment_id == assessment.id, Rating.standard_code == code)
    )
    assert rating is not None
    return rating


def live_titles(assessment: Assessment, code: str) -> list[str]:
    rating = stored(assessment, code)
    items = evidence.live_items_for_ratings(db.session, [rating.id])[rating.id]
    return [item.title for item in items]


def standard(assessment: Assessment, code: str, rag: Rag | None, narrative: str = ""):  # type: ignore[no-untyped-def]
    return ratings.StandardInput(code, rag, narrative, "", stored(assessment, code).version)


def save_page(store, assessment, number, inputs, evidence_inputs=(), removals=(), *, user):  # type: ignore[no-untyped-def]
    """Save as the view does: commit when ok, otherwise roll back and discard the stored files."""
    outcome = saving.save_page(
        db.session,
        store,
        assessment,
        number,
        inputs,
        evidence_inputs,
        removals,
        user_id=user.id,
        limits=LIMITS,
    )
    if outcome.ok:
        db.session.commit()
    else:
        db.session.rollback()
        saving.discard_files(store, outcome)
    return outcome


def test_a_file_added_in_the_same_save_supports_a_green(store, assessment, lead):
    outcome = save_page(
        store,
        assessment,
        1,
        [standard(assessment, "1.3", Rag.GREEN, "Appointed by governors")],
        [saving.StandardEvidenceInput("1.3", files=[upload("letter.pdf", samples.pdf())])],
        user=lead,
    )

    assert outcome.ok and outcome.files_accepted == 1
    assert stored(assessment, "1.3").rag == Rag.GREEN
    assert live_titles(assessment, "1.3") == ["letter.pdf"]
    assert len(stored_files(store)) == 1


def test_a_link_added_in_the_same_save_supports_a_green(store, assessment, lead):
    outcome = save_page(
        store,
        assessment,
        2,
        [standard(assessment, "2.1", Rag.GREEN, "Charter in every classroom")],
        [
            saving.StandardEvidenceInput(
                "2.1", link_url="https://school.example.org/charter", link_title="Our charter"
            )
        ],
        user=lead,
    )

    assert outcome.ok
    assert stored(assessment, "2.1").rag == Rag.GREEN
    assert live_titles(assessment, "2.1") == ["Our charter"]


def test_removing_the_only_evidence_in_a_green_save_is_refused_and_keeps_it(
    factory, store, assessment, lead
):
    item = factory.link(assessment, "2.1", by=lead)

    outcome = save_page(
        store,
        assessment,
        2,
        [standard(assessment, "2.1", Rag.GREEN, "Charter")],
        removals=[item.id],
        user=lead,
    )

    assert "add at least one document or link" in outcome.save.errors[("2.1", "files")]
    assert stored(assessment, "2.1").rag is None
    assert live_titles(assessment, "2.1") == [item.title]


def test_a_failed_save_deletes_the_files_it_stored(store, assessment, lead):
    outcome = save_page(
        store,
        assessment,
        1,
        [standard(assessment, "1.3", Rag.GREEN, "")],  # no narrative: refused
        [saving.StandardEvidenceInput("1.3", files=[upload("letter.pdf", samples.pdf())])],
        user=lead,
    )

    assert not outcome.ok and outcome.files_accepted == 1
    assert stored_files(store) == []
    assert db.session.scalar(select(func.count()).select_from(EvidenceItem)) == 0


def test_a_refused_file_is_named_and_nothing_is_saved(store, assessment, lead):
    outcome = save_page(
        store,
        assessment,
        1,
        [standard(assessment, "1.1", Rag.AMBER, "Governor training booked")],
        [
            saving.StandardEvidenceInput(
                "1.1",
                files=[upload("agenda.txt", samples.txt()), upload("minutes.pdf", samples.exe())],
            )
        ],
        user=lead,
    )

    assert "minutes.pdf" in outcome.save.errors[("1.1", "files")]
    assert stored(assessment, "1.1").rag is None
    assert live_titles(assessment, "1.1") == []
    assert stored_files(store) == []


@pytest.mark.parametrize(
    ("url", "title", "message"),
    [
        ("ftp://school.example.org/policy", "", "starting with https://"),
        ("", "Our policy", "Enter the web address for the link to standard 1.1"),
    ],
)
def test_a_bad_link_is_an_error_on_the_web_address(store, assessment, lead, url, title, message):
    outcome = save_page(
        store,
        assessment,
        1,
        [standard(assessment, "1.1", Rag.AMBER)],
        [saving.StandardEvidenceInput("1.1", link_url=url, link_title=title)],
        user=lead,
    )

    assert message in outcome.save.errors[("1.1", "link_url")]
    assert stored(assessment, "1.1").rag is None
    assert live_titles(assessment, "1.1") == []


def test_evidence_of_another_principle_cannot_be_removed_from_this_page(
    factory, store, assessment, lead
):
    elsewhere = factory.link(assessment, "2.1", by=lead)

    with pytest.raises(BadInput, match="chosen from this page"):
        save_page(store, assessment, 1, [], removals=[elsewhere.id], user=lead)
    db.session.rollback()

    assert live_titles(assessment, "2.1") == [elsewhere.title]


def test_another_schools_evidence_cannot_be_removed(factory, store, assessment, lead):
    theirs = factory.assessment(cycle=assessment.cycle)
    item = factory.link(theirs, "1.1")

    with pytest.raises(BadInput):
        save_page(store, assessment, 1, [], removals=[item.id], user=lead)
    db.session.rollback()

    assert live_titles(theirs, "1.1") == [item.title]


def test_evidence_for_a_standard_of_another_principle_is_bad_input(store, assessment, lead):
    with pytest.raises(BadInput):
        save_page(
            store,
            assessment,
            1,
            [],
            [saving.StandardEvidenceInput("2.1", link_url="https://e.example/")],
            user=lead,
        )
    db.session.rollback()

    assert live_titles(assessment, "2.1") == []


def test_a_refused_save_of_a_submitted_assessment_keeps_no_file(factory, store, assessment, lead):
    factory.submitted(assessment, lead=lead)

    with pytest.raises(ServiceError, match="has been submitted"):
        save_page(
            store,
            db.session.get_one(Assessment, assessment.id),
            1,
            [standard(assessment, "1.1", Rag.RED)],
            [saving.StandardEvidenceInput("1.1", files=[upload("a.pdf", samples.pdf())])],
            user=lead,
        )
    db.session.rollback()

    assert stored_files(store) == []
    assert stored(assessment, "1.1").rag == Rag.AMBER


def test_a_stale_page_is_a_conflict_for_its_standards_and_saves_nothing(
    factory, store, assessment, lead
):
    opened = standard(assessment, "6.1", Rag.RED, "Mine")
    factory.rate(assessment, {"6.1": Rag.AMBER})

    outcome = save_page(
        store,
        assessment,
        6,
        [opened],
        [saving.StandardEvidenceInput("6.1", link_url="https://e.example/survey")],
        user=lead,
    )

    assert outcome.save.conflicts == ["6.1"]
    assert stored(assessment, "6.1").rag == Rag.AMBER
    assert live_titles(assessment, "6.1") == []
