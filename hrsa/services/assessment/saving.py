"""Saving a whole principle page in one transaction: evidence removed and added, then ratings.

Evidence is handled first so that the Green rule counts what this very save adds or removes.
If anything is wrong, the caller rolls back, and the files stored by this attempt are deleted
again, so a failed save leaves no trace.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import IO, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from hrsa.core.errors import BadInput, Conflict, ServiceError
from hrsa.models import Assessment, EvidenceItem, Rating
from hrsa.services.assessment.ratings import (
    SaveOutcome,
    StandardInput,
    ratings_for_principle,
    save_principle,
)
from hrsa.services.evidence import items as evidence
from hrsa.storage.base import Storage


class Upload(Protocol):
    """What the page needs of an uploaded file (werkzeug's FileStorage fits)."""

    @property
    def filename(self) -> str | None: ...
    @property
    def stream(self) -> IO[bytes]: ...


@dataclass
class StandardEvidenceInput:
    code: str
    files: Sequence[Upload] = ()
    link_url: str = ""
    link_title: str = ""


@dataclass
class PageOutcome:
    save: SaveOutcome = field(default_factory=SaveOutcome)
    stored_keys: list[str] = field(default_factory=list)
    files_accepted: int = 0

    @property
    def ok(self) -> bool:
        return self.save.ok


def save_page(
    session: Session,
    store: Storage,
    assessment: Assessment,
    number: int,
    inputs: Sequence[StandardInput],
    evidence_inputs: Sequence[StandardEvidenceInput],
    removals: Sequence[int],
    *,
    user_id: int,
    limits: evidence.UploadLimits,
) -> PageOutcome:
    """Apply the page; when the outcome is not ok the caller must roll back and call
    discard_files(). If a rule is broken outright (ServiceError), the files stored so far are
    deleted here before the error goes on. Evidence is removed, then added, then ratings saved."""
    outcome = PageOutcome()
    try:
        rows = ratings_for_principle(session, assessment.id, number)
        ratings = {r.standard_code: r for r in rows}
        _remove(session, ratings, removals, user_id)
        for item in evidence_inputs:
            rating = ratings.get(item.code)
            if rating is None:
                raise BadInput(f"Standard {item.code!r} is not part of principle {number}")
            _add_files(session, store, rating, item, outcome, user_id=user_id, limits=limits)
            _add_link(session, rating, item, outcome, user_id=user_id)
        session.flush()
        _save_ratings(session, assessment, number, inputs, ratings, outcome, user_id=user_id)
    except ServiceError:
        discard_files(store, outcome)
        raise
    return outcome


def _add_files(
    session: Session,
    store: Storage,
    rating: Rating,
    item: StandardEvidenceInput,
    outcome: PageOutcome,
    *,
    user_id: int,
    limits: evidence.UploadLimits,
) -> None:
    """Store each uploaded file as evidence; the first refusal becomes the field's error."""
    for upload in item.files:
        try:
            added = evidence.add_file(
                session,
                store,
                rating=rating,
                stream=upload.stream,
                filename=upload.filename or "",
                user_id=user_id,
                limits=limits,
            )
        except evidence.EvidenceRejected as rejected:
            outcome.save.errors.setdefault((item.code, "files"), str(rejected))
        else:
            outcome.files_accepted += 1
            if added.storage_key:
                outcome.stored_keys.append(added.storage_key)


def _add_link(
    session: Session,
    rating: Rating,
    item: StandardEvidenceInput,
    outcome: PageOutcome,
    *,
    user_id: int,
) -> None:
    """Add the typed link as evidence; a description without an address is an error."""
    if item.link_url:
        try:
            evidence.add_link(
                session, rating=rating, url=item.link_url, title=item.link_title, user_id=user_id
            )
        except evidence.EvidenceRejected as rejected:
            outcome.save.errors[(item.code, "link_url")] = str(rejected)
    elif item.link_title:
        outcome.save.errors[(item.code, "link_url")] = (
            f"Enter the web address for the link to standard {item.code}"
        )


def _save_ratings(
    session: Session,
    assessment: Assessment,
    number: int,
    inputs: Sequence[StandardInput],
    ratings: dict[str, Rating],
    outcome: PageOutcome,
    *,
    user_id: int,
) -> None:
    """Save the ratings (after the evidence, so the Green rule counts it) into the outcome."""
    try:
        saved = save_principle(
            session, assessment, number, inputs, user_id=user_id, ratings=ratings
        )
    except Conflict:  # someone saved between our read and our guarded update
        outcome.save.conflicts = [item.code for item in inputs]
        return
    outcome.save.errors.update(saved.errors)
    outcome.save.conflicts = saved.conflicts
    outcome.save.changed = saved.changed


def _remove(
    session: Session, ratings: dict[str, Rating], removals: Sequence[int], user_id: int
) -> None:
    if not removals:
        return
    rating_ids = {r.id for r in ratings.values()}
    items = session.scalars(select(EvidenceItem).where(EvidenceItem.id.in_(removals))).all()
    if len(items) != len(set(removals)) or any(i.rating_id not in rating_ids for i in items):
        raise BadInput("Evidence to remove must be chosen from this page")
    for item in items:
        if item.deleted_at is None:
            evidence.remove(session, item, user_id=user_id)


def discard_files(store: Storage, outcome: PageOutcome) -> None:
    """Delete files stored by a save that was rolled back."""
    for key in outcome.stored_keys:
        store.delete(key)
