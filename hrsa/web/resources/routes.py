"""Views of the resource bank: the bank, a resource, proposing and editing, the reviewer queue
and decisions. Each view parses the request, calls a service, commits, flashes and redirects."""

from __future__ import annotations

import logging

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response

from hrsa.core.errors import Conflict, ServiceError
from hrsa.core.formatting import download_name, percentage, uk_today
from hrsa.core.framework import Framework
from hrsa.exports import ExportFormat, chunks
from hrsa.extensions import db
from hrsa.models import Cycle, Resource
from hrsa.services.cycles import framework_versions, lookup
from hrsa.services.dashboard.counting import Counting
from hrsa.services.dashboard.figures import Filters
from hrsa.services.evidence import uploads
from hrsa.services.evidence.file_types import ACCEPT_ATTRIBUTE
from hrsa.services.notifications import mail_settings
from hrsa.services.resources import bank as bank_service
from hrsa.services.resources import gaps as gaps_service
from hrsa.services.resources import proposals, recommended
from hrsa.services.resources import review as review_service
from hrsa.services.resources.gaps import GapReport
from hrsa.services.resources.proposals import REVIEWER_ROLES, ResourceInputError
from hrsa.storage.base import FileMissing, StorageError
from hrsa.storage.configured import storage_from_config
from hrsa.web import responses
from hrsa.web.errors import refusal_flashed
from hrsa.web.resources import bp, presenters
from hrsa.web.resources.forms import ResourceForm, ReviewForm, decision_input
from hrsa.web.security import CITY_ROLES, SCHOOL_ROLES, email_link, form_checks_csrf, role_required

log = logging.getLogger(__name__)


def _framework() -> Framework:
    framework: Framework = current_app.extensions["hrsa_framework_file"]
    return framework


def _upload() -> proposals.FileUpload | None:
    """The file chosen on the resource form, if any, with the upload pipeline's limits."""
    chosen = request.files.get("file")
    if chosen is None or not chosen.filename:
        return None
    limits = uploads.limits_from(current_app.config)
    return proposals.FileUpload(
        store=storage_from_config(current_app.config),
        stream=chosen.stream,
        filename=chosen.filename,
        limits=uploads.UploadLimits(max_file_bytes=limits.max_file_bytes),
    )


def _resource_or_404(resource_id: int) -> Resource:
    """The resource, if this person may see it (its NotFound is the 404 page)."""
    return proposals.resource_for(db.session, current_user, resource_id, uk_today())


@bp.route("")
@login_required
def bank() -> str:
    filters = presenters.filters_from(request.args, _framework())
    page = bank_service.search_bank(db.session, filters, today=uk_today())
    return render_template(
        "resources/bank.html",
        title="Resource bank",
        is_reviewer=proposals.is_reviewer(current_user),
        **presenters.bank_page(page, filters, _framework(), request.args),
    )


@bp.route("/<int:resource_id>")
@login_required
def show(resource_id: int) -> str:
    resource = _resource_or_404(resource_id)
    return render_template(
        "resources/show.html",
        title=resource.title,
        **presenters.resource_page(db.session, current_user, resource, _framework(), uk_today()),
    )


@bp.route("/<int:resource_id>/file")
@login_required
def download_file(resource_id: int) -> Response:
    """The resource's uploaded file, always as a download, to people who may see the resource."""
    resource = _resource_or_404(resource_id)
    if not resource.storage_key:
        abort(404)
    try:
        return responses.stored_file(
            resource.storage_key,
            uploads.clean_display_name(resource.filename or "resource"),
            resource.content_type,
        )
    except FileMissing:
        abort(404)


@bp.route("/propose", methods=["GET", "POST"])
@login_required
@form_checks_csrf
def propose() -> str | Response | tuple[str, int]:
    form = ResourceForm()
    form.use_framework(_framework())
    del form.review_by  # the advisory group sets it when approving
    if request.method == "POST" and form.validate():
        try:  # its own refusal: a message for each field (ResourceInputError.errors)
            resource = proposals.propose(
                db.session,
                form.as_input(),
                user=current_user,
                standard_codes=_framework().standard_codes,
                today=uk_today(),
                upload=_upload(),
            )
            db.session.commit()  # a refused commit is the database's refusal below too
        except ResourceInputError as refused:
            form.show_errors(refused.errors)
        except (StorageError, OSError, SQLAlchemyError) as error:
            return _not_saved(form, error, "Propose a resource", None)
        else:
            flash(
                f"Thank you. “{resource.title}” has been sent to the advisory group for review.",
                "success",
            )
            return redirect(url_for("resources.show", resource_id=resource.id))
    return _form_page("Propose a resource", form, None)


@bp.route("/<int:resource_id>/edit", methods=["GET", "POST"])
@login_required
@form_checks_csrf
def edit(resource_id: int) -> str | Response | tuple[str, int]:
    resource = _resource_or_404(resource_id)
    if not proposals.can_edit(current_user, resource):
        abort(403)
    form = ResourceForm(obj=presenters.form_values(resource) if request.method == "GET" else None)
    form.use_framework(_framework())
    if not proposals.is_reviewer(current_user):
        del form.review_by  # the advisory group's to set
    if request.method == "POST" and form.validate():
        try:
            proposals.update(
                db.session,
                resource,
                form.as_input(),
                user=current_user,
                expected_version=form.version.number_or(-1),
                standard_codes=_framework().standard_codes,
                today=uk_today(),
                upload=_upload(),
            )
            db.session.commit()  # a refused commit is the database's refusal below too
        # This page's own refusals: each field's message, or back to the form on newer values.
        except ResourceInputError as refused:
            form.show_errors(refused.errors)
        except Conflict as conflict:
            db.session.rollback()
            flash(str(conflict))
            return redirect(url_for("resources.edit", resource_id=resource_id))
        except (StorageError, OSError, SQLAlchemyError) as error:
            return _not_saved(form, error, f"Change “{resource.title}”", resource)
        else:
            flash(presenters.saved_message(resource), "success")
            return redirect(url_for("resources.show", resource_id=resource.id))
    return _form_page(f"Change “{resource.title}”", form, resource)


RESOURCE_STORE_PROBLEM = (
    "The file could not be stored, so nothing was saved. Your other answers are kept: choose "
    "the file again and save in a few minutes, or give a web address instead."
)
RESOURCE_DATABASE_PROBLEM = (
    "Nothing was saved because the service's database did not answer. Your answers are kept: "
    "save again in a minute (choose the file again if you gave one)."
)


def _not_saved(
    form: ResourceForm, error: Exception, title: str, resource: Resource | None
) -> tuple[str, int]:
    """The form again with every answer, and why the store or the database refused it."""
    log.exception("Resource not saved")
    db.session.rollback()
    if isinstance(error, SQLAlchemyError):
        form.title.errors = [*form.title.errors, RESOURCE_DATABASE_PROBLEM]
    else:
        form.file.errors = [*form.file.errors, RESOURCE_STORE_PROBLEM]
    return _form_page(title, form, resource), 503


def _form_page(title: str, form: ResourceForm, resource: Resource | None) -> str:
    chosen = request.files.get("file") if request.method == "POST" else None
    return render_template(
        "resources/resource_form.html",
        title=title,
        form=form,
        resource=resource,
        file_accept=ACCEPT_ATTRIBUTE,
        # A browser never re-sends a file: say plainly which one to choose again.
        file_dropped=chosen.filename if chosen is not None and chosen.filename else None,
        # The review-by date is set by the advisory group, not by whoever proposes.
        asks_review_by="review_by" in form,
    )


@bp.route("/yours")
@login_required
def mine() -> str:
    return render_template(
        "resources/mine.html",
        title="Resources you have proposed",
        cards=bank_service.proposals_by(db.session, current_user),
    )


@bp.route("/review")
@role_required(*REVIEWER_ROLES)
def queue() -> str:
    lapsed = review_service.lapse_due(db.session, today=uk_today())
    db.session.commit()
    rows = review_service.queue(db.session, today=uk_today(), user=current_user)
    return render_template(
        "resources/queue.html", title="Resources waiting for review", rows=rows, lapsed=lapsed
    )


@bp.route("/<int:resource_id>/review", methods=["GET", "POST"])
@role_required(*REVIEWER_ROLES)
@form_checks_csrf
def review(resource_id: int) -> str | Response:
    resource = _resource_or_404(resource_id)
    if review_service.proposed_by(resource, current_user):
        flash(review_service.OWN_PROPOSAL)
        return redirect(url_for("resources.show", resource_id=resource.id))
    form = ReviewForm()
    if request.method == "GET":
        form.version.data = str(resource.version)
    if request.method == "POST" and form.validate():
        try:
            review_service.decide(
                db.session,
                resource,
                decision_input(form, request.form.to_dict()),
                reviewer=current_user,
                today=uk_today(),
                mail_settings=mail_settings(current_app.config),
                resource_link=email_link("resources.show", resource_id=resource.id),
            )
        # This page's own refusals: each field's message, the decision taken meanwhile, and a
        # decision this person may not take (403).
        except ResourceInputError as refused:
            return _review_page(resource, form, refused.errors)
        except Conflict as conflict:
            db.session.rollback()
            flash(str(conflict))
            return redirect(url_for("resources.show", resource_id=resource_id))
        except ServiceError:
            abort(403)
        db.session.commit()
        flash(presenters.decided_message(resource), "success")
        return redirect(url_for("resources.queue"))
    return _review_page(resource, form, {})


def _review_page(resource: Resource, form: ReviewForm, errors: dict[str, str]) -> str:
    for name in ("decision", "reason", "review_by"):
        if name in errors:
            getattr(form, name).errors = [errors[name]]
    return render_template(
        "resources/review.html",
        title=f"Review “{resource.title}”",
        **presenters.review_page(db.session, resource, form, errors, request.form, uk_today()),
    )


# ---------------------------------------------------------------------------------------------
# Into the assessment


@bp.route("/<int:resource_id>/use", methods=["POST"])
@role_required(*SCHOOL_ROLES)
def mark_used(resource_id: int) -> Response:
    resource = _resource_or_404(resource_id)
    added = recommended.mark_used(db.session, resource, user=current_user, today=uk_today())
    db.session.commit()
    if added:
        flash(f"Your school is now recorded as using “{resource.title}”.", "success")
    return redirect(url_for("resources.show", resource_id=resource.id))


@bp.route("/<int:resource_id>/attach", methods=["GET", "POST"])
@role_required(*SCHOOL_ROLES)
def attach(resource_id: int) -> str | Response:
    resource = _resource_or_404(resource_id)
    assessment_id = request.values.get("assessment_id", "")
    code = request.values.get("code", "")
    if not assessment_id.isdecimal() or len(assessment_id) > 9:
        abort(404)
    # Only the bank's approved resources become evidence: the proposer of one still waiting
    # for review sees its page, not the page that attaches it.
    if not proposals.visible_to_schools_now(resource, uk_today()):
        abort(404)
    if request.method == "GET":
        return render_template(
            "resources/attach.html",
            title=f"Attach “{resource.title}” as evidence",
            **presenters.attach_page(
                db.session, current_user, resource, int(assessment_id), code, _framework()
            ),
        )
    with refusal_flashed(url_for("resources.show", resource_id=resource.id)):
        recommended.attach_as_evidence(
            db.session,
            resource,
            user=current_user,
            assessment_id=int(assessment_id),
            code=code,
            page_url=url_for("resources.show", resource_id=resource.id, _external=True),
            today=uk_today(),
        )
    db.session.commit()
    flash(f"“{resource.title}” is now evidence for standard {code}.", "success")
    number = code.split(".", 1)[0]
    return redirect(
        url_for("assessment.principle", assessment_id=int(assessment_id), number=int(number))
        + f"#standard-{code}"
    )


# ---------------------------------------------------------------------------------------------
# The resource-gap report


def _chosen_cycle() -> Cycle | None:
    cycle_id = request.args.get("cycle", "")
    if cycle_id.isdecimal() and len(cycle_id) < 10:
        return db.session.get(Cycle, int(cycle_id))
    return lookup.current_cycle(db.session) or next(iter(lookup.all_cycles(db.session)), None)


def _counting() -> Counting:
    """Submitted assessments only, unless the query string asks for those in progress too."""
    return Counting.chosen(request.args.get("in_progress") == "yes")


def _report(cycle: Cycle, counting: Counting) -> GapReport:
    return gaps_service.gap_report(
        db.session,
        cycle_id=cycle.id,
        cycle_name=cycle.name,
        framework=framework_versions.framework_of(cycle.framework_version),
        today=uk_today(),
        filters=Filters(counting=counting),
    )


@bp.route("/gaps")
@role_required(*CITY_ROLES)
def gaps() -> str:
    cycle = _chosen_cycle()
    counting = _counting()
    return render_template(
        "resources/gaps.html",
        counting=counting,
        counting_args={"in_progress": "yes"} if counting.includes_in_progress else {},
        title="Resource-gap report",
        cycle=cycle,
        cycle_items=[
            {"value": c.id, "text": c.name, "selected": cycle is not None and c.id == cycle.id}
            for c in lookup.all_cycles(db.session)
        ],
        report=_report(cycle, counting) if cycle else None,
        formats=list(ExportFormat),
        high_need=percentage(int(gaps_service.HIGH_NEED_SHARE * 100), 100),
        few=gaps_service.FEW_RESOURCES,
    )


@bp.route("/gaps/<int:cycle_id>.<any(csv, xlsx):fmt>")
@role_required(*CITY_ROLES)
def export_gaps(cycle_id: int, fmt: str) -> Response:
    cycle, export_format = responses.cycle_and_format(cycle_id, fmt)
    counting = _counting()
    filename = download_name(
        "hrsa", "resource-gaps", cycle.name, counting.short, on=uk_today(), ext=export_format.value
    )
    rows = gaps_service.export_rows(_report(cycle, counting))
    return responses.audited_download(
        chunks(export_format, gaps_service.EXPORT_COLUMNS, rows, sheet_title="Resource gaps"),
        filename,
        export_format,
        entity="resource_gaps",
    )
