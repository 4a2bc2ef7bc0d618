"""Forms about a school: the fields every school form shares (adding a school in the
administration pages uses them too) and the school profile, the Self-Assessment Tool's header."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from govuk_frontend_wtf.wtforms_widgets import (
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import RadioField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from hrsa.core.vocabulary.schools import PHASES
from hrsa.extensions import db
from hrsa.services.authorities import records as authorities
from hrsa.web.forms import (
    BaseForm,
    GovDateField,
    VersionField,
    ascii_number,
    text_field,
    website_field,
)

TELEPHONE_CHARACTERS = re.compile(r"^[0-9 +()]+$")
MAX_ROLL = 100_000


def ward_choices(school: Any = None) -> list[SelectChoice]:
    """The wards of the school's authority (the service's, for a new school), plus the school's
    current ward if it is not one of them."""
    authority_id = getattr(school, "authority_id", None)
    if authority_id is None:
        authority = authorities.service_authority(db.session)
        authority_id = authority.id if authority else None
    current = getattr(school, "ward", None)
    names = authorities.ward_names(db.session, authority_id)
    wards = sorted({*names, *([current] if current else [])})
    return [SelectChoice("", "Choose a ward")] + [SelectChoice(ward, ward) for ward in wards]


class SchoolFieldsForm(BaseForm):
    name = StringField(
        "School name",
        widget=GovTextInput(),
        validators=[
            InputRequired("Enter the school's name"),
            Length(max=200, message="School name must be 200 characters or fewer"),
        ],
    )
    urn = StringField(
        "Unique reference number (URN)",
        widget=GovTextInput(),
        description="6 digits, as listed on Get Information about Schools, like 113521",
        validators=[InputRequired("Enter the school's URN")],
    )
    phase = RadioField(
        "Phase",
        widget=GovRadioInput(),
        choices=[SelectChoice(value, label) for value, label in PHASES.items()],
        invalid_choice_message="Choose the school's phase",
    )
    ward = SelectField(
        "Ward",
        widget=GovSelect(),
        choices=[],
        invalid_choice_message="Choose the school's ward",
        validators=[InputRequired("Choose the school's ward")],
    )
    neighbourhood = StringField(
        "Neighbourhood (optional)",
        widget=GovTextInput(),
        validators=[
            Optional(),
            Length(max=100, message="Neighbourhood must be 100 characters or fewer"),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.ward is not None:  # a school's lead's form has no ward
            self.ward.choices = ward_choices(kwargs.get("obj"))


class ProfileForm(SchoolFieldsForm):
    """The school profile: the Self-Assessment Tool's header."""

    address = text_field("Address (optional)", 500)
    telephone = text_field(
        "Telephone (optional)", 30, description="For example, 01752 123456 or +44 1752 123456"
    )
    website = website_field("Website (optional)")
    last_ofsted_on = GovDateField(
        "Date of last Ofsted inspection (optional)",
        required=False,
        description="For example, 27 3 2025",
    )
    number_on_roll = text_field("Number on roll (optional)", 10, description="For example, 420")
    headteacher = text_field("Headteacher (optional)", 200)
    nominated_lead = text_field(
        "Nominated lead for healthy relationships (optional)",
        200,
    )
    version = VersionField()
    submit = SubmitField("Save profile", widget=GovSubmitInput())

    def __init__(
        self, *args: Any, urn_problem: Callable[[str], str | None] | None = None, **kwargs: Any
    ) -> None:
        """`urn_problem(urn)` says why a URN cannot be used (hrsa.services.schools.profile checks it
        against the other schools), so the form shows it beside the other fields' errors."""
        super().__init__(*args, **kwargs)
        self.urn_problem = urn_problem

    def validate_urn(self, field: StringField) -> None:
        problem = self.urn_problem((field.data or "").strip()) if self.urn_problem else None
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
            raise ValidationError("Enter the website's address, like www.example.org.uk")

    def validate_last_ofsted_on(self, field: GovDateField) -> None:
        if field.data is not None and field.data > date.today():
            raise ValidationError("Date of last Ofsted inspection must be today or in the past")

    def validate_number_on_roll(self, field: StringField) -> None:
        value = (field.data or "").strip().replace(",", "")
        if value and ascii_number(value, max_digits=10) is None:
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


class SchoolLeadProfileForm(ProfileForm):
    """The profile as the school's own lead changes it: without the fields that name and place
    the school (shown, not editable), and the Ofsted date only while it is missing."""

    name = None
    urn = None
    phase = None
    ward = None
    neighbourhood = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        school = kwargs.get("obj")
        if school is not None and school.last_ofsted_on is not None:
            del self.last_ofsted_on

    def values(self) -> dict[str, Any]:
        """Only the fields this form has (ProfileForm.values reads every field)."""

        def text(value: str | None) -> str | None:
            return (value or "").strip() or None

        roll = (self.number_on_roll.data or "").strip().replace(",", "")
        values: dict[str, Any] = {
            "address": text(self.address.data),
            "telephone": text(self.telephone.data),
            "website": text(self.website.data),
            "number_on_roll": int(roll) if roll else None,
            "headteacher": text(self.headteacher.data),
            "nominated_lead": text(self.nominated_lead.data),
        }
        if "last_ofsted_on" in self:
            values["last_ofsted_on"] = self.last_ofsted_on.data
        return values
