"""UK GDPR duties: what is held about a school (an export), a person's erasure, and retention.

- `write_school_export` writes a ZIP: `school.json` (the profile, every cycle's assessment with
  its ratings, narratives, next steps, evidence list, plan actions, moderation and requested
  changes, and the school's audit trail) and each live evidence file under `evidence/`. It takes
  an output stream, so a command or a background job can run it.
- `erase_person` anonymises a person everywhere: their name and email address are replaced by a
  stable pseudonym in every text column of every table (the account, the outbox, the audit
  trail's values, free text that quotes them), their sessions and links end, and audit entries
  stay, now attributed to the pseudonym, so the trail still counts what they did.
- `expired_evidence` / `apply_retention` find and remove the stored files of evidence in cycles
  that closed more than N years ago (the rows stay, saying the file was removed), audited.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any

from sqlalchemy import String, Text, func, select, update
from sqlalchemy.orm import Session

from hrsa.core.errors import NotFound, ServiceError
from hrsa.models import (
    Assessment,
    AuditEvent,
    AuthToken,
    Cycle,
    EvidenceItem,
    Moderation,
    PlanAction,
    Rating,
    RequestedChange,
    School,
    User,
)
from hrsa.models.base import utcnow
from hrsa.services import audit
from hrsa.services.accounts.identity import end_sessions, find_by_email, normalise_email
from hrsa.services.operations import stored_files
from hrsa.services.surveys import results as survey_results
from hrsa.services.surveys.figures import DEFAULT_MIN_RESPONSES
from hrsa.storage.base import CHUNK_SIZE, FileMissing, Storage

ERASED_DOMAIN = "erased.invalid"
SHORTEST_ERASED_NAME = 5  # shorter names ("Ann") would also match ordinary words


def _value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _row(obj: Any, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: _value(getattr(obj, name)) for name in names}


def school_record(session: Session, school: School) -> dict[str, Any]:
    """Everything hrsa holds about the school, as plain JSON values."""
    profile = (
        "urn", "name", "phase", "ward", "neighbourhood", "address", "telephone", "website",
        "last_ofsted_on", "number_on_roll", "headteacher", "nominated_lead", "created_at",
    )  # fmt: skip
    assessments = session.scalars(
        select(Assessment)
        .join(Cycle, Cycle.id == Assessment.cycle_id)
        .where(Assessment.school_id == school.id)
        .order_by(Cycle.opens_on)
    ).all()
    return {
        "school": _row(school, profile),
        "assessments": [_assessment(session, a) for a in assessments],
        # Survey results as totals only: single responses never leave the service.
        "surveys": survey_results.exported(session, school.id, min_responses=DEFAULT_MIN_RESPONSES),
        "audit_trail": [
            _row(
                event,
                (
                    "at",
                    "user_id",
                    "action",
                    "entity",
                    "entity_id",
                    "standard_code",
                    "field",
                    "old_value",
                    "new_value",
                    "detail",
                ),
            )  # fmt: skip
            for event in session.scalars(
                select(AuditEvent).where(AuditEvent.school_id == school.id).order_by(AuditEvent.id)
            )
        ],
    }


def _assessment(session: Session, assessment: Assessment) -> dict[str, Any]:
    ratings = session.scalars(
        select(Rating).where(Rating.assessment_id == assessment.id).order_by(Rating.id)
    ).all()
    ids = [r.id for r in ratings]
    evidence = session.scalars(
        select(EvidenceItem).where(EvidenceItem.rating_id.in_(ids)).order_by(EvidenceItem.id)
    ).all()
    actions = session.scalars(
        select(PlanAction).where(PlanAction.rating_id.in_(ids)).order_by(PlanAction.id)
    ).all()
    moderations = session.scalars(select(Moderation).where(Moderation.rating_id.in_(ids))).all()
    code = {r.id: r.standard_code for r in ratings}
    return {
        "cycle": assessment.cycle.name,
        "status": assessment.status,
        "submitted_at": _value(assessment.submitted_at),
        "ratings": [_row(r, ("standard_code", "rag", "narrative", "next_steps")) for r in ratings],
        "evidence": [
            {
                "standard_code": code[e.rating_id],
                "file": _evidence_name(e) if e.storage_key else None,
                **_row(
                    e, ("kind", "title", "url", "size_bytes", "sha256", "created_at", "deleted_at")
                ),
            }  # fmt: skip
            for e in evidence
        ],
        "plan": [
            {"standard_code": code[a.rating_id], **_row(a, ("what", "who", "due_on", "status"))}
            for a in actions
        ],
        "moderation": [
            {
                "standard_code": code[m.rating_id],
                **_row(m, ("outcome", "moderated_rag", "comment", "updated_at")),
            }  # fmt: skip
            for m in moderations
        ],
        "requested_changes": [
            _row(c, ("standard_code", "created_at", "addressed_at"))
            for c in session.scalars(
                select(RequestedChange).where(RequestedChange.assessment_id == assessment.id)
            )
        ],
    }


def _evidence_name(item: EvidenceItem) -> str:
    return f"evidence/{item.id}-{item.title}"


def find_school(session: Session, urn: str) -> School:
    school = session.scalar(select(School).where(School.urn == urn.strip()))
    if school is None:
        raise NotFound(f"No school has URN {urn.strip()}")
    return school


def write_school_export(
    session: Session, store: Storage, school: School, out: IO[bytes]
) -> tuple[int, int]:
    """Write the school's export ZIP to `out`; (assessments, files) written."""
    record = school_record(session, school)
    files = 0
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("school.json", json.dumps(record, indent=2, ensure_ascii=False))
        for item in _evidence_files(session, school):
            try:
                with (
                    store.open(item.storage_key or "") as source,
                    archive.open(_evidence_name(item), "w", force_zip64=True) as target,
                ):
                    while chunk := source.read(CHUNK_SIZE):
                        target.write(chunk)
                files += 1
            except FileMissing:
                continue  # `hrsa check-storage` reports lost files; the JSON still lists it
    return len(record["assessments"]), files


def _evidence_files(session: Session, school: School) -> Iterator[EvidenceItem]:
    yield from session.scalars(
        select(EvidenceItem)
        .where(
            EvidenceItem.school_id == school.id,
            EvidenceItem.storage_key.is_not(None),
            EvidenceItem.deleted_at.is_(None),
        )
        .order_by(EvidenceItem.id)
    )


# --- erasure -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Erasure:
    pseudonym: str
    replaced: int  # text values changed across the database


def pseudonym_for(user_id: int, secret: str) -> str:
    """A stable pseudonym: the same person always gets the same one, and it reveals nothing."""
    digest = hashlib.sha256(f"{secret}:{user_id}".encode()).hexdigest()[:10]
    return f"Erased person {digest}"


def erase_person(session: Session, email: str, *, secret: str, by_user_id: int | None) -> Erasure:
    """Anonymise the person with this email everywhere (see the module's docstring)."""
    person = find_by_email(session, email)
    if person is None:
        raise NotFound(f"No account has the email address {normalise_email(email)}")
    if person.email.endswith("@" + ERASED_DOMAIN):
        raise ServiceError("This person has already been erased")
    name, address = person.name, person.email
    pseudonym = pseudonym_for(person.id, secret)
    fake_email = f"{pseudonym.split()[-1]}@{ERASED_DOMAIN}"
    person.name, person.email = pseudonym, fake_email
    person.password_hash = None
    person.is_enabled = False
    end_sessions(person)
    session.execute(
        update(AuthToken).where(AuthToken.user_id == person.id).values(used_at=utcnow())
    )
    session.flush()
    needles = [(address, fake_email)]
    if len(name.strip()) >= SHORTEST_ERASED_NAME:
        needles.append((name.strip(), pseudonym))
    replaced = _replace_everywhere(session, needles)
    audit.record(
        session,
        user_id=by_user_id,
        action="erase_person",
        entity="user",
        entity_id=person.id,
        new=pseudonym,
    )
    return Erasure(pseudonym, replaced)


def _replace_everywhere(session: Session, needles: list[tuple[str, str]]) -> int:
    """Replace each text in every string column of every table; how many values changed."""
    changed = 0
    for mapped in User.registry.mappers:  # every model: they share one registry
        table = mapped.local_table
        for column in table.columns:
            if not isinstance(column.type, String | Text) or column.primary_key:
                continue
            for old, new in needles:
                result = session.execute(
                    update(table)
                    .where(column.contains(old, autoescape=True))
                    .values({column.name: func.replace(column, old, new)})
                    .execution_options(synchronize_session=False)
                )
                changed += int(getattr(result, "rowcount", 0) or 0)
    session.expire_all()
    return changed


# --- retention ---------------------------------------------------------------------------------

DEFAULT_RETENTION_YEARS = 6


@dataclass(frozen=True)
class RetentionItem:
    item_id: int
    school: str
    cycle: str
    title: str
    size_bytes: int


def _years_before(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def expired_evidence(session: Session, *, years: int, today: date) -> list[RetentionItem]:
    """Evidence files of cycles that closed more than `years` years before `today`."""
    if years < 1:
        raise ServiceError("Keep evidence for at least 1 year")
    cutoff = _years_before(today, years)
    rows = session.execute(
        select(EvidenceItem, School.name, Cycle.name)
        .join(Rating, Rating.id == EvidenceItem.rating_id)
        .join(Assessment, Assessment.id == Rating.assessment_id)
        .join(Cycle, Cycle.id == Assessment.cycle_id)
        .join(School, School.id == Assessment.school_id)
        .where(EvidenceItem.storage_key.is_not(None), Cycle.closes_on < cutoff)
        .order_by(Cycle.closes_on, School.name, EvidenceItem.id)
    ).all()
    return [
        RetentionItem(item.id, school, cycle, item.title, int(item.size_bytes or 0))
        for item, school, cycle in rows
    ]


def apply_retention(
    session: Session, store: Storage, items: list[RetentionItem], *, user_id: int | None
) -> int:
    """Remove these items' stored files (once committed), keeping each row as a record that the
    evidence existed; a file a newer cycle's carried-forward copy still uses is kept."""
    chosen = session.scalars(
        select(EvidenceItem).where(EvidenceItem.id.in_([i.item_id for i in items]))
    ).all()
    keys = {item.storage_key for item in chosen if item.storage_key}
    now = utcnow()
    for item in chosen:
        audit.record(
            session,
            user_id=user_id,
            action="retention_purge",
            entity="evidence",
            entity_id=item.id,
            school_id=item.school_id,
            old=item.title,
        )
        item.storage_key = None
        item.deleted_at = item.deleted_at or now
    session.flush()
    still_used = set(
        session.scalars(select(EvidenceItem.storage_key).where(EvidenceItem.storage_key.in_(keys)))
    )
    for key in keys - still_used:
        stored_files.delete_after_commit(session, store, key)
    return len(chosen)
