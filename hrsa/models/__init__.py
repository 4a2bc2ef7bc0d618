"""hrsa's database models: one module per aggregate, all imported here for Alembic."""

from hrsa.models.assessment import Assessment, Cycle, PlanAction, Rating
from hrsa.models.audit import AuditEvent
from hrsa.models.authority import Authority, Ward
from hrsa.models.dialogue import ModerationReply, ModerationSample, ReopenRequest
from hrsa.models.evidence import EvidenceItem
from hrsa.models.framework import FrameworkVersion
from hrsa.models.job import Job
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
from hrsa.models.survey import Survey, SurveyAnswer, SurveyResponse
from hrsa.models.user import AuthToken, User

__all__ = [
    "Assessment",
    "AuditEvent",
    "Authority",
    "AuthToken",
    "Cycle",
    "EvidenceItem",
    "FrameworkVersion",
    "Job",
    "Moderation",
    "ModerationReply",
    "ModerationSample",
    "OutboxMessage",
    "PlanAction",
    "Rating",
    "RatingCount",
    "ReminderSent",
    "ReopenRequest",
    "RequestedChange",
    "Resource",
    "ResourceAudience",
    "ResourceCriterionRating",
    "ResourceReview",
    "ResourceStandard",
    "ResourceTopic",
    "ResourceUse",
    "School",
    "Survey",
    "SurveyAnswer",
    "SurveyResponse",
    "SchoolImport",
    "User",
    "Ward",
]
