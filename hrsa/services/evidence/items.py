"""Documentary evidence for a rating: uploaded files and links, their removal and restoring.

Files come in through the upload pipeline (hrsa.services.evidence.uploads), which checks their size,
content and the school's quota; this module records what each file is evidence for.
Removing evidence is a soft delete: an administrator can restore it for 30 days, after which
purge_expired() removes it and, unless a carried-forward copy still uses it, its stored file.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import IO, Any
from urllib.parse import urlsplit

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from hrsa.core.errors import NotFound, ServiceError
from hrsa.core.formatting import format_date
from hrsa.core.invisible import one_line
from hrsa.models import Assessment, EvidenceItem, Rating, User
from hrsa.models.base import utcnow
from hrsa.models.evidence import KIND_FILE, KIND_LINK
from hrsa.services import audit
from hrsa.services.evidence import uploads

# Re-exported for callers of this module: the file picker's hint, and the upload pipeline's
# limits and refusal under the names evidence has always used.
from hrsa.services.evidence.uploads import UploadLimits as UploadLimits
from hrsa.services.operations import stored_files
from hrsa.storage.base import Storage

EvidenceRejected = uploads.UploadRejected
limits_from_config = uploads.limits_from

RESTORE_DAYS = 30
RESTORE_WINDOW = timedelta(days=RESTORE_DAYS)
MAX_TITLE_LENGTH = 300
MAX_URL_LENGTH = 2000


class LinkRejected(EvidenceRejected):
    """A link was refused; str() is the error message for the web address field."""

    def __init__(self, message: str) -> None:
        self.filename = "link"
        self.reason = message
        ServiceError.__init__(self, message)


# ---------------------------------------------------------------------------------------------
# Adding, removing, restoring and purging evidence


def school_usage_bytes(session: Session, school_id: int) -> int:
    """Bytes of live files the school has stored, counting a carried-forward copy's file once."""
    per_key = (
        select(func.max(EvidenceItem.size_bytes).label("size"))
        .where(
            EvidenceItem.school_id == school_id,
            EvidenceItem.kind == KIND_FILE,
            EvidenceItem.deleted_at.is_(None),
        )
        .group_by(EvidenceItem.storage_key)
        .subquery()
    )
    return int(session.scalar(select(func.coalesce(func.sum(per_key.c.size), 0))) or 0)


def add_file(
    session: Session,
    store: Storage,
    *,
    rating: Rating,
    stream: IO[bytes],
    filename: str,
    user_id: int,
    limits: UploadLimits,
) -> EvidenceItem:
    """Store an uploaded file as evidence for the rating, or refuse it (EvidenceRejected) and
    keep nothing. The school's quota counts files added earlier in the same transaction."""
    school_id = rating.assessment.school_id
    upload = uploads.accept(
        store,
        stream,
        filename,
        limits=limits,
        used_bytes=school_usage_bytes(session, school_id),
    )
    stored_files.discard_on_rollback(session, store, upload.key)
    try:
        _refuse_a_copy(session, rating, upload)
        item = EvidenceItem(
            rating_id=rating.id,
            school_id=school_id,
            kind=KIND_FILE,
            title=upload.filename,
            storage_key=upload.key,
            content_type=upload.content_type,
            size_bytes=upload.size,
            sha256=upload.sha256,
            uploaded_by_id=user_id,
        )
        session.add(item)
        session.flush()
        _audit(session, item, rating, user_id=user_id, action="add_evidence", new=upload.filename)
    except BaseException:
        uploads.discard(store, upload.key)
        raise
    return item


def _refuse_a_copy(session: Session, rating: Rating, upload: uploads.StoredUpload) -> None:
    """The same file (same SHA-256) twice on one standard adds nothing for the moderators or the
    report: refuse it, naming the earlier upload."""
    earlier = session.scalar(
        select(EvidenceItem)
        .where(
            EvidenceItem.rating_id == rating.id,
            EvidenceItem.kind == KIND_FILE,
            EvidenceItem.sha256 == upload.sha256,
            EvidenceItem.deleted_at.is_(None),
        )
        .order_by(EvidenceItem.id)
        .limit(1)
    )
    if earlier is not None:
        raise EvidenceRejected(
            upload.filename,
            f"is the same file as {earlier.title}, already added to this standard on "
            f"{format_date(earlier.created_at)}",
        )


def add_link(
    session: Session, *, rating: Rating, url: str, title: str, user_id: int
) -> EvidenceItem:
    """Add a web link as evidence; only http and https addresses with a host are accepted."""
    url = url.strip()
    host_and_path = _check_url(url)
    clean_title = one_line(title)
    item = EvidenceItem(
        rating_id=rating.id,
        school_id=rating.assessment.school_id,
        kind=KIND_LINK,
        title=(clean_title or host_and_path)[:MAX_TITLE_LENGTH],
        url=url,
        uploaded_by_id=user_id,
    )
    session.add(item)
    session.flush()
    _audit(
        session, item, rating, user_id=user_id, action="add_evidence", new=item.title, detail=url
    )
    return item


def _check_url(url: str) -> str:
    """Raise LinkRejected unless url is a full http(s) address; return its host and path."""
    if not url:
        raise LinkRejected("Enter a web address")
    if len(url) > MAX_URL_LENGTH:
        raise LinkRejected("Web address must be 2,000 characters or fewer")
    if any(ch.isspace() or unicodedata.category(ch) == "Cc" for ch in url):
        raise LinkRejected("Enter a web address without spaces")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        raise LinkRejected("Enter a full web address starting with https://") from None
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        raise LinkRejected("Enter a full web address starting with https://")
    if parts.username is not None or parts.password is not None:
        raise LinkRejected("Enter a web address without a username or password in it")
    return (parts.hostname + parts.path).rstrip("/")


def remove(
    session: Session, item: EvidenceItem, *, user_id: int, now: datetime | None = None
) -> None:
    """Soft-delete: the item disappears from the page but can be restored for 30 days."""
    if item.deleted_at is not None:
        return
    item.deleted_at = now or utcnow()
    item.deleted_by_id = user_id
    _audit(session, item, item.rating, user_id=user_id, action="remove_evidence", old=item.title)
    session.flush()


def restore(
    session: Session, item: EvidenceItem, *, user_id: int, now: datetime | None = None
) -> None:
    """Bring back a removed item, if it was removed no more than 30 days ago."""
    if item.deleted_at is None:
        return
    if (now or utcnow()) - item.deleted_at > RESTORE_WINDOW:
        raise ServiceError(
            f"{item.title} was deleted more than {RESTORE_DAYS} days ago and cannot be restored"
        )
    item.deleted_at = None
    item.deleted_by_id = None
    _audit(session, item, item.rating, user_id=user_id, action="restore_evidence", new=item.title)
    session.flush()


def purge_expired(session: Session, store: Storage, *, now: datetime | None = None) -> int:
    """Permanently delete items removed more than 30 days ago, and each stored file no other
    item (such as a carried-forward copy) still uses. Returns how many items were purged.

    Files are deleted once the caller commits (hrsa.services.operations.stored_files): a failed
    commit keeps both the rows and their files."""
    cutoff = (now or utcnow()) - RESTORE_WINDOW
    items = session.scalars(
        select(EvidenceItem)
        .where(EvidenceItem.deleted_at.is_not(None), EvidenceItem.deleted_at < cutoff)
        .options(joinedload(EvidenceItem.rating))
    ).all()
    if not items:
        return 0
    keys = {item.storage_key for item in items if item.storage_key}
    for item in items:
        _audit(session, item, item.rating, user_id=None, action="purge_evidence", old=item.title)
        session.delete(item)
    session.flush()
    still_used = set(
        session.scalars(
            select(EvidenceItem.storage_key).where(EvidenceItem.storage_key.in_(keys)).distinct()
        )
    )
    for key in keys - still_used:
        stored_files.delete_after_commit(session, store, key)
    return len(items)


def _audit(
    session: Session,
    item: EvidenceItem,
    rating: Rating,
    *,
    user_id: int | None,
    action: str,
    **values: Any,
) -> None:
    """Record what was done to one evidence item (values: old, new, detail)."""
    audit.record(
        session,
        user_id=user_id,
        action=action,
        entity="evidence",
        entity_id=item.id,
        school_id=item.school_id,
        assessment_id=rating.assessment_id,
        standard_code=rating.standard_code,
        **values,
    )


# ---------------------------------------------------------------------------------------------
# Reading


def rating_for_standard(session: Session, assessment_id: int, code: str) -> Rating:
    """The assessment's rating for the standard with this code, which evidence is added to;
    NotFound if the assessment has no such standard."""
    rating = session.scalar(
        select(Rating).where(Rating.assessment_id == assessment_id, Rating.standard_code == code)
    )
    if rating is None:
        raise NotFound(f"Standard {code} is not part of this assessment")
    return rating


def live_items_for_ratings(
    session: Session, rating_ids: Sequence[int]
) -> dict[int, list[EvidenceItem]]:
    """Each rating's evidence that has not been removed, oldest first (one query)."""
    found: dict[int, list[EvidenceItem]] = {rating_id: [] for rating_id in rating_ids}
    if not found:
        return found
    items = session.scalars(
        select(EvidenceItem)
        .where(EvidenceItem.rating_id.in_(found), EvidenceItem.deleted_at.is_(None))
        .order_by(EvidenceItem.created_at, EvidenceItem.id)
    )
    for item in items:
        found[item.rating_id].append(item)
    return found


def recently_deleted(session: Session, *, now: datetime | None = None) -> list[EvidenceItem]:
    """Items removed in the last 30 days (so still restorable), newest first, with their
    rating, assessment, school and cycle loaded."""
    cutoff = (now or utcnow()) - RESTORE_WINDOW
    assessment = joinedload(EvidenceItem.rating).joinedload(Rating.assessment)
    return list(
        session.scalars(
            select(EvidenceItem)
            .where(EvidenceItem.deleted_at.is_not(None), EvidenceItem.deleted_at >= cutoff)
            .options(
                assessment.joinedload(Assessment.school), assessment.joinedload(Assessment.cycle)
            )
            .order_by(EvidenceItem.deleted_at.desc(), EvidenceItem.id.desc())
        )
    )


def people_names(session: Session, user_ids: Sequence[int | None]) -> dict[int, str]:
    """Names of the given people by id (one query), e.g. who deleted each item."""
    wanted = {user_id for user_id in user_ids if user_id is not None}
    if not wanted:
        return {}
    rows = session.execute(select(User.id, User.name).where(User.id.in_(wanted)))
    return {user_id: name for user_id, name in rows}
