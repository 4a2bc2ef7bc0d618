"""The quality-assured resource bank: resources, what they map to, their reviews and their use.

A resource's standards, audiences and topics are one row per fact (association tables) so the
bank's filters and the resource-gap report are plain joins and GROUP BYs. Each review keeps one
row per criterion rating, so the history of every decision stays readable. The vocabularies live
in hrsa.core.vocabulary; the CHECK constraints below hold the database to the same sets.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hrsa.core.vocabulary.resources import (
    Audience,
    Cost,
    Criterion,
    CriterionOutcome,
    ResourceType,
    ReviewState,
    Topic,
)
from hrsa.extensions import db
from hrsa.models.base import UTCDateTime, utcnow
from hrsa.models.user import User


def one_of(column: str, values: tuple[str, ...]) -> str:
    """The SQL of a CHECK that a column holds one of a vocabulary's values."""
    quoted = ", ".join(f"'{value}'" for value in values)
    return f"{column} IN ({quoted})"


class Resource(db.Model):  # type: ignore[name-defined]
    __tablename__ = "resource"
    __table_args__ = (
        CheckConstraint(one_of("resource_type", ResourceType.values()), name="type_known"),
        CheckConstraint(one_of("cost", Cost.values()), name="cost_known"),
        CheckConstraint(one_of("state", ReviewState.values()), name="state_known"),
        CheckConstraint("url IS NOT NULL OR storage_key IS NOT NULL", name="has_link_or_file"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    provider: Mapped[str] = mapped_column(String(200))
    resource_type: Mapped[str] = mapped_column(String(30))
    cost: Mapped[str] = mapped_column(String(10))
    url: Mapped[str | None] = mapped_column(String(2000))
    # An uploaded file, through the same upload pipeline and rules as evidence.
    storage_key: Mapped[str | None] = mapped_column(String(100))
    filename: Mapped[str | None] = mapped_column(String(200))
    content_type: Mapped[str | None] = mapped_column(String(150))
    size_bytes: Mapped[int | None] = mapped_column(BigInteger)
    review_by: Mapped[date] = mapped_column(Date, index=True)
    state: Mapped[str] = mapped_column(String(20), index=True, default=ReviewState.PROPOSED.value)
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When it last entered the queue (proposed, resubmitted or lapsed): the queue's waiting days.
    waiting_since: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Optimistic locking: a review or edit names the version it started from.
    version: Mapped[int] = mapped_column(Integer, default=1)

    proposed_by: Mapped[User | None] = relationship()
    standards: Mapped[list[ResourceStandard]] = relationship(
        cascade="all, delete-orphan", order_by="ResourceStandard.standard_code"
    )
    audiences: Mapped[list[ResourceAudience]] = relationship(cascade="all, delete-orphan")
    topics: Mapped[list[ResourceTopic]] = relationship(cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}


class ResourceStandard(db.Model):  # type: ignore[name-defined]
    """One standard of the framework a resource helps a school meet."""

    __tablename__ = "resource_standard"

    resource_id: Mapped[int] = mapped_column(
        ForeignKey("resource.id", ondelete="CASCADE"), primary_key=True
    )
    standard_code: Mapped[str] = mapped_column(String(10), primary_key=True, index=True)


class ResourceAudience(db.Model):  # type: ignore[name-defined]
    __tablename__ = "resource_audience"
    __table_args__ = (CheckConstraint(one_of("audience", Audience.values()), name="known"),)

    resource_id: Mapped[int] = mapped_column(
        ForeignKey("resource.id", ondelete="CASCADE"), primary_key=True
    )
    audience: Mapped[str] = mapped_column(String(20), primary_key=True, index=True)


class ResourceTopic(db.Model):  # type: ignore[name-defined]
    __tablename__ = "resource_topic"
    __table_args__ = (CheckConstraint(one_of("topic", Topic.values()), name="known"),)

    resource_id: Mapped[int] = mapped_column(
        ForeignKey("resource.id", ondelete="CASCADE"), primary_key=True
    )
    topic: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)


class ResourceReview(db.Model):  # type: ignore[name-defined]
    """One decision of the advisory group on a resource, with its criterion ratings."""

    __tablename__ = "resource_review"
    __table_args__ = (
        CheckConstraint(
            one_of("decision", tuple(state.value for state in ReviewState.decisions())),
            name="decision_known",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    resource_id: Mapped[int] = mapped_column(
        ForeignKey("resource.id", ondelete="CASCADE"), index=True
    )
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decision: Mapped[str] = mapped_column(String(20))
    # Why changes are requested or the resource was rejected; a note on an approval.
    reason: Mapped[str] = mapped_column(Text, default="")
    review_by: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    reviewer: Mapped[User | None] = relationship()
    criteria: Mapped[list[ResourceCriterionRating]] = relationship(
        cascade="all, delete-orphan", order_by="ResourceCriterionRating.position"
    )


class ResourceCriterionRating(db.Model):  # type: ignore[name-defined]
    __tablename__ = "resource_criterion_rating"
    __table_args__ = (
        CheckConstraint(one_of("criterion", Criterion.values()), name="criterion_known"),
        CheckConstraint(one_of("outcome", CriterionOutcome.values()), name="outcome_known"),
    )

    review_id: Mapped[int] = mapped_column(
        ForeignKey("resource_review.id", ondelete="CASCADE"), primary_key=True
    )
    criterion: Mapped[str] = mapped_column(String(40), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    outcome: Mapped[str] = mapped_column(String(20), index=True)
    comment: Mapped[str] = mapped_column(Text, default="")


class ResourceUse(db.Model):  # type: ignore[name-defined]
    """A school has used a resource (marked once per school)."""

    __tablename__ = "resource_use"
    __table_args__ = (UniqueConstraint("resource_id", "school_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    resource_id: Mapped[int] = mapped_column(
        ForeignKey("resource.id", ondelete="CASCADE"), index=True
    )
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id"), index=True)
    marked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
