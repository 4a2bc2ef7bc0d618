"""The fields every school form shares: adding a school (admin) and editing its profile."""

from __future__ import annotations

from typing import Any

from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSelect, GovTextInput
from wtforms import RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from hrsa.forms import BaseForm
from hrsa.models.school import PHASES, WARD_NAMES


def ward_choices(current: str | None = None) -> list[SelectChoice]:
    """Plymouth's wards, plus a school's current ward if it is not one of them."""
    wards = sorted({*WARD_NAMES, *([current] if current else [])})
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
        choices=ward_choices(),
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
        self.ward.choices = ward_choices(getattr(kwargs.get("obj"), "ward", None))
