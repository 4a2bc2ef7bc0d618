"""The delivery plan's "Change actions" page: every action of the plan (or of one principle)
as editable rows, saved in one go with optimistic locking."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import abort, flash, redirect, render_template, request
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from hrsa.core.framework import Framework
from hrsa.core.vocabulary.assessment import ActionStatus
from hrsa.extensions import db
from hrsa.models import Assessment
from hrsa.services.assessment import plan_rows, starting
from hrsa.services.assessment.plan_rows import ActionChange, ActionsConflict
from hrsa.web.assessment import bp
from hrsa.web.assessment.forms.plan_rows import ChangeActionRow, RowsPage
from hrsa.web.assessment.presenters.plan import (
    CONFLICT_MESSAGE,
    by_principle,
    expired,
    plan_url,
    row_errors,
    status_tag,
)
from hrsa.web.errors import refused
from hrsa.web.forms import ascii_number
from hrsa.web.lookups import editable_assessment
from hrsa.web.security import form_checks_csrf

CHANGE_TITLE = "Change actions"


@dataclass
class ChangeRow:
    id: int
    code: str
    principle_number: int
    number: int  # the action's place among its standard's actions, from 1
    form: ChangeActionRow
    newer: dict[str, Any] | None = None
    deleted: bool = False

    @property
    def label(self) -> str:
        return f"Standard {self.code}, action {self.number}"


def _newer(action: Any) -> dict[str, Any]:
    return {
        "what": action.what,
        "who": action.who,
        "due_on": action.due_on,
        "status_tag": status_tag(action.status),
        "updated_at": action.updated_at,
    }


@bp.route("/assessments/<int:assessment_id>/plan/actions/change", methods=["GET", "POST"])
@form_checks_csrf
@login_required
def change_actions(assessment_id: int) -> str | Response | tuple[str, int]:
    """Every action of the plan (or of one principle, ?principle=N) as editable rows."""
    assessment = editable_assessment(assessment_id)
    framework = starting.framework_for(assessment)
    principle = request.args.get("principle", type=int)
    if principle is not None and principle not in {p.number for p in framework.principles}:
        abort(404)
    found = plan_rows.actions_of(db.session, assessment)
    order = {code: place for place, code in enumerate(framework.standard_codes)}
    listed = sorted(
        found.values(),
        key=lambda pair: (order.get(pair[0], len(order)), pair[1].due_on, pair[1].id),
    )
    posted = request.method == "POST"
    if posted:
        numbers = [ascii_number(raw) for raw in request.form.getlist("row")[:500]]
        ids = [number for number in numbers if number is not None]
        if not ids or len(ids) != len(numbers) or len(set(ids)) != len(ids):
            abort(400)
    else:
        ids = [
            action.id
            for code, action in listed
            if principle is None or framework.standard(code).principle_number == principle
        ]
    rows = _change_rows(framework, listed, ids, posted)
    if posted:
        outcome = _save_changes(assessment, rows)
        if outcome is None:
            return redirect(plan_url(assessment))
        errors, status = outcome
    else:
        errors, status = [], 200
    heading = CHANGE_TITLE
    if principle is not None:
        heading = f"{CHANGE_TITLE}: principle {principle}"
    html = render_template(
        "assessment/plan_change_actions.html",
        title=heading,
        assessment=assessment,
        groups=by_principle(framework, rows, lambda row: row.principle_number),
        error_list=errors,
        back_href=plan_url(assessment),
        conflict_message=CONFLICT_MESSAGE,
    )
    return (html, status) if status != 200 else html


def _change_rows(
    framework: Framework, listed: list[tuple[str, Any]], ids: list[int], posted: bool
) -> list[ChangeRow]:
    place: dict[int, tuple[str, int]] = {}
    counts: dict[str, int] = {}
    for code, action in listed:
        counts[code] = counts.get(code, 0) + 1
        place[action.id] = (code, counts[code])
    by_id = {action.id: action for _, action in listed}
    rows = []
    for action_id in ids:
        action = by_id.get(action_id)
        if action is None and not posted:
            continue
        if action is None:
            # Deleted by someone else since the page was shown: keep what was typed, say so.
            form = ChangeActionRow(prefix=f"action-{action_id}")
            code = request.form.get(f"action-{action_id}-code", "")
            if not framework.has_standard(code):
                abort(400)
            rows.append(
                ChangeRow(action_id, code, framework.standard(code).principle_number, 0, form)
            )
            rows[-1].deleted = True
            continue
        code, number = place[action_id]
        unposted: dict[str, Any] = {} if posted else {"formdata": None}
        form = ChangeActionRow(prefix=f"action-{action_id}", obj=action, **unposted)
        rows.append(
            ChangeRow(action_id, code, framework.standard(code).principle_number, number, form)
        )
    return rows


def _save_changes(
    assessment: Assessment, rows: list[ChangeRow]
) -> tuple[list[dict[str, str]], int] | None:
    """Save every row (None when saved), or the error summary's list and the status to send."""
    for row in rows:
        if row.form.status.data not in ActionStatus.values() or row.form.expected_version is None:
            abort(400)
    page = RowsPage()
    valid = page.validate()
    valid = all([row.form.validate() for row in rows]) and valid
    live = [row for row in rows if not row.deleted]
    if valid and len(live) == len(rows):
        changes = [
            ActionChange(row.id, row.form.expected_version or 0, row.form.values()) for row in live
        ]
        with refused() as refusal:
            changed = plan_rows.update_actions(
                db.session, assessment, changes, user_id=current_user.id
            )
            db.session.commit()
            flash(
                "Actions saved." if changed else "No actions were changed.",
                "success",
            )
            return None
        if isinstance(refusal.error, ActionsConflict):
            return _conflicts(rows, refusal.error), 409
        # The refusal names its row and field as "action id:field": shown beside that field.
        action_id, _, name = refusal.field.partition(":")
        row = next((r for r in rows if str(r.id) == action_id), rows[0])
        field = row.form._fields.get(name) or row.form.what
        field.errors = [*field.errors, str(refusal)]
    errors = expired(page)
    for row in rows:
        if row.deleted:
            errors.append(
                {
                    "text": f"{row.label}: someone else deleted this action, so it was not saved",
                    "href": f"#action-{row.id}",
                }
            )
        errors += row_errors(row.label, row.form)
    return errors, 400


def _conflicts(rows: list[ChangeRow], conflict: ActionsConflict) -> list[dict[str, str]]:
    """Show each changed action's newer values; saving again keeps the person's own."""
    errors = []
    for row in rows:
        if row.id not in conflict.newer:
            continue
        action = conflict.newer[row.id]
        if action is None:
            row.deleted = True
            continue
        db.session.refresh(action)
        row.newer = _newer(action)
        # Saving again means "keep mine": the row now names the newer version.
        row.form.version.data = str(action.version)
        row.form.version.raw_data = None
        errors.append({"text": f"{row.label}: {CONFLICT_MESSAGE}", "href": f"#action-{row.id}"})
    return errors
