"""The delivery plan's "Add actions from your next steps" page (one row per Red or Amber
standard without an action, prefilled, all added in one save), and what the many-row pages
share: error summary lines per row, rows under their principle, the expired-form line.
"Change actions" (every action editable, saved in one go) is in plan_change.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import abort, flash, redirect, render_template, request
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from hrsa.extensions import db
from hrsa.models import Assessment
from hrsa.services.assessment import plan, plan_rows, starting
from hrsa.services.assessment.plan import MAX_WHAT
from hrsa.services.assessment.plan_rows import NewAction
from hrsa.web.assessment import bp
from hrsa.web.assessment.forms.plan_rows import NewActionRow, RowsPage
from hrsa.web.assessment.presenters.plan import by_principle, expired, plan_url, row_errors
from hrsa.web.assessment.presenters.tasks import rag_tag
from hrsa.web.errors import refused
from hrsa.web.forms import ascii_number
from hrsa.web.lookups import editable_assessment
from hrsa.web.security import form_checks_csrf

ADD_TITLE = "Add actions from your next steps"
ADDED_MEANWHILE = (
    "An action was added to standard {code} since this page was shown: untick this row if that "
    "action covers it, or add ticked actions again to keep it"
)


# --- add actions from next steps -------------------------------------------------------------


@dataclass
class NewRow:
    gap: plan.GapStandard
    form: NewActionRow
    shortened: bool
    seen: int  # how many actions the standard had when the page was shown

    @property
    def added_meanwhile(self) -> bool:
        """An action was added to the standard since the page was shown (by someone else, or
        by this form sent twice): adding this row again could duplicate it."""
        return self.gap.actions > self.seen

    @property
    def code(self) -> str:
        return self.gap.code

    @property
    def rag_tag(self) -> dict[str, str]:
        return rag_tag(self.gap.rag or None)

    @property
    def hint(self) -> str:
        """Where the prefilled text came from."""
        if self.gap.actions:
            return "This standard already has an action: write another here and tick to add it."
        if self.shortened:
            return (
                "Your next steps for this standard, shortened to fit: the whole text stays on "
                "the standard."
            )
        if not self.gap.next_steps.strip():
            return (
                "You wrote no next steps for this standard: say what will be done and tick the "
                "box above to add it."
            )
        return "Your next steps for this standard."


def _new_row(gap: plan.GapStandard, defaults: dict[str, Any], posted: bool) -> NewRow:
    """A standard's row: its next steps as the action, ticked when there are some. A standard
    that already has an action (asked for with ?standard=) gets a blank, unticked row."""
    what = "" if gap.actions else plan_rows.action_text_from(gap.next_steps)
    data = {**defaults, "what": what, "add": bool(what)}
    form = NewActionRow(
        prefix=f"new-{gap.code}", data=data, **({} if posted else {"formdata": None})
    )
    form.add.label.text = f"Add this action for standard {gap.code}"
    seen = gap.actions
    if posted:
        seen_raw = ascii_number(request.form.get(f"new-{gap.code}-seen", ""))
        if seen_raw is None:
            abort(400)
        seen = seen_raw
    shortened = bool(what) and what != gap.next_steps.strip()
    return NewRow(gap=gap, form=form, shortened=shortened, seen=seen)


@bp.route("/assessments/<int:assessment_id>/plan/actions/from-next-steps", methods=["GET", "POST"])
@form_checks_csrf
@login_required
def add_actions(assessment_id: int) -> str | Response | tuple[str, int]:
    """Every Red or Amber standard without an action as a prefilled row; one save adds them."""
    assessment = editable_assessment(assessment_id)
    posted = request.method == "POST"
    codes = request.form.getlist("row")[:100] if posted else []
    # A standard posted back may have been rated Green since: its row says so (not a 400).
    gaps = {gap.code: gap for gap in plan.gap_standards(db.session, assessment, also=codes)}
    if posted:
        if not codes or any(code not in gaps for code in codes) or len(set(codes)) < len(codes):
            abort(400)
    else:
        codes = [code for code, gap in gaps.items() if not gap.actions]
        codes += [c for c in request.args.getlist("standard") if c in gaps and c not in codes]
    defaults = {
        "who": plan_rows.default_who(assessment.school, current_user.name),
        "due_on": plan_rows.default_due_on(assessment.cycle, date.today()),
    }
    rows = [_new_row(gaps[code], defaults, posted) for code in codes]
    page = RowsPage()
    errors: list[dict[str, str]] = []
    if posted:
        error_list = _save_new_rows(assessment, page, rows)
        if error_list is None:
            return redirect(plan_url(assessment))
        errors = error_list
    framework = starting.framework_for(assessment)
    html = render_template(
        "assessment/plan_add_actions.html",
        title=ADD_TITLE,
        assessment=assessment,
        groups=by_principle(framework, rows, lambda row: row.gap.principle_number),
        error_list=errors,
        max_what=MAX_WHAT,
        due_on=defaults["due_on"],
        who=defaults["who"],
        back_href=plan_url(assessment),
    )
    return (html, 400) if errors else html


def _save_new_rows(
    assessment: Assessment, page: RowsPage, rows: list[NewRow]
) -> list[dict[str, str]] | None:
    """Add the ticked rows (None when saved), or the error summary's list."""
    valid = page.validate()
    valid = all([row.form.validate() for row in rows]) and valid
    chosen = [row for row in rows if row.form.add.data]
    for row in chosen:
        if row.added_meanwhile:
            row.form.add.errors = [ADDED_MEANWHILE.format(code=row.code)]
            row.seen = row.gap.actions  # sending the page again adds it after all
            valid = False
    if not chosen and rows:
        rows[0].form.add.errors = [plan_rows.NOTHING_CHOSEN]
        valid = False
    if valid:
        new = [
            NewAction(
                code=row.code,
                what=(row.form.what.data or "").strip(),
                who=(row.form.who.data or "").strip(),
                due_on=row.form.due_on.data or date.today(),
            )
            for row in chosen
        ]
        with refused() as refusal:
            plan_rows.add_actions(db.session, assessment, new, user_id=current_user.id)
            db.session.commit()
            count = len(new)
            flash(
                f"{count} {'action' if count == 1 else 'actions'} added to your delivery plan.",
                "success",
            )
            return None
        # The refusal names its row and field as "code:field": shown beside that row's field.
        code, _, name = refusal.field.partition(":")
        row = next((r for r in chosen if r.code == code), chosen[0])
        field = row.form._fields.get(name) or row.form.add
        field.errors = [*field.errors, str(refusal)]
    errors = expired(page)
    for row in rows:
        errors += row_errors(f"Standard {row.code}", row.form)
    return errors
