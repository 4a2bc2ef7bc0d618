"""Forms for the delivery plan's many-row pages: one small form per row, read with a prefix.

"Add actions from your next steps" has a row per standard (prefix "new-<code>", so the fields are
new-1.1-add, new-1.1-what, new-1.1-who and new-1.1-due_on); "Change actions" has a row per action
(prefix "action-<id>": action-7-what, action-7-who, action-7-due_on, action-7-status and
action-7-version). The page's one CSRF token is checked by RowsPage.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount, GovCheckboxInput
from wtforms import BooleanField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from hrsa.services.assessment.plan import MAX_WHAT, MAX_WHO
from hrsa.web.assessment.forms.actions import ActionForm
from hrsa.web.forms import BaseForm, GovDateField, text_field


def _one_line_break(value: str | None) -> str | None:
    # Browsers send CRLF in textareas; count and store one character per line break.
    return value.replace("\r\n", "\n") if isinstance(value, str) else value


class RowsPage(BaseForm):
    """The page around the rows: only its CSRF token (an expired one keeps what was typed)."""


class NewActionRow(BaseForm):
    """One standard's prefilled action; its fields are checked only when it is ticked."""

    class Meta:
        csrf = False

    add = BooleanField("Add this action", widget=GovCheckboxInput())
    what = TextAreaField(
        "What will be done",
        widget=GovCharacterCount(),
        filters=[_one_line_break],
        validators=[
            DataRequired("Enter what will be done"),
            Length(
                max=MAX_WHAT, message=f"What will be done must be {MAX_WHAT:,} characters or fewer"
            ),
        ],
    )
    who = text_field("Who will do it", MAX_WHO, required="Enter who will do it")
    due_on = GovDateField("Due date")

    def validate_due_on(self, field: GovDateField) -> None:
        if field.data is not None and field.data < date.today():
            raise ValidationError("Due date must be today or in the future")

    def validate(self, extra_validators: Any = None) -> bool:
        if not self.add.data:
            return True
        return super().validate(extra_validators=extra_validators)


class ChangeActionRow(ActionForm):
    """One existing action on "Change actions": what, who, due date, status and its version."""

    class Meta:
        csrf = False

    submit = None
