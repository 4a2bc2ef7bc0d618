"""Views for the city's list of schools and a school's profile."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from hrsa.core.errors import NotFound
from hrsa.core.pagination import Page
from hrsa.core.vocabulary.assessment import AssessmentStatus
from hrsa.core.vocabulary.schools import PHASES
from hrsa.extensions import db
from hrsa.models import Cycle, School
from hrsa.services import access
from hrsa.services.assessment import history, submission
from hrsa.services.cycles import lookup
from hrsa.services.schools import profile
from hrsa.web.lookups import school_or_404
from hrsa.web.navigation import pagination, requested_page, requested_search, return_path
from hrsa.web.schools import bp
from hrsa.web.schools.editing import profile_form, save_posted_profile
from hrsa.web.schools.forms import ProfileForm, SchoolLeadProfileForm
from hrsa.web.security import CITY_ROLES, form_checks_csrf, role_required

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
SAVED_MEANWHILE = (
    "Someone else saved this profile while you were changing it, so nothing was saved. Your "
    "answers are below: check them against the current profile and save again."
)


def _profile_href(school: School) -> str:
    """Where a person sees this school's profile: their own page for school users."""
    if current_user.is_school_user:
        return url_for("schools.own_profile")
    return url_for("schools.show_profile", school_id=school.id)


def _change_links(school: School) -> dict[str, Any]:
    """A "Change" link for every row, to the field on the edit page (none if not allowed)."""
    if not access.can_edit_profile(current_user, school):
        return {}
    editable = (
        profile.school_editable_fields(school)
        if current_user.is_school_user
        else profile.PROFILE_FIELDS
    )
    edit_href = url_for("schools.edit_profile", school_id=school.id)
    return {
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
        if field in editable
    }


def _render_profile(school: School) -> str:
    change_links = _change_links(school)
    return render_template(
        "schools/profile.html",
        title=f"{school.name}: school profile",
        school=school,
        change_links=change_links,
        edit_href=url_for("schools.edit_profile", school_id=school.id) if change_links else None,
        completed_at=submission.last_submitted_at(db.session, school.id),
        assessments=history.for_school(db.session, school.id),
    )


@bp.route("/profile")
@login_required
def own_profile() -> str | Response:
    """The signed-in school user's own school profile."""
    if not current_user.is_school_user:
        return redirect(url_for("schools.list_schools"))
    return _render_profile(school_or_404(current_user.school_id))


@bp.route("/schools/<int:school_id>")
@login_required
def show_profile(school_id: int) -> str:
    return _render_profile(school_or_404(school_id))


@bp.route("/schools/<int:school_id>/profile", methods=["GET", "POST"])
@form_checks_csrf
@login_required
def edit_profile(school_id: int) -> str | Response:
    school = school_or_404(school_id)
    if not access.can_edit_profile(current_user, school):
        abort(403)
    # A school's own lead changes what the school gives; what places the school in the city's
    # figures (name, URN, phase, ward) is the administrator's.
    own = current_user.is_school_user
    form = profile_form(SchoolLeadProfileForm if own else ProfileForm, school)
    allowed = profile.school_editable_fields(school) if own else profile.PROFILE_FIELDS
    back = return_path()  # e.g. "Check your answers", whose Change link brought them here
    shown = save_posted_profile(school, form, saved_meanwhile=SAVED_MEANWHILE, allowed=allowed)
    if shown is None:
        flash("The school profile has been saved.", "success")
        return redirect(back or _profile_href(school))
    school = shown
    return render_template(
        "schools/profile_edit.html",
        title=f"Change the profile of {school.name}",
        form=form,
        school=school,
        back_href=back or _profile_href(school),
    )


# --- the city's list of schools ---------------------------------------------------------------


def _list_url(page: int, **filters: Any) -> str:
    """The list's address for page `page`, keeping the filters that are set."""
    return url_for("schools.list_schools", page=page, **{k: v for k, v in filters.items() if v})


def _school_row(row: profile.SchoolStatus) -> dict[str, Any]:
    in_progress = row.status == AssessmentStatus.IN_PROGRESS
    return {
        "name": row.name,
        "urn": row.urn,
        "profile_href": url_for("schools.show_profile", school_id=row.school_id),
        "phase": PHASES.get(row.phase, row.phase),
        "ward": row.ward,
        "status_tag": {"text": row.status.label, "classes": row.status.look.tag_class},
        "detail": f"{row.rated} of {row.total} rated" if in_progress else None,
        "submitted_at": row.submitted_at if row.status == AssessmentStatus.SUBMITTED else None,
        "assessment_href": url_for("assessment.task_list", assessment_id=row.assessment_id)
        if row.assessment_id
        else None,
    }


def _filter_items(everything: str, choices: dict[str, str], chosen: str | None) -> list[Any]:
    """govukSelect items: "All ..." first, then each choice, the chosen one selected."""
    return [{"value": "", "text": everything}] + [
        {"value": value, "text": text, "selected": value == chosen}
        for value, text in choices.items()
    ]


def _chosen_cycle(all_cycles: list[Cycle], current: Cycle | None) -> Cycle | None:
    """The cycle asked for with ?cycle= (the current one when none is asked for); NotFound
    when the request names a cycle that does not exist."""
    asked = request.args.get("cycle")
    if not asked:
        return current
    chosen = next((cycle for cycle in all_cycles if str(cycle.id) == asked), None)
    if chosen is None:
        raise NotFound("No cycle matches that link")
    return chosen


@bp.route("/schools")
@role_required(*CITY_ROLES)
def list_schools() -> tuple[str, int]:
    """Every school with its status in the chosen cycle (the current one unless another is
    chosen), 50 a page, by phase and ward or found by name or URN."""
    phase = request.args.get("phase") or None
    if phase not in PHASES:
        phase = None
    ward = (request.args.get("ward") or "").strip() or None
    search = requested_search()
    all_cycles = lookup.all_cycles(db.session)
    current = lookup.current_cycle(db.session)
    page: Page[profile.SchoolStatus]
    try:
        cycle = _chosen_cycle(all_cycles, current)
    except NotFound:  # this list says so itself, with its filters still there to choose again
        cycle, status, page = None, 400, Page(items=[], number=1, pages=1, total=0)
    else:
        status = 200
        page = profile.school_statuses(
            db.session, cycle, page=requested_page(), phase=phase, ward=ward, search=search
        )
    wards = profile.wards_in_use(db.session)
    chosen = cycle.id if cycle is not None and cycle != current else None
    filters = {"cycle": chosen, "phase": phase, "ward": ward, "q": search}
    body = render_template(
        "schools/list.html",
        title="Schools",
        cycle=cycle,
        unknown_cycle=status == 400,
        page=page,
        rows=[_school_row(row) for row in page.items],
        pagination=pagination(page, lambda number: _list_url(number, **filters)),
        filtered=any(filters.values()),
        search=search,
        cycle_items=[
            {"value": str(c.id), "text": c.name, "selected": c == (cycle or current)}
            for c in all_cycles
        ],
        phase_items=_filter_items("All phases", PHASES, phase),
        ward_items=_filter_items("All wards", {w: w for w in wards}, ward),
    )
    return body, status
