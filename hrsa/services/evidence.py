"""Documentary evidence for a rating: uploaded files and links, their removal and restoring.

A file is kept only if hrsa.services.file_types accepts what is inside it (see inspect_file).
Removing evidence is a soft delete: an administrator can restore it for 30 days, after which
purge_expired() removes it and, unless a carried-forward copy still uses it, its stored file.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import PurePosixPath
from typing import IO, Any
from urllib.parse import urlsplit

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from hrsa.models import Assessment, EvidenceItem, Rating, User
from hrsa.models.base import utcnow
from hrsa.models.evidence import KIND_FILE, KIND_LINK
from hrsa.services import ServiceError, audit

# ACCEPT_ATTRIBUTE, ACCEPTED and FileType are re-exported for callers of this module.
from hrsa.services.file_types import ACCEPT_ATTRIBUTE as ACCEPT_ATTRIBUTE
from hrsa.services.file_types import ACCEPTED as ACCEPTED
from hrsa.services.file_types import EvidenceRejected, inspect_file
from hrsa.services.file_types import FileType as FileType
from hrsa.storage import FileTooLarge, Storage

MB = 1024 * 1024
RESTORE_DAYS = 30
RESTORE_WINDOW = timedelta(days=RESTORE_DAYS)
MAX_NAME_LENGTH = 200
MAX_TITLE_LENGTH = 300
MAX_URL_LENGTH = 2000
UNNAMED = "unnamed file"


class LinkRejected(EvidenceRejected):
    """A link was refused; str() is the error message for the web address field."""

    def __init__(self, message: str) -> None:
        self.filename = "link"
        self.reason = message
        ServiceError.__init__(self, message)


@dataclass(frozen=True)
class UploadLimits:
    max_file_bytes: int
    school_quota_bytes: int


def limits_from_config(config: Mapping[str, Any]) -> UploadLimits:
    """The per-file and per-school limits from HRSA_MAX_UPLOAD_MB and HRSA_SCHOOL_QUOTA_MB."""
    return UploadLimits(
        max_file_bytes=int(config.get("HRSA_MAX_UPLOAD_MB", 20)) * MB,
        school_quota_bytes=int(config.get("HRSA_SCHOOL_QUOTA_MB", 500)) * MB,
    )


def size_label(size: int) -> str:
    """A size for people: '20 MB', '1.5 MB', '340 KB', '12 bytes'."""
    if size >= MB:
        return f"{size / MB:.1f}".removesuffix(".0") + " MB"
    if size >= 1024:
        return f"{round(size / 1024)} KB"
    return "1 byte" if size == 1 else f"{size} bytes"


def clean_display_name(filename: str) -> str:
    """The file's name for display only: no folders, control characters or runs of spaces."""
    name = unicodedata.normalize("NFC", filename or "")
    name = "".join(" " if ch.isspace() else ch for ch in name)
    name = "".join(ch for ch in name if unicodedata.category(ch) not in {"Cc", "Cf", "Cs"})
    name = re.split(r"[\\/]", name)[-1]
    name = " ".join(name.split())
    if name in {"", ".", ".."}:
        return UNNAMED
    if len(name) > MAX_NAME_LENGTH:
        suffix = PurePosixPath(name).suffix
        if 1 < len(suffix) <= 20:
            name = name[: MAX_NAME_LENGTH - len(suffix)].rstrip() + suffix
        else:
            name = name[:MAX_NAME_LENGTH].rstrip()
    return name


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
    name = clean_display_name(filename)
    try:
        stored = store.save(stream, max_bytes=limits.max_file_bytes)
    except FileTooLarge:
        raise EvidenceRejected(
            name, f"is larger than {size_label(limits.max_file_bytes)}: choose a smaller file"
        ) from None
    try:
        if stored.size == 0:
            raise EvidenceRejected(name, "is empty")
        file_type = inspect_file(store.path_for_inspection(stored.key), name)
        assessment = rating.assessment
        used = school_usage_bytes(session, assessment.school_id)
        if used + stored.size > limits.school_quota_bytes:
            raise EvidenceRejected(
                name,
                f"would take your school past its {size_label(limits.school_quota_bytes)} "
                "storage allowance: delete old evidence or ask an administrator",
            )
        item = EvidenceItem(
            rating_id=rating.id,
            school_id=assessment.school_id,
            kind=KIND_FILE,
            title=name,
            storage_key=stored.key,
            content_type=file_type.content_type,
            size_bytes=stored.size,
            sha256=stored.sha256,
            uploaded_by_id=user_id,
        )
        session.add(item)
        session.flush()
        _audit(session, item, rating, user_id=user_id, action="add_evidence", new=name)
    except BaseException:
        store.delete(stored.key)
        raise
    return item


def add_link(
    session: Session, *, rating: Rating, url: str, title: str, user_id: int
) -> EvidenceItem:
    """Add a web link as evidence; only http and https addresses with a host are accepted."""
    url = url.strip()
    host_and_path = _check_url(url)
    clean_title = " ".join(
        "".join(ch for ch in title if unicodedata.category(ch) not in {"Cc", "Cf", "Cs"}).split()
    )
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

    Files are deleted after the flush but before the caller commits: if that commit failed,
    the rows left behind are past restoring anyway, so nothing anyone can reach is lost."""
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
        store.delete(key)
    return len(items)


def _audit(
    session: Session,
    item: EvidenceItem,
    rating: Rating,
    *,
    user_id: int | None,
    action: str,
    old: str | None = None,
    new: str | None = None,
    detail: str | None = None,
) -> None:
    audit.record(
        session,
        user_id=user_id,
        action=action,
        entity="evidence",
        entity_id=item.id,
        school_id=item.school_id,
        assessment_id=rating.assessment_id,
        standard_code=rating.standard_code,
        old=old,
        new=new,
        detail=detail,
    )


# ---------------------------------------------------------------------------------------------
# Reading


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
