"""Who may see and change what. Every lookup of a school's object goes through here, so a
person from another school gets NotFound (a 404), exactly as if the object did not exist."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from hrsa.models import Assessment, EvidenceItem, PlanAction, Rating, Role, School, User


def can_see_school(user: User, school_id: int) -> bool:
    """City roles see every school; school staff see only their own."""
    return user.sees_city or (user.is_school_user and user.school_id == school_id)


def school_for(session: Session, user: User, school_id: int) -> School:
    from hrsa.services import NotFound

    school = session.get(School, school_id)
    if school is None or not can_see_school(user, school.id):
        raise NotFound("School not found")
    return school


def assessment_for(session: Session, user: User, assessment_id: int) -> Assessment:
    """The assessment if this person may see it, with its school, cycle and framework loaded."""
    from hrsa.services import NotFound

    assessment = session.scalar(
        select(Assessment)
        .where(Assessment.id == assessment_id)
        .options(
            joinedload(Assessment.school),
            joinedload(Assessment.cycle),
            joinedload(Assessment.framework_version),
        )
    )
    if assessment is None or not can_see_school(user, assessment.school_id):
        raise NotFound("Assessment not found")
    return assessment


def evidence_for(session: Session, user: User, evidence_id: int) -> EvidenceItem:
    from hrsa.services import NotFound

    item = session.get(EvidenceItem, evidence_id)
    if item is None or not can_see_school(user, item.school_id):
        raise NotFound("Evidence not found")
    return item


def action_for(session: Session, user: User, action_id: int) -> PlanAction:
    from hrsa.services import NotFound

    action = session.scalar(
        select(PlanAction)
        .where(PlanAction.id == action_id)
        .options(joinedload(PlanAction.rating).joinedload(Rating.assessment))
    )
    if action is None or not can_see_school(user, action.rating.assessment.school_id):
        raise NotFound("Action not found")
    return action


def can_edit(user: User, assessment: Assessment) -> bool:
    """Staff of the school change ratings, evidence and plans until the assessment is submitted."""
    return (
        user.is_school_user
        and user.school_id == assessment.school_id
        and not assessment.is_submitted
    )


def can_edit_plan(user: User, assessment: Assessment) -> bool:
    """The delivery plan stays live after submission: the school keeps updating its actions."""
    return user.is_school_user and user.school_id == assessment.school_id


def can_submit(user: User, assessment: Assessment) -> bool:
    """Only the school's lead submits."""
    return user.has_role(Role.SCHOOL_LEAD) and user.school_id == assessment.school_id


def can_reopen(user: User) -> bool:
    """Advisory group members and admins can reopen a submitted assessment."""
    return user.has_role(Role.ADVISORY, Role.ADMIN)


def can_edit_profile(user: User, school: School) -> bool:
    """The school's lead and admins edit the school profile."""
    return user.has_role(Role.ADMIN) or (
        user.has_role(Role.SCHOOL_LEAD) and user.school_id == school.id
    )
