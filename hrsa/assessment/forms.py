"""Forms for the school profile, delivery plan actions and reopening an assessment."""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovRadioInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import HiddenField, RadioField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from hrsa.extensions import db
from hrsa.forms import BaseForm, GovDateField
from hrsa.models.assessment import PLAN_STATUSES
from hrsa.school_form import SchoolFieldsForm
from hrsa.services import schools
from hrsa.services.plan import MAX_WHAT, MAX_WHO, ActionValues
from hrsa.services.submission import MAX_REASON

TELEPHONE_CHARACTERS = re.compile(r"^[0-9 +()]+$")
MAX_ROLL = 100_000


def _text(label: str, max_length: int, *, required: str | None = None, **kwargs: Any) -> Any:
    """A GOV.UK text input, optional unless `required` gives its "Enter ..." message."""
    name = label.removesuffix(" (optional)")
    validators: list[Any] = [DataRequired(required)] if required else [Optional()]
    validators.append(
        Length(max=max_length, message=f"{name} must be {max_length} characters or fewer")
    )
    return StringField(label, widget=GovTextInput(), validators=validators, **kwargs)


class ProfileForm(SchoolFieldsForm):
    """The school profile: the Self-Assessment Tool's header."""

    address = _text("Address (optional)", 500)
    telephone = _text(
        "Telephone (optional)", 30, description="For example, 01752 123456 or +44 1752 123456"
    )
    website = _text(
        "Website (optional)", 300, description="The full address, like https://www.example.org.uk"
    )
    last_ofsted_on = GovDateField(
        "Date of last Ofsted inspection (optional)",
        required=False,
        description="For example, 27 3 2025",
    )
    number_on_roll = _text("Number on roll (optional)", 10, description="For example, 420")
    headteacher = _text("Headteacher (optional)", 200)
    nominated_lead = _text(
        "Nominated lead for healthy relationships (optional)",
        200,
    )
    submit = SubmitField("Save profile", widget=GovSubmitInput())

    def __init__(self, *args: Any, school_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.school_id = school_id

    def validate_urn(self, field: StringField) -> None:
        problem = schools.urn_problem(db.session, (field.data or "").strip(), self.school_id)
        if problem:
            raise ValidationError(problem)

    def validate_telephone(self, field: StringField) -> None:
        value = (field.data or "").strip()
        if not value:
            return
        if not TELEPHONE_CHARACTERS.match(value):
            raise ValidationError(
                "Telephone can only include numbers, spaces, brackets and a plus sign"
            )
        digits = sum(character.isdigit() for character in value)
        if not 10 <= digits <= 15:
            raise ValidationError("Telephone must have between 10 and 15 digits, like 01752 123456")

    def validate_website(self, field: StringField) -> None:
        value = (field.data or "").strip()
        if not value:
            return
        try:
            parts = urlsplit(value)
        except ValueError:
            parts = None
        if (
            parts is None
            or parts.scheme not in ("http", "https")
            or not parts.hostname
            or " " in value
        ):
            raise ValidationError(
                "Enter the website's full address, starting with https://, "
                "like https://www.example.org.uk"
            )

    def validate_last_ofsted_on(self, field: GovDateField) -> None:
        if field.data is not None and field.data > date.today():
            raise ValidationError("Date of last Ofsted inspection must be today or in the past")

    def validate_number_on_roll(self, field: StringField) -> None:
        value = (field.data or "").strip().replace(",", "")
        if value and not value.isdecimal():
            raise ValidationError("Number on roll must be a whole number, like 420")
        if value and int(value) > MAX_ROLL:
            raise ValidationError(f"Number on roll must be {MAX_ROLL:,} or fewer")

    def values(self) -> dict[str, Any]:
        """The profile as update_profile takes it: blanks become None."""

        def text(value: str | None) -> str | None:
            return (value or "").strip() or None

        roll = (self.number_on_roll.data or "").strip().replace(",", "")
        return {
            "name": (self.name.data or "").strip(),
            "urn": (self.urn.data or "").strip(),
            "phase": self.phase.data,
            "ward": self.ward.data,
            "neighbourhood": text(self.neighbourhood.data),
            "address": text(self.address.data),
            "telephone": text(self.telephone.data),
            "website": text(self.website.data),
            "last_ofsted_on": self.last_ofsted_on.data,
            "number_on_roll": int(roll) if roll else None,
            "headteacher": text(self.headteacher.data),
            "nominated_lead": text(self.nominated_lead.data),
        }


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
    who = _text(
        "Who will do it",
        MAX_WHO,
        required="Enter who will do it",
        description="A name or a role, like Head of PSHE",
    )
    due_on = GovDateField("Due date", description="For example, 31 3 2027")
    status = RadioField(
        "Status",
        widget=GovRadioInput(),
        choices=[SelectChoice(value, label) for value, label in PLAN_STATUSES.items()],
        default="not_started",
        invalid_choice_message="Choose the action's status",
    )
    version = HiddenField()
    submit = SubmitField("Save action", widget=GovSubmitInput())

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
        value = self.version.data or ""
        return int(value) if value.isdecimal() and len(value) <= 9 else None


class ReopenForm(BaseForm):
    reason = TextAreaField(
        "Why are you reopening this assessment?",
        widget=GovCharacterCount(),
        description="The school sees this on its task list.",
        validators=[
            DataRequired("Enter why you are reopening this assessment"),
            Length(
                max=MAX_REASON, message=f"The reason must be {MAX_REASON:,} characters or fewer"
            ),
        ],
    )
    submit = SubmitField("Reopen assessment", widget=GovSubmitInput())
