"""The resource bank: proposing and editing resources, who may see which, and reading them back.

Recommendation 3 of the Healthy Relationships Final Report asks for "a bank of existing quality
assured resources" kept "as a live document". Anyone signed in may propose a resource; schools
see only approved resources whose review-by date has not passed (hrsa.services.resources.review
holds the advisory group's decisions). Reading functions return frozen dataclasses ready to show.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import IO, Any

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from hrsa.core.errors import Conflict, NotFound, ServiceError
from hrsa.core.invisible import one_line, paragraphs
from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.resources import Audience, Cost, ResourceType, ReviewState, Topic
from hrsa.models import Resource, ResourceAudience, ResourceStandard, ResourceTopic, User
from hrsa.models.base import utcnow
from hrsa.services import audit
from hrsa.services.evidence import uploads
from hrsa.services.evidence.items import LinkRejected, _check_url
from hrsa.services.operations import stored_files
from hrsa.storage.base import Storage

MAX_TITLE = 200
MAX_PROVIDER = 200
MAX_SUMMARY = 2000
REVIEWER_ROLES = (Role.ADVISORY, Role.ADMIN)
CHANGED_BY_SOMEONE_ELSE = (
    "Someone else changed this resource while you were editing it. "
    "Check the current details below and make your changes again."
)


class ResourceInputError(ServiceError):
    """Some answers were refused; errors maps each field name to its GOV.UK error message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(next(iter(errors.values())))
        self.errors = errors


@dataclass(frozen=True)
class ResourceInput:
    """What a person proposing or editing a resource typed."""

    title: str
    summary: str
    provider: str
    resource_type: str
    cost: str
    url: str
    review_by: date | None
    standards: tuple[str, ...]
    audiences: tuple[str, ...]
    topics: tuple[str, ...]


PROVISIONAL_REVIEW = timedelta(days=365)


def check_input(
    data: ResourceInput, standard_codes: Sequence[str], *, today: date, has_file: bool = False
) -> ResourceInput:
    """The input cleaned, or ResourceInputError naming every field that is wrong."""
    errors: dict[str, str] = {}
    title, provider, summary = (
        one_line(data.title),
        one_line(data.provider),
        paragraphs(data.summary),
    )
    _required(errors, "title", title, "Enter the title of the resource", MAX_TITLE)
    _required(errors, "summary", summary, "Enter a summary of the resource", MAX_SUMMARY)
    _required(errors, "provider", provider, "Enter who provides the resource", MAX_PROVIDER)
    if data.resource_type not in ResourceType.values():
        errors["resource_type"] = "Choose the type of resource"
    if data.cost not in Cost.values():
        errors["cost"] = "Choose whether the resource is free or paid for"
    url = data.url.strip()
    if url:
        try:
            _check_url(url)
        except LinkRejected as rejected:
            errors["url"] = str(rejected)
    elif not has_file:
        errors["url"] = "Enter a web address for the resource, or upload a file"
    # The review-by date is the reviewer's to set when approving; a proposer need not guess it.
    if data.review_by is not None and data.review_by <= today:
        errors["review_by"] = "The review-by date must be in the future"
    _vocabulary(errors, "standards", data.standards, standard_codes, "standard it helps meet")
    _vocabulary(errors, "audiences", data.audiences, Audience.values(), "audience")
    _vocabulary(errors, "topics", data.topics, Topic.values(), "topic")
    if errors:
        raise ResourceInputError(errors)
    return ResourceInput(
        title=title,
        summary=summary,
        provider=provider,
        resource_type=data.resource_type,
        cost=data.cost,
        url=url,
        review_by=data.review_by,
        standards=tuple(sorted(set(data.standards), key=_code_order)),
        audiences=tuple(dict.fromkeys(data.audiences)),
        topics=tuple(dict.fromkeys(data.topics)),
    )


def _required(errors: dict[str, str], name: str, value: str, message: str, limit: int) -> None:
    if not value:
        errors[name] = message
    elif len(value) > limit:
        errors[name] = f"{name.capitalize()} must be {limit:,} characters or fewer"


def _vocabulary(
    errors: dict[str, str],
    name: str,
    chosen: Sequence[str],
    known: Sequence[str],
    what: str,
) -> None:
    if not chosen:
        errors[name] = f"Choose at least one {what}"
    elif any(value not in known for value in chosen):
        errors[name] = f"Choose each {what} from the list"


def _code_order(code: str) -> tuple[int, ...]:
    return tuple(int(part) for part in code.split(".") if part.isdecimal())


# ---------------------------------------------------------------------------------------------
# Proposing and editing


@dataclass(frozen=True)
class FileUpload:
    """A file a person chose for a resource, and where and how it may be kept."""

    store: Storage
    stream: IO[bytes]
    filename: str
    limits: uploads.UploadLimits


def _store(upload: FileUpload | None) -> uploads.StoredUpload | None:
    """The upload kept through the same pipeline and rules as evidence, or a field error."""
    if upload is None:
        return None
    try:
        return uploads.accept(upload.store, upload.stream, upload.filename, limits=upload.limits)
    except uploads.UploadRejected as rejected:
        raise ResourceInputError({"file": str(rejected)}) from None


def _attach_file(resource: Resource, stored: uploads.StoredUpload) -> None:
    resource.storage_key = stored.key
    resource.filename = stored.filename
    resource.content_type = stored.content_type
    resource.size_bytes = stored.size


def propose(
    session: Session,
    data: ResourceInput,
    *,
    user: User,
    standard_codes: Sequence[str],
    today: date,
    upload: FileUpload | None = None,
) -> Resource:
    """Add a proposed resource to the reviewer queue; its answers are checked before any file
    is kept, and a kept file is deleted again if the resource cannot be saved."""
    clean = check_input(data, standard_codes, today=today, has_file=upload is not None)
    stored = _store(upload)
    if stored is not None and upload is not None:
        stored_files.discard_on_rollback(session, upload.store, stored.key)
    try:
        resource = Resource(
            state=ReviewState.PROPOSED.value,
            proposed_by_id=user.id,
            waiting_since=utcnow(),
            # Provisional: the reviewer sets the real date when approving.
            review_by=today + PROVISIONAL_REVIEW,
        )
        _apply(resource, clean)
        if stored is not None:
            _attach_file(resource, stored)
        session.add(resource)
        session.flush()
        audit_resource(
            session, resource, user_id=user.id, action="propose_resource", new=resource.title
        )
    except BaseException:
        if stored is not None and upload is not None:
            uploads.discard(upload.store, stored.key)
        raise
    return resource


def update(
    session: Session,
    resource: Resource,
    data: ResourceInput,
    *,
    user: User,
    expected_version: int,
    standard_codes: Sequence[str],
    today: date,
    upload: FileUpload | None = None,
) -> Resource:
    """Save edited details (a new file replaces the old); a proposer's edit after "changes
    requested" resubmits it."""
    if not can_edit(user, resource):
        raise ServiceError("You cannot change this resource")
    if resource.version != expected_version:
        raise Conflict(CHANGED_BY_SOMEONE_ELSE)
    has_file = resource.storage_key is not None or upload is not None
    clean = check_input(data, standard_codes, today=today, has_file=has_file)
    stored = _store(upload)
    if stored is not None and upload is not None:
        stored_files.discard_on_rollback(session, upload.store, stored.key)
    before = _snapshot(resource)
    old_key = resource.storage_key
    try:
        _apply(resource, clean)
        if stored is not None:
            _attach_file(resource, stored)
        resource.updated_at = utcnow()
        resubmitted = resource.state == ReviewState.CHANGES_REQUESTED.value
        if resubmitted:
            resource.state = ReviewState.PROPOSED.value
            resource.waiting_since = utcnow()
        session.flush()
    except StaleDataError:
        raise Conflict(CHANGED_BY_SOMEONE_ELSE) from None
    except BaseException:
        if stored is not None and upload is not None:
            uploads.discard(upload.store, stored.key)
        raise
    after = _snapshot(resource)
    changed = {field: (before.get(field), after[field]) for field in after}
    audit.write(session, audit.changes("resource", resource.id, changed), user_id=user.id)
    if resubmitted:
        audit_resource(
            session, resource, user_id=user.id, action="resubmit_resource", new=resource.title
        )
    if stored is not None and old_key and upload is not None:
        # Only once the new file is committed: a failed commit keeps the old one in use.
        stored_files.delete_after_commit(session, upload.store, old_key)
    return resource


def _apply(resource: Resource, clean: ResourceInput) -> None:
    resource.title = clean.title
    resource.summary = clean.summary
    resource.provider = clean.provider
    resource.resource_type = clean.resource_type
    resource.cost = clean.cost
    resource.url = clean.url or None
    if clean.review_by is not None:
        resource.review_by = clean.review_by
    _replace(resource.standards, ResourceStandard, "standard_code", clean.standards)
    _replace(resource.audiences, ResourceAudience, "audience", clean.audiences)
    _replace(resource.topics, ResourceTopic, "topic", clean.topics)


def _replace(rows: list[Any], model: type[Any], column: str, values: Sequence[str]) -> None:
    """Make the association rows match values, keeping rows that stay (no delete-and-insert)."""
    wanted = list(values)
    for row in list(rows):
        if getattr(row, column) not in wanted:
            rows.remove(row)
    present = {getattr(row, column) for row in rows}
    rows.extend(model(**{column: value}) for value in wanted if value not in present)


def _snapshot(resource: Resource) -> dict[str, Any]:
    return {
        "title": resource.title,
        "summary": resource.summary,
        "provider": resource.provider,
        "resource_type": resource.resource_type,
        "cost": resource.cost,
        "url": resource.url,
        "review_by": resource.review_by,
        "standards": ", ".join(row.standard_code for row in resource.standards),
        "audiences": ", ".join(row.audience for row in resource.audiences),
        "topics": ", ".join(row.topic for row in resource.topics),
        "filename": resource.filename,
        "state": resource.state,
    }


def audit_resource(
    session: Session,
    resource: Resource,
    *,
    user_id: int | None,
    action: str,
    **values: Any,
) -> None:
    """Record what was done to one resource (values: school_id, field, old, new, detail)."""
    audit.write(session, [audit.Event(action, "resource", resource.id, **values)], user_id=user_id)


# ---------------------------------------------------------------------------------------------
# Who sees and changes what


def is_reviewer(user: User) -> bool:
    """Advisory group members (and administrators) quality-assure resources."""
    return user.has_role(*REVIEWER_ROLES)


def visible_to_schools(today: date) -> ColumnElement[bool]:
    """Approved and not past its review-by date: the only resources schools ever see."""
    return and_(Resource.state == ReviewState.APPROVED.value, Resource.review_by >= today)


def visible_to_schools_now(resource: Resource, today: date) -> bool:
    """The same rule as visible_to_schools, for one loaded resource."""
    return resource.state == ReviewState.APPROVED.value and resource.review_by >= today


def can_see(user: User, resource: Resource, today: date) -> bool:
    """Schools see approved, in-date resources and their own proposals; city roles see all."""
    if user.sees_city or resource.proposed_by_id == user.id:
        return True
    return visible_to_schools_now(resource, today)


def can_edit(user: User, resource: Resource) -> bool:
    """Reviewers edit any resource; a proposer edits theirs until it is decided."""
    if is_reviewer(user):
        return True
    return resource.proposed_by_id == user.id and resource.state in (
        ReviewState.PROPOSED.value,
        ReviewState.CHANGES_REQUESTED.value,
    )


def resource_for(session: Session, user: User, resource_id: int, today: date) -> Resource:
    """The resource with its standards, audiences and topics, or NotFound if hidden from user."""
    resource = session.scalar(
        select(Resource)
        .where(Resource.id == resource_id)
        .options(
            selectinload(Resource.standards),
            selectinload(Resource.audiences),
            selectinload(Resource.topics),
            selectinload(Resource.proposed_by),
        )
    )
    if resource is None or not can_see(user, resource, today):
        raise NotFound("Resource not found")
    return resource
