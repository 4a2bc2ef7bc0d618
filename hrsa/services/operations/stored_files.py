"""Stored files follow the transaction that records them.

A file is stored before the row that names it is committed, and an old file is only deleted once
the change that stopped using it is committed: the order that can never leave a row pointing at
a deleted file. Register a new file with `discard_on_rollback` (it is deleted again if the
session rolls back, for example when the commit fails) and a file no longer used with
`delete_after_commit` (deleted only once the session commits). A process killed in between
leaves at worst a file without a row, which `hrsa check-storage` finds and removes.
"""

from __future__ import annotations

import logging

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from hrsa.storage.base import Storage, StorageError

log = logging.getLogger(__name__)

_AFTER_COMMIT = "hrsa_delete_after_commit"
_ON_ROLLBACK = "hrsa_discard_on_rollback"


def delete_after_commit(session: Session, store: Storage, key: str) -> None:
    """Delete the stored file once this session's transaction commits (never if it rolls back)."""
    session.info.setdefault(_AFTER_COMMIT, []).append((store, key))


def discard_on_rollback(session: Session, store: Storage, key: str) -> None:
    """Delete the newly stored file if this session's transaction rolls back instead."""
    session.info.setdefault(_ON_ROLLBACK, []).append((store, key))


def _delete(pending: list[tuple[Storage, str]], why: str) -> None:
    for store, key in pending:
        try:
            store.delete(key)
        except (OSError, StorageError):
            # The row no longer names it: `hrsa check-storage` finds and removes it later.
            log.warning("Could not delete stored file %s %s", key, why, exc_info=True)


@event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    session.info.pop(_ON_ROLLBACK, None)
    _delete(session.info.pop(_AFTER_COMMIT, []), "after the commit")


@event.listens_for(Session, "after_soft_rollback")
def _rolled_back(session: Session, previous_transaction: SessionTransaction) -> None:
    if previous_transaction.parent is not None:
        return  # a nested SAVEPOINT: the session's own transaction goes on
    session.info.pop(_AFTER_COMMIT, None)
    _delete(session.info.pop(_ON_ROLLBACK, []), "after a rollback")
