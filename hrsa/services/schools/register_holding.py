"""An extract checked and previewed, held until the administrator confirms its import.

Only the uploader may confirm it; a held extract lasts a day (older ones are cleared whenever
another is held).
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from hrsa.core.errors import NotFound
from hrsa.models import SchoolImport
from hrsa.models.base import utcnow
from hrsa.services.schools.register_extract import Extract

KEPT_FOR = timedelta(days=1)


def hold(session: Session, extract: Extract, *, filename: str, user_id: int) -> SchoolImport:
    """Keep the checked extract for the confirmation (and clear those over a day old)."""
    session.execute(delete(SchoolImport).where(SchoolImport.created_at < utcnow() - KEPT_FOR))
    held = SchoolImport(user_id=user_id, filename=filename[:255], extract=extract.to_json())
    session.add(held)
    session.flush()
    return held


def held(session: Session, import_id: int, *, user_id: int) -> tuple[SchoolImport, Extract]:
    """The extract this person held, or NotFound (another's, confirmed, or cleared)."""
    found = session.get(SchoolImport, import_id)
    if found is None or found.user_id != user_id or found.created_at < utcnow() - KEPT_FOR:
        raise NotFound("No such import")
    return found, Extract.from_json(found.extract)


def release(session: Session, held_import: SchoolImport) -> None:
    """Forget the held extract once imported."""
    session.delete(held_import)
    session.flush()
