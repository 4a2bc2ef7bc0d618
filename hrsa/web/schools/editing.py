"""The school-profile edit flow, shared by a school lead's profile page and an administrator's
school page: the form filled from the school, then saving from the version shown.

Each page keeps its own words (title, banner, where to go once saved); what happens on a post is
the same on both: a field's error is shown beside it, and when someone else saved the school
meanwhile nothing is saved and the form keeps what was typed, now from the newer version.
"""

from __future__ import annotations

from typing import TypeVar

from flask import flash
from flask_login import current_user

from hrsa.core.errors import Conflict
from hrsa.extensions import db
from hrsa.models import School
from hrsa.services.schools import profile
from hrsa.web.errors import refused
from hrsa.web.lookups import school_or_404
from hrsa.web.schools.forms import ProfileForm

FormT = TypeVar("FormT", bound=ProfileForm)


def profile_form(form_class: type[FormT], school: School) -> FormT:
    """The edit form (ProfileForm or a larger one), filled from the school or the post."""
    return form_class(
        obj=school, urn_problem=lambda urn: profile.urn_problem(db.session, urn, school.id)
    )


def save_posted_profile(
    school: School,
    form: ProfileForm,
    *,
    saved_meanwhile: str | None = None,
    allowed: tuple[str, ...] = profile.PROFILE_FIELDS,
) -> School | None:
    """Save a valid posted form: None once saved and committed. Otherwise the school to show
    the form again with: after a conflict, reloaded with the version saved meanwhile and a
    banner (`saved_meanwhile`, else the service's own words); after another refusal, the same
    school, with the error beside its field (the URN when it names none)."""
    school_id = school.id
    if not form.validate_on_submit():
        return school
    with refused() as refusal:
        profile.update_profile(
            db.session,
            school,
            form.values(),
            user_id=current_user.id,
            expected_version=form.version.number_or(0),
            allowed=allowed,
        )
        db.session.commit()
        return None
    if isinstance(refusal.error, Conflict):
        school = school_or_404(school_id)
        form.version.data = str(school.version)
        flash(saved_meanwhile or str(refusal))
    elif refusal.error is not None:
        form.show_error(refusal.error, default="urn")
    return school
