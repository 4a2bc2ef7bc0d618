"""The resource bank inside a school's self-assessment: recommended resources on each standard,
"we used this", and attaching a resource as evidence on a standard in one step.

Recommendation 3 wants the bank "utilised by schools to provide effective delivery and evidence
against self-assessment": so each standard of a principle page lists the approved resources
mapped to it, the task list recommends resources for the school's Red and Amber standards, and
a resource becomes a link evidence item through hrsa.services.evidence.items like any other link.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hrsa.core.errors import NotFound, ServiceError
from hrsa.core.framework import Framework
from hrsa.core.vocabulary.base import Look
from hrsa.core.vocabulary.ratings import Rag, rag_look
from hrsa.core.vocabulary.resources import ResourceType
from hrsa.models import (
    Assessment,
    EvidenceItem,
    Rating,
    Resource,
    ResourceStandard,
    ResourceUse,
    User,
)
from hrsa.services import access
from hrsa.services.evidence import items
from hrsa.services.resources.bank import schools_used
from hrsa.services.resources.proposals import (
    audit_resource,
    visible_to_schools,
    visible_to_schools_now,
)

MAX_ON_TASK_LIST = 3


@dataclass(frozen=True)
class Recommendation:
    """An approved resource as a school's pages recommend it."""

    id: int
    title: str
    provider: str
    type_label: str
    schools_used: int
    used_by_school: bool


def recommendations(
    session: Session, *, school_id: int | None, codes: Sequence[str], today: date
) -> dict[str, list[Recommendation]]:
    """Approved, in-date resources mapped to each standard code, by title (three queries)."""
    found: dict[str, list[Recommendation]] = {code: [] for code in codes}
    if not codes:
        return found
    rows = session.execute(
        select(
            ResourceStandard.standard_code,
            Resource.id,
            Resource.title,
            Resource.provider,
            Resource.resource_type,
        )
        .join(Resource, Resource.id == ResourceStandard.resource_id)
        .where(ResourceStandard.standard_code.in_(codes), visible_to_schools(today))
        .order_by(Resource.title, Resource.id)
    ).all()
    ids = sorted({row.id for row in rows})
    counts = schools_used(session, ids)
    used_here: set[int] = set()
    if school_id is not None and ids:
        used_here = set(
            session.scalars(
                select(ResourceUse.resource_id).where(
                    ResourceUse.school_id == school_id, ResourceUse.resource_id.in_(ids)
                )
            )
        )
    for row in rows:
        found[row.standard_code].append(
            Recommendation(
                id=row.id,
                title=row.title,
                provider=row.provider,
                type_label=ResourceType(row.resource_type).label,
                schools_used=counts.get(row.id, 0),
                used_by_school=row.id in used_here,
            )
        )
    return found


@dataclass(frozen=True)
class GapRecommendations:
    """A Red or Amber standard of the school's assessment and the resources recommended for it."""

    code: str
    text: str
    rag: Look
    resources: tuple[Recommendation, ...]
    more: int


def for_gaps(
    session: Session, assessment: Assessment, framework: Framework, *, today: date
) -> list[GapRecommendations]:
    """The school's Red and Amber standards, in framework order, each with resources to try."""
    rags: dict[str, str] = {
        code: str(rag)
        for code, rag in session.execute(
            select(Rating.standard_code, Rating.rag).where(
                Rating.assessment_id == assessment.id, Rating.rag.in_(Rag.gaps())
            )
        )
    }
    codes = [code for code in framework.standard_codes if code in rags]
    found = recommendations(session, school_id=assessment.school_id, codes=codes, today=today)
    return [
        GapRecommendations(
            code=code,
            text=framework.standard(code).text,
            rag=rag_look(rags[code]),
            resources=tuple(found[code][:MAX_ON_TASK_LIST]),
            more=max(0, len(found[code]) - MAX_ON_TASK_LIST),
        )
        for code in codes
    ]


def _usable(user: User, resource: Resource, today: date) -> int:
    """The school of a school user who may use this approved resource, else ServiceError."""
    if not user.is_school_user or user.school_id is None:
        raise ServiceError("Only school staff can record that their school used a resource")
    if not visible_to_schools_now(resource, today):
        raise NotFound("Resource not found")
    return user.school_id


def mark_used(session: Session, resource: Resource, *, user: User, today: date) -> bool:
    """Record that the user's school used the resource; False if it already had."""
    school_id = _usable(user, resource, today)
    exists = session.scalar(
        select(ResourceUse.id).where(
            ResourceUse.resource_id == resource.id, ResourceUse.school_id == school_id
        )
    )
    if exists is not None:
        return False
    try:
        with session.begin_nested():
            session.add(
                ResourceUse(resource_id=resource.id, school_id=school_id, marked_by_id=user.id)
            )
    except IntegrityError:  # a colleague marked it at the same moment
        return False
    audit_resource(
        session,
        resource,
        user_id=user.id,
        action="use_resource",
        school_id=school_id,
        new=resource.title,
    )
    return True


def attach_as_evidence(
    session: Session,
    resource: Resource,
    *,
    user: User,
    assessment_id: int,
    code: str,
    page_url: str,
    today: date,
) -> EvidenceItem:
    """Add the resource as a link evidence item on one of its standards in the school's
    assessment, and count the school as using it. The link is the resource's own web address,
    or its page in the bank when it is an uploaded file."""
    _usable(user, resource, today)
    assessment = access.assessment_for(session, user, assessment_id)
    if not access.can_edit(user, assessment):
        raise ServiceError("This assessment has been submitted: evidence cannot be added")
    if code not in {row.standard_code for row in resource.standards}:
        raise ServiceError("Choose a standard this resource helps meet")
    rating = session.scalar(
        select(Rating).where(Rating.assessment_id == assessment.id, Rating.standard_code == code)
    )
    if rating is None:
        raise NotFound("Standard not found")
    item = items.add_link(
        session,
        rating=rating,
        url=resource.url or page_url,
        title=f"{resource.title} ({resource.provider}), from the resource bank",
        user_id=user.id,
    )
    mark_used(session, resource, user=user, today=today)
    return item
