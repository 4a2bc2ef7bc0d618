"""Forms for delivery plan actions and reopening an assessment."""

from __future__ import annotations

from datetime import date
from typing import Any

from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovRadioInput,
    GovSubmitInput,
)
from wtforms import RadioField, SelectMultipleField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError

from hrsa.core.vocabulary.assessment import ActionStatus
from hrsa.services.assessment.plan import MAX_WHAT, MAX_WHO, ActionValues
from hrsa.services.assessment.submission import MAX_REASON
from hrsa.web.forms import BaseForm, GovDateField, VersionField, text_field


class ActionForm(BaseForm):
    """One delivery plan action; `version` is the one the person started editing from."""

    what = TextAreaField(
        "What will be done",
        widget=GovCharacterCount(),
        validators=[
            DataRequired("Enter what will be done"),
            Length(
                max=MAX_WHAT, message=f"What will be done must be {MAX_WHAT:,} characters or fewer"
            ),
        ],
    )
    who = text_field(
        "Who will do it",
        MAX_WHO,
        required="Enter who will do it",
        description="A name or a role, like Head of PSHE",
    )
    due_on = GovDateField("Due date", description="For example, 31 3 2027")
    status = RadioField(
        "Status",
        widget=GovRadioInput(),
        choices=[SelectChoice(status.value, status.label) for status in ActionStatus],
        default=ActionStatus.NOT_STARTED.value,
        invalid_choice_message="Choose the action's status",
    )
    version = VersionField()
    submit = SubmitField("Save action", widget=GovSubmitInput())

    def __init__(self, *args: Any, new: bool = False, **kwargs: Any) -> None:
        """`new` for an action being added: it must be due today or later (an old action being
        changed may keep its date)."""
        super().__init__(*args, **kwargs)
        self.new = new

    def validate_due_on(self, field: GovDateField) -> None:
        if self.new and field.data is not None and field.data < date.today():
            raise ValidationError("Due date must be today or in the future")

    def values(self) -> ActionValues:
        """The action as the plan service takes it (call after validating)."""
        if self.due_on.data is None:
            raise ValueError("values() needs a validated form")
        return ActionValues(
            what=(self.what.data or "").strip(),
            who=(self.who.data or "").strip(),
            due_on=self.due_on.data,
            status=self.status.data or "",
        )

    @property
    def expected_version(self) -> int | None:
        """The version sent back by the form, or None if it was tampered with."""
        return self.version.number


class ReopenForm(BaseForm):
    reason = TextAreaField(
        "Why are you reopening this assessment?",
        widget=GovCharacterCount(),
        description=(
            "The school's lead and staff are emailed this. They also see it on their task list "
            "and beside any standards you choose below."
        ),
        validators=[
            DataRequired("Enter why you are reopening this assessment"),
            Length(
                max=MAX_REASON, message=f"The reason must be {MAX_REASON:,} characters or fewer"
            ),
        ],
    )
    # Rendered by the template as one group of checkboxes per principle; the view sets the
    # choices to the assessment's standard codes.
    standards = SelectMultipleField("Standards the school should change", validate_choice=False)
    submit = SubmitField("Reopen assessment", widget=GovSubmitInput())

    def validate_standards(self, field: SelectMultipleField) -> None:
        known = {str(value) for value, *_ in field.iter_choices()}
        if not set(field.data or ()) <= known:
            raise ValidationError("Choose standards from the list")
