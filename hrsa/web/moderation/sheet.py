"""View: moderate a whole school on one page, every standard saved together."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from hrsa.core.vocabulary.ratings import Rag, rag_look
from hrsa.extensions import db
from hrsa.services.assessment import starting
from hrsa.services.moderation import decisions, whole_school
from hrsa.services.moderation.decisions import MAX_COMMENT, ModerationInput
from hrsa.services.moderation.whole_school import Sheet, SheetResult
from hrsa.web.moderation import bp
from hrsa.web.moderation.forms import SheetForm, field_id, sheet_values
from hrsa.web.security import form_checks_csrf
from hrsa.web.surveys.presenters import results_beside_ratings

CHANGED_MEANWHILE = (
    "Someone else moderated this standard while you were working: their outcome is shown here. "
    "Save again to replace it with yours"
)
NOTHING_SAVED = "Nothing was saved: what you typed is still in the form."


@bp.route("/moderation/assessments/<int:assessment_id>", methods=["GET", "POST"])
@form_checks_csrf
@login_required
def school_sheet(assessment_id: int) -> str | Response | tuple[str, int]:
    """Every standard of a submitted assessment with agree or challenge beside it."""
    found = whole_school.sheet(db.session, current_user, assessment_id)
    if not decisions.can_moderate(current_user):
        abort(403)
    form = SheetForm()
    codes = [row.standard.code for row in found.standards]
    if not form.is_submitted():
        return _page(found, form, _stored(found), SheetResult())
    typed = sheet_values(request.form, codes)
    if found.refusal:
        return _page(found, form, typed, SheetResult(), refusal=found.refusal), 409
    if not form.validate_on_submit():
        return _page(found, form, typed, SheetResult()), 400
    result = whole_school.record_all(db.session, found, current_user, typed)
    if result.ok:
        db.session.commit()
        flash(_saved(result.saved, found), "success")
        return redirect(url_for("moderation.school_sheet", assessment_id=assessment_id))
    db.session.rollback()
    found = whole_school.sheet(db.session, current_user, assessment_id)
    for code in result.conflicts:  # a second save knowingly replaces the newer outcome
        current = next(r.moderation for r in found.standards if r.standard.code == code)
        typed[code] = _with_version(typed[code], current.version if current else 0)
    return _page(found, form, typed, result), 409 if result.conflicts else 400


def _saved(count: int, found: Sheet) -> str:
    school = found.assessment.school.name
    if count == 0:
        return f"Nothing had changed, so nothing was saved for {school}."
    noun = "standard" if count == 1 else "standards"
    return f"Moderation of {count} {noun} saved for {school}. The school can see it."


def _with_version(data: ModerationInput, version: int) -> ModerationInput:
    return ModerationInput(data.outcome, data.moderated_rag, data.comment, version)


def _stored(found: Sheet) -> dict[str, ModerationInput]:
    """The form as the stored moderation fills it."""
    values = {}
    for row in found.standards:
        current = row.moderation
        values[row.standard.code] = ModerationInput(
            outcome=current.outcome if current else None,
            moderated_rag=current.moderated_rag
            if current and current.outcome == "challenge"
            else None,
            comment=current.comment if current else "",
            version=current.version if current else 0,
        )
    return values


def _page(
    found: Sheet,
    form: SheetForm,
    typed: dict[str, ModerationInput],
    result: SheetResult,
    refusal: str | None = None,
) -> str:
    errors: list[dict[str, str]] = []
    standards = []
    for row in found.standards:
        code, prefix = row.standard.code, field_id(row.standard.code)
        data = typed[code]
        problems = dict(result.errors.get(code, {}))
        if code in result.conflicts:
            problems["outcome"] = CHANGED_MEANWHILE
        for name, message in problems.items():
            target = {"outcome": "outcome", "moderated_rag": "rag", "comment": "comment"}[name]
            errors.append({"text": f"Standard {code}: {message}", "href": f"#{prefix}-{target}"})
        standards.append(_standard(row, prefix, data, problems))
    if refusal:
        errors.insert(0, {"text": f"{refusal.rstrip('.')}. {NOTHING_SAVED}", "href": "#standards"})
    return render_template(
        "moderation/sheet.html",
        title=f"Moderate {found.assessment.school.name}",
        sheet=found,
        assessment=found.assessment,
        standards=standards,
        principles={p.number: p.title for p in starting.framework_for(found.assessment).principles},
        form=form,
        errors=errors,
        survey_results=results_beside_ratings(
            db.session,
            found.assessment,
            {row.standard.code: row.rating.rag for row in found.standards},
        ),
        refusal=refusal,
        max_comment=MAX_COMMENT,
    )


def _standard(
    row: whole_school.StandardSheet, prefix: str, data: ModerationInput, problems: dict[str, str]
) -> dict[str, Any]:
    """What the template shows for one standard, with its fields' names, values and errors."""
    return {
        "row": row,
        "code": row.standard.code,
        "prefix": prefix,
        "version": data.version if data.version is not None else 0,
        "rating_look": rag_look(row.rating.rag),
        "outcome_items": [
            {"value": "agree", "text": "Agree", "checked": data.outcome == "agree"},
            {"value": "challenge", "text": "Challenge", "checked": data.outcome == "challenge"},
        ],
        "rag_items": [
            {"value": rag.value, "text": rag.label, "checked": data.moderated_rag == rag.value}
            for rag in Rag
        ],
        "comment": data.comment,
        "errors": problems,
    }
