"""Views for the school profile (the Self-Assessment Tool's header) and the city's school list."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from hrsa.assessment import bp
from hrsa.assessment.forms import ProfileForm
from hrsa.extensions import db
from hrsa.models import School
from hrsa.models.school import PHASES
from hrsa.security import CITY_ROLES, form_checks_csrf, role_required
from hrsa.services import NotFound, ServiceError, access, cycles, schools, submission
from hrsa.services.submission import IN_PROGRESS, NOT_STARTED, SUBMITTED

PROFILE_ROWS = (
    ("name", "School name"),
    ("urn", "URN"),
    ("phase", "Phase"),
    ("ward", "Ward"),
    ("neighbourhood", "Neighbourhood"),
    ("address", "Address"),
    ("telephone", "Telephone"),
    ("website", "Website"),
    ("last_ofsted_on", "Date of last Ofsted inspection"),
    ("number_on_roll", "Number on roll"),
    ("headteacher", "Headteacher"),
    ("nominated_lead", "Nominated lead"),
)
STATUS_TAG_CLASSES = {
    NOT_STARTED: "govuk-tag--grey",
    IN_PROGRESS: "govuk-tag--light-blue",
    SUBMITTED: "govuk-tag--green",
}


def _school_or_404(school_id: int) -> School:
    try:
        return access.school_for(db.session, current_user, school_id)
    except NotFound:
        abort(404)


def _profile_href(school: School) -> str:
    """Where a person sees this school's profile: their own page for school users."""
    if current_user.is_school_user:
        return url_for("assessment.profile")
    return url_for("assessment.school_profile", school_id=school.id)


def _render_profile(school: School) -> str:
    edit_href = url_for("assessment.edit_profile", school_id=school.id)
    change_links: dict[str, Any] = {}
    if access.can_edit_profile(current_user, school):
        change_links = {
            field: {
                "items": [
                    {
                        "href": f"{edit_href}#{field}",
                        "text": "Change",
                        "visuallyHiddenText": label
                        if label[:2].isupper()
                        else label[0].lower() + label[1:],
                    }
                ]
            }
            for field, label in PROFILE_ROWS
        }
    return render_template(
        "assessment/profile.html",
        title=f"{school.name}: school profile",
        school=school,
        change_links=change_links,
        edit_href=edit_href if change_links else None,
        completed_at=submission.last_submitted_at(db.session, school.id),
    )


@bp.route("/profile")
@login_required
def profile() -> str | Response:
    """The signed-in school user's own school profile."""
    if not current_user.is_school_user:
        return redirect(url_for("assessment.school_list"))
    return _render_profile(_school_or_404(current_user.school_id))


@bp.route("/schools/<int:school_id>")
@login_required
def school_profile(school_id: int) -> str:
    return _render_profile(_school_or_404(school_id))


@bp.route("/schools/<int:school_id>/profile", methods=["GET", "POST"])
@form_checks_csrf
@login_required
def edit_profile(school_id: int) -> str | Response:
    school = _school_or_404(school_id)
    if not access.can_edit_profile(current_user, school):
        abort(403)
    form = ProfileForm(obj=school, school_id=school.id)
    if form.validate_on_submit():
        try:
            schools.update_profile(db.session, school, form.values(), user_id=current_user.id)
        except StaleDataError:
            db.session.rollback()
            flash(
                "Someone else saved this profile while you were changing it, so nothing was "
                "saved. Check your answers against the current profile and save again."
            )
        except ServiceError as error:
            db.session.rollback()
            field = form.urn if "URN" in str(error) else form.last_ofsted_on
            field.errors = [*field.errors, str(error)]
        else:
            db.session.commit()
            flash("The school profile has been saved.", "success")
            return redirect(_profile_href(school))
    return render_template(
        "assessment/profile_edit.html",
        title=f"Change the profile of {school.name}",
        form=form,
        school=school,
        back_href=_profile_href(school),
    )


# --- the city's list of schools ---------------------------------------------------------------


def _list_url(page: int, phase: str | None, ward: str | None) -> str:
    args: dict[str, Any] = {"page": page}
    if phase:
        args["phase"] = phase
    if ward:
        args["ward"] = ward
    return url_for("assessment.school_list", **args)


def _pagination(page: submission.SchoolStatusPage, phase: str | None, ward: str | None) -> Any:
    """govukPagination's parameters (keeping the filters), or None on a single page."""
    if page.pages <= 1:
        return None
    wanted = sorted({1, page.pages, page.number - 1, page.number, page.number + 1})
    items: list[dict[str, Any]] = []
    previous = 0
    for number in wanted:
        if not 1 <= number <= page.pages:
            continue
        if previous and number - previous > 1:
            items.append({"ellipsis": True})
        items.append(
            {
                "number": number,
                "href": _list_url(number, phase, ward),
                "current": number == page.number,
            }
        )
        previous = number
    params: dict[str, Any] = {"items": items}
    if page.number > 1:
        params["previous"] = {"href": _list_url(page.number - 1, phase, ward)}
    if page.number < page.pages:
        params["next"] = {"href": _list_url(page.number + 1, phase, ward)}
    return params


def _school_row(row: submission.SchoolStatus) -> dict[str, Any]:
    detail = None
    if row.status == IN_PROGRESS:
        detail = f"{row.rated} of {row.total} rated"
    return {
        "name": row.name,
        "urn": row.urn,
        "profile_href": url_for("assessment.school_profile", school_id=row.school_id),
        "phase": PHASES.get(row.phase, row.phase),
        "ward": row.ward,
        "status_tag": {"text": row.status, "classes": STATUS_TAG_CLASSES[row.status]},
        "detail": detail,
        "submitted_at": row.submitted_at if row.status == SUBMITTED else None,
        "assessment_href": url_for("assessment.task_list", assessment_id=row.assessment_id)
        if row.assessment_id
        else None,
    }


@bp.route("/schools")
@role_required(*CITY_ROLES)
def school_list() -> str:
    """Every school with its status in the current cycle, 50 a page, by phase and ward."""
    phase = request.args.get("phase") or None
    if phase not in PHASES:
        phase = None
    ward = (request.args.get("ward") or "").strip() or None
    cycle = cycles.current_cycle(db.session)
    page = submission.school_statuses(
        db.session, cycle, page=request.args.get("page", 1, type=int) or 1, phase=phase, ward=ward
    )
    wards = submission.wards_in_use(db.session)
    return render_template(
        "assessment/schools.html",
        title="Schools",
        cycle=cycle,
        page=page,
        rows=[_school_row(row) for row in page.items],
        pagination=_pagination(page, phase, ward),
        filtered=bool(phase or ward),
        phase_items=[{"value": "", "text": "All phases"}]
        + [{"value": v, "text": t, "selected": v == phase} for v, t in PHASES.items()],
        ward_items=[{"value": "", "text": "All wards"}]
        + [{"value": w, "text": w, "selected": w == ward} for w in wards],
    )
