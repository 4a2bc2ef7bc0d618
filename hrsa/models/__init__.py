"""hrsa's database models: one module per aggregate, all imported here for Alembic."""

from hrsa.models.assessment import Assessment, Cycle, PlanAction, Rating
from hrsa.models.audit import AuditEvent
from hrsa.models.authority import Authority, Ward
from hrsa.models.evidence import EvidenceItem
from hrsa.models.framework import FrameworkVersion
from hrsa.models.mail import OutboxMessage
from hrsa.models.moderation import Moderation
from hrsa.models.rating_count import RatingCount
from hrsa.models.reminder import ReminderSent
from hrsa.models.reopening import RequestedChange
from hrsa.models.resource import (
    Resource,
    ResourceAudience,
    ResourceCriterionRating,
    ResourceReview,
    ResourceStandard,
    ResourceTopic,
    ResourceUse,
)
from hrsa.models.school import School
from hrsa.models.school_import import SchoolImport
from hrsa.models.user import AuthToken, User

__all__ = [
    "Assessment",
    "AuditEvent",
    "Authority",
    "AuthToken",
    "Cycle",
    "EvidenceItem",
    "FrameworkVersion",
    "Moderation",
    "OutboxMessage",
    "PlanAction",
    "Rating",
    "RatingCount",
    "ReminderSent",
    "RequestedChange",
    "Resource",
    "ResourceAudience",
    "ResourceCriterionRating",
    "ResourceReview",
    "ResourceStandard",
    "ResourceTopic",
    "ResourceUse",
    "School",
    "SchoolImport",
    "User",
    "Ward",
]
