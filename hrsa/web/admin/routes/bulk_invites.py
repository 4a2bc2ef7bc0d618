"""Views for administrators: inviting school leads and staff in bulk from a CSV (upload, a
preview with each row's problems, then confirm)."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from hrsa.core.formatting import plural
from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.services.accounts import bulk_invites
from hrsa.web.admin import bp
from hrsa.web.admin.forms import BulkInviteConfirmForm, BulkInviteForm
from hrsa.web.admin.routes.accounts import send_invitation
from hrsa.web.security import form_checks_csrf, role_required


@bp.route("/accounts/invite/bulk", methods=["GET", "POST"])
@form_checks_csrf
@role_required(Role.ADMIN)
def invite_in_bulk() -> str:
    """Upload the CSV; the page shows every row, with its problems, before anyone is invited."""
    form = BulkInviteForm()
    batch = None
    if form.validate_on_submit() and form.file.data:
        text, batch = bulk_invites.read_file(
            db.session, form.file.data.read(bulk_invites.MAX_BYTES + 1)
        )
        if batch.problem:
            form.file.errors = [batch.problem]
            batch = None
        elif not batch.ready:
            form.file.errors = [
                f"{plural(batch.rows_with_problems, 'row has', 'rows have')} problems: "
                "correct them, then upload the file again"
            ]
        else:
            return render_template(
                "admin/invite_bulk_preview.html",
                title="Check the invitations",
                batch=batch,
                form=BulkInviteConfirmForm(data={"csv_text": text}),
            )
    return render_template(
        "admin/invite_bulk.html", title="Invite people in bulk", form=form, batch=batch
    )


@bp.route("/accounts/invite/bulk/confirm", methods=["POST"])
@form_checks_csrf
@role_required(Role.ADMIN)
def confirm_bulk_invites() -> str | Response:
    """Invite everyone in the checked file (checked again: the database may have changed)."""
    form = BulkInviteConfirmForm()
    batch = bulk_invites.read_invites(db.session, form.csv_text.data or "")
    if not form.validate_on_submit() or not batch.ready:
        flash("The invitations were not sent: upload the file again to check it.")
        return redirect(url_for("admin.invite_in_bulk"))
    invited = bulk_invites.invite_all(
        db.session,
        batch,
        secret_key=current_app.config["SECRET_KEY"],
        invited_by_id=current_user.id,
    )
    delivered = sum(send_invitation(user, token) for user, token in invited)
    db.session.commit()
    flash(_sent(len(invited), delivered), "success")
    return redirect(url_for("admin.list_accounts"))


def _sent(invited: int, delivered: int) -> str:
    """What happened to the invitations, for the banner."""
    if delivered == invited:
        return f"{plural(invited, 'invitation')} sent."
    waiting = plural(invited - delivered, "invitation")
    people = plural(invited, "person", "people")
    return f"{people} invited: {waiting} in the outbox, not sent by email."
