"""The signed-in person's objects for views: the object, or a 404 page.

hrsa.services.access decides who may see what and raises NotFound, which the shared handler
(hrsa.web.errors) turns into the 404 page: a person from another school sees "Page not found",
exactly as if the object did not exist. Every view finds objects by id through here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user

from hrsa.extensions import db
from hrsa.models import Assessment, Cycle, EvidenceItem, PlanAction, School, User
from hrsa.services import access

T = TypeVar("T")


def _or_404(find: Callable[[Any, User, int], T], object_id: int) -> T:
    """What the access rule `find` gives the signed-in person (its NotFound is the 404 page)."""
    return find(db.session, current_user, object_id)


def assessment_or_404(assessment_id: int) -> Assessment:
    """The assessment, with its school, cycle and framework loaded, if this person may see it."""
    return _or_404(access.assessment_for, assessment_id)


def school_or_404(school_id: int) -> School:
    """The school, if this person may see it."""
    return _or_404(access.school_for, school_id)


def evidence_or_404(evidence_id: int) -> EvidenceItem:
    """The evidence item (deleted or not), if this person may see its school."""
    return _or_404(access.evidence_for, evidence_id)


def action_or_404(action_id: int) -> PlanAction:
    """The plan action, with its rating and assessment loaded, if this person may see it."""
    return _or_404(access.action_for, action_id)


def cycle_or_404(cycle_id: int) -> Cycle:
    """The cycle, if there is one."""
    return _or_404(access.cycle_for, cycle_id)


def account_or_404(user_id: int) -> User:
    """A person's account, if the signed-in person may see it (administrators see all)."""
    return _or_404(access.account_for, user_id)


def editable_assessment(assessment_id: int) -> Assessment:
    """The assessment whose plan the signed-in person may change (404 / 403 otherwise)."""
    assessment = assessment_or_404(assessment_id)
    if not access.can_edit_plan(current_user, assessment):
        abort(403)
    return assessment
