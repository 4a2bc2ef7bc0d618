"""Who may see and change what. Every lookup of a school's object goes through here, so a
person from another school gets NotFound (a 404), exactly as if the object did not exist."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, object_session

from hrsa.core.formatting import format_date
from hrsa.core.vocabulary.people import Role
from hrsa.models import Assessment, Cycle, EvidenceItem, PlanAction, Rating, School, User
from hrsa.services.cycles import lookup

T = TypeVar("T")


def can_see_school(user: User, school_id: int) -> bool:
    """City roles see every school; school staff see only their own."""
    return user.sees_city or (user.is_school_user and user.school_id == school_id)


def _visible(user: User, row: T | None, school_id: Callable[[T], int], what: str) -> T:
    """The row if it exists and this person may see its school; else NotFound."""
    from hrsa.core.errors import NotFound

    if row is None or not can_see_school(user, school_id(row)):
        raise NotFound(f"{what} not found")
    return row


def school_for(session: Session, user: User, school_id: int) -> School:
    """The school if this person may see it."""
    return _visible(user, session.get(School, school_id), lambda s: s.id, "School")


def cycle_for(session: Session, user: User, cycle_id: int) -> Cycle:
    """The cycle, if it exists: a cycle is the whole city's, so everyone signed in may see it
    (what they may do with it is the view's role check)."""
    from hrsa.core.errors import NotFound

    cycle = session.get(Cycle, cycle_id)
    if cycle is None:
        raise NotFound("There is no such cycle.")
    return cycle


def account_for(session: Session, user: User, account_id: int) -> User:
    """A person's account: administrators see every one, anyone else only their own."""
    from hrsa.core.errors import NotFound

    account = session.get(User, account_id)
    if account is None or not (user.has_role(Role.ADMIN) or account.id == user.id):
        raise NotFound("Account not found")
    return account


def assessment_for(session: Session, user: User, assessment_id: int) -> Assessment:
    """The assessment if this person may see it, with its school, cycle and framework loaded."""
    assessment = session.scalar(
        select(Assessment)
        .where(Assessment.id == assessment_id)
        .options(
            joinedload(Assessment.school),
            joinedload(Assessment.cycle),
            joinedload(Assessment.framework_version),
        )
    )
    return _visible(user, assessment, lambda a: a.school_id, "Assessment")


def evidence_for(session: Session, user: User, evidence_id: int) -> EvidenceItem:
    """The evidence item if this person may see its school."""
    item = session.get(EvidenceItem, evidence_id)
    return _visible(user, item, lambda i: i.school_id, "Evidence")


def action_for(session: Session, user: User, action_id: int) -> PlanAction:
    """The plan action if this person may see its school, with its rating and assessment."""
    action = session.scalar(
        select(PlanAction)
        .where(PlanAction.id == action_id)
        .options(joinedload(PlanAction.rating).joinedload(Rating.assessment))
    )
    return _visible(user, action, lambda a: a.rating.assessment.school_id, "Action")


def in_earlier_cycle(assessment: Assessment) -> bool:
    """The assessment belongs to a cycle that is over (a later one has opened): read-only."""
    session = object_session(assessment)
    return session is not None and lookup.is_over(session, assessment.cycle)


def can_edit(user: User, assessment: Assessment) -> bool:
    """Staff of the school change ratings, evidence and plans until the assessment is submitted
    or its cycle is closed or over."""
    return (
        user.is_school_user
        and user.school_id == assessment.school_id
        and not assessment.is_submitted
        and not assessment.cycle.is_closed
        and not in_earlier_cycle(assessment)
    )


def edit_refusal(user: User, assessment: Assessment) -> str | None:
    """Why the school's own person can no longer change the assessment, in words that name what
    happened (the cycle closed, the assessment submitted meanwhile); None when they can, or when
    they never could (not their school, not a school role: that is a plain 403)."""
    if not user.is_school_user or user.school_id != assessment.school_id:
        return None
    cycle = assessment.cycle
    if cycle.is_closed:
        return (
            f"The {cycle.name} cycle was closed by an administrator on "
            f"{format_date(cycle.closed_at)}, so your changes were not saved. Copy anything you "
            "need from this page: the assessment can no longer be changed."
        )
    if assessment.is_submitted:
        return (
            "This assessment was submitted while you were editing, so your changes were not "
            "saved. Copy anything you need from this page, and ask the advisory group to reopen "
            "it if something must change."
        )
    if in_earlier_cycle(assessment):
        return (
            "A newer cycle has started, so this assessment can no longer be changed and your "
            "changes were not saved. Copy anything you need from this page."
        )
    return None


def can_edit_plan(user: User, assessment: Assessment) -> bool:
    """The delivery plan stays live after submission: the school keeps updating its actions
    until the cycle is closed or over (its open actions carry forward into the next one)."""
    return (
        user.is_school_user
        and user.school_id == assessment.school_id
        and not assessment.cycle.is_closed
        and not in_earlier_cycle(assessment)
    )


def can_submit(user: User, assessment: Assessment) -> bool:
    """Only the school's lead submits, and only while the cycle is not closed."""
    return (
        user.has_role(Role.SCHOOL_LEAD)
        and user.school_id == assessment.school_id
        and not assessment.cycle.is_closed
    )


def can_submit_from_pages(user: User, assessment: Assessment) -> bool:
    """What the pages offer: `can_submit`, and the cycle is not over (a later one has opened).
    The service's own check is `can_submit` alone, so the demo and the test factories can still
    submit last cycle's assessment after the current one exists."""
    return can_submit(user, assessment) and not in_earlier_cycle(assessment)


def can_reopen(user: User) -> bool:
    """Advisory group members and admins can reopen a submitted assessment."""
    return user.has_role(Role.ADVISORY, Role.ADMIN)


def can_edit_profile(user: User, school: School) -> bool:
    """The school's lead and admins edit the school profile."""
    return user.has_role(Role.ADMIN) or (
        user.has_role(Role.SCHOOL_LEAD) and user.school_id == school.id
    )
