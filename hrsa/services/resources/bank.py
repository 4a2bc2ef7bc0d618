"""The bank as schools search it: approved, in-date resources by words and filters, as cards.

Split from hrsa.services.resources.proposals (proposing and who sees what). Every list here runs a
fixed number of queries whatever the size of the bank: a count, one page, its associations loaded
with selectinload, and one grouped count of the schools using them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, exists, func, or_, select
from sqlalchemy.orm import Session, selectinload

from hrsa.core.pagination import window
from hrsa.core.vocabulary.resources import Audience, Cost, ResourceType, ReviewState, Topic
from hrsa.models import (
    Resource,
    ResourceAudience,
    ResourceStandard,
    ResourceTopic,
    ResourceUse,
    User,
)
from hrsa.services.resources.proposals import visible_to_schools

PAGE_SIZE = 20
# What a card shows besides the resource row: loaded in one query each, never in a loop.
WITH_FACTS = (
    selectinload(Resource.standards),
    selectinload(Resource.audiences),
    selectinload(Resource.topics),
)


@dataclass(frozen=True)
class BankFilters:
    """A search of the bank: words plus any of the filters (empty means any)."""

    words: str = ""
    principle: int | None = None
    standard: str = ""
    audience: str = ""
    topic: str = ""
    resource_type: str = ""
    cost: str = ""
    page: int = 1

    @property
    def active(self) -> bool:
        return any((self.words, self.principle, self.standard, self.audience, self.topic)) or any(
            (self.resource_type, self.cost)
        )


@dataclass(frozen=True)
class ResourceCard:
    """One resource as a list shows it."""

    id: int
    title: str
    summary: str
    provider: str
    type_label: str
    cost_label: str
    state: ReviewState
    standards: tuple[str, ...]
    audience_labels: tuple[str, ...]
    topic_labels: tuple[str, ...]
    schools_used: int
    review_by: date


@dataclass(frozen=True)
class BankPage:
    cards: tuple[ResourceCard, ...]
    total: int
    page: int
    pages: int


def _matches(filters: BankFilters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    for word in filters.words.split()[:10]:
        pattern = f"%{word.lower()}%"
        conditions.append(
            or_(
                func.lower(Resource.title).like(pattern),
                func.lower(Resource.summary).like(pattern),
                func.lower(Resource.provider).like(pattern),
            )
        )
    standard = ResourceStandard.resource_id == Resource.id
    if filters.standard:
        conditions.append(
            exists().where(standard, ResourceStandard.standard_code == filters.standard)
        )
    if filters.principle is not None:
        prefix = f"{filters.principle}.%"
        conditions.append(exists().where(standard, ResourceStandard.standard_code.like(prefix)))
    if filters.audience:
        conditions.append(
            exists().where(
                ResourceAudience.resource_id == Resource.id,
                ResourceAudience.audience == filters.audience,
            )
        )
    if filters.topic:
        conditions.append(
            exists().where(
                ResourceTopic.resource_id == Resource.id, ResourceTopic.topic == filters.topic
            )
        )
    if filters.resource_type:
        conditions.append(Resource.resource_type == filters.resource_type)
    if filters.cost:
        conditions.append(Resource.cost == filters.cost)
    return conditions


def search_bank(session: Session, filters: BankFilters, *, today: date) -> BankPage:
    """One page of approved, in-date resources matching the search (a fixed number of queries)."""
    conditions = [visible_to_schools(today), *_matches(filters)]
    total = int(session.scalar(select(func.count(Resource.id)).where(*conditions)) or 0)
    shown = window(filters.page, total, PAGE_SIZE)
    resources = session.scalars(
        select(Resource)
        .where(*conditions)
        .order_by(func.lower(Resource.title), Resource.id)
        .limit(shown.limit)
        .offset(shown.offset)
        .options(*WITH_FACTS)
    ).all()
    used = schools_used(session, [resource.id for resource in resources])
    return BankPage(
        cards=tuple(card(resource, used.get(resource.id, 0)) for resource in resources),
        total=total,
        page=shown.number,
        pages=shown.pages,
    )


def card(resource: Resource, used: int) -> ResourceCard:
    """A loaded resource (standards, audiences and topics loaded) as a list card."""
    return ResourceCard(
        id=resource.id,
        title=resource.title,
        summary=resource.summary,
        provider=resource.provider,
        type_label=ResourceType(resource.resource_type).label,
        cost_label=Cost(resource.cost).label,
        state=ReviewState(resource.state),
        standards=tuple(row.standard_code for row in resource.standards),
        audience_labels=tuple(
            Audience(value).label for value in Audience.values() if value in _audiences(resource)
        ),
        topic_labels=tuple(
            Topic(value).label for value in Topic.values() if value in _topics(resource)
        ),
        schools_used=used,
        review_by=resource.review_by,
    )


def _audiences(resource: Resource) -> set[str]:
    return {row.audience for row in resource.audiences}


def _topics(resource: Resource) -> set[str]:
    return {row.topic for row in resource.topics}


def schools_used(session: Session, resource_ids: Sequence[int]) -> dict[int, int]:
    """How many schools have used each resource (one grouped query)."""
    if not resource_ids:
        return {}
    rows = session.execute(
        select(ResourceUse.resource_id, func.count(ResourceUse.school_id))
        .where(ResourceUse.resource_id.in_(resource_ids))
        .group_by(ResourceUse.resource_id)
    )
    return {resource_id: int(count) for resource_id, count in rows}


def proposals_by(session: Session, user: User) -> list[ResourceCard]:
    """Everything this person has proposed, newest first, in whatever state."""
    resources = session.scalars(
        select(Resource)
        .where(Resource.proposed_by_id == user.id)
        .order_by(Resource.created_at.desc(), Resource.id.desc())
        .options(*WITH_FACTS)
    ).all()
    used = schools_used(session, [resource.id for resource in resources])
    return [card(resource, used.get(resource.id, 0)) for resource in resources]
