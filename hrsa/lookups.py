"""The signed-in person's objects for views: the object, or a 404 page.

hrsa.services.access decides who may see what and raises NotFound; these wrap it for views, so a
person from another school sees "Page not found", exactly as if the object did not exist.
"""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from hrsa.extensions import db
from hrsa.models import Assessment, EvidenceItem, PlanAction, School
from hrsa.services import NotFound, access


def assessment_or_404(assessment_id: int) -> Assessment:
    """The assessment, with its school, cycle and framework loaded, if this person may see it."""
    try:
        return access.assessment_for(db.session, current_user, assessment_id)
    except NotFound:
        abort(404)


def school_or_404(school_id: int) -> School:
    """The school, if this person may see it."""
    try:
        return access.school_for(db.session, current_user, school_id)
    except NotFound:
        abort(404)


def evidence_or_404(evidence_id: int) -> EvidenceItem:
    """The evidence item (deleted or not), if this person may see its school."""
    try:
        return access.evidence_for(db.session, current_user, evidence_id)
    except NotFound:
        abort(404)


def action_or_404(action_id: int) -> PlanAction:
    """The plan action, with its rating and assessment loaded, if this person may see it."""
    try:
        return access.action_for(db.session, current_user, action_id)
    except NotFound:
        abort(404)
