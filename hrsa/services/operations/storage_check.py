"""Reconciling the database with the file store (`hrsa check-storage`).

Three things can drift apart: a row naming a file the store no longer has (a lost file: only a
restore brings it back), a file no row names (left by a commit that failed or a process killed
after storing), and a partial upload left in the disk store's incoming folder. Repairing removes
the stray and partial files; it never touches a row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select, union
from sqlalchemy.orm import Session

from hrsa.models import EvidenceItem, Job, Resource
from hrsa.storage.base import Storage
from hrsa.storage.filesystem import FileSystemStorage

PARTIAL_AGE = timedelta(hours=1)


@dataclass
class StorageReport:
    """What the check found (and, when repairing, removed)."""

    missing: list[str] = field(default_factory=list)  # keys rows name, with no file
    stray: list[str] = field(default_factory=list)  # files no row names
    partial: list[str] = field(default_factory=list)  # partial uploads over an hour old
    repaired: bool = False

    @property
    def clean(self) -> bool:
        return not (self.missing or self.stray or self.partial)


def referenced_keys(session: Session) -> set[str]:
    """Every stored file a row names: evidence (also removed evidence awaiting its purge,
    which can still be restored), resources and background jobs' results."""
    evidence = select(EvidenceItem.storage_key).where(EvidenceItem.storage_key.is_not(None))
    resources = select(Resource.storage_key).where(Resource.storage_key.is_not(None))
    jobs = select(Job.result_key).where(Job.result_key.is_not(None))
    return {key for key in session.scalars(union(evidence, resources, jobs)) if key}


def check(session: Session, store: Storage, *, repair: bool = False) -> StorageReport:
    """Compare rows and files; with `repair`, delete the stray files and stale partial uploads."""
    named = referenced_keys(session)
    stored = set(store.keys())
    report = StorageReport(missing=sorted(named - stored), stray=sorted(stored - named))
    if isinstance(store, FileSystemStorage):
        report.partial = store.stale_partials(PARTIAL_AGE)
    if repair:
        for key in report.stray:
            store.delete(key)
        if isinstance(store, FileSystemStorage):
            store.remove_partials(report.partial)
        report.repaired = True
    return report
