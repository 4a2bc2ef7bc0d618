"""Shared form pieces: the base form (CSRF failures become a plain-English error that keeps
what was typed) and a GOV.UK date field that never lets a crafted POST cause a 500."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovDateInput, GovTextInput
from wtforms import StringField
from wtforms.fields import DateField
from wtforms.validators import DataRequired, Length, Optional

EXPIRED_FORM_MESSAGE = (
    "This form had expired, so nothing was saved. Check your answers and submit the form again."
)


class BaseForm(FlaskForm):
    def show_error(self, error: Exception, *, default: str) -> None:
        """Show a service's error beside the field it names (a ServiceError's `field`), or
        beside `default` when it names none of this form's fields."""
        name = getattr(error, "field", None) or default
        field = self._fields.get(name) or self._fields[default]
        field.errors = [*field.errors, str(error)]

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators=extra_validators)
        csrf_field = getattr(self, "csrf_token", None)
        if csrf_field is not None and csrf_field.errors:
            csrf_field.errors = [EXPIRED_FORM_MESSAGE]
        return valid


def text_field(label: str, max_length: int, *, required: str | None = None, **kwargs: Any) -> Any:
    """A GOV.UK text input, optional unless `required` gives its "Enter ..." message."""
    name = label.removesuffix(" (optional)")
    validators: list[Any] = [DataRequired(required)] if required else [Optional()]
    validators.append(
        Length(max=max_length, message=f"{name} must be {max_length} characters or fewer")
    )
    return StringField(label, widget=GovTextInput(), validators=validators, **kwargs)


DATE_PARTS = ("day", "month", "year")


class GovDateField(DateField):
    """A day, month and year date for GovDateInput that turns any bad POST into a form error.

    GovDateInput unpacks exactly three values when it re-renders the form, so a crafted POST that
    leaves the sub-fields out (or sends too many) would raise a 500. Here it always gets three,
    and the errors follow the GOV.UK date input pattern. An optional date left blank is None.
    """

    widget = GovDateInput()

    def __init__(self, label: str, *, required: bool = True, **kwargs: Any) -> None:
        super().__init__(label, format="%d %m %Y", **kwargs)
        self.required = required

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.data = None
        name = str(self.label.text).removesuffix(" (optional)")
        enter = f"Enter the {name[0].lower()}{name[1:]}"
        if len(valuelist) != len(DATE_PARTS):
            self.raw_data = ["", "", ""]
            # Browsers always send all three parts; only a crafted POST sends none or too many.
            raise ValueError(
                enter if self.required and not valuelist else f"{name} must be a real date"
            )
        parts = [str(value).strip() for value in valuelist]
        self.raw_data = parts
        missing = [part for part, value in zip(DATE_PARTS, parts, strict=True) if not value]
        if len(missing) == len(DATE_PARTS):
            if self.required:
                raise ValueError(enter)
            return
        if missing:
            raise ValueError(f"{name} must include a {' and '.join(missing)}")
        if not all(value.isdecimal() and len(value) <= 4 for value in parts):
            raise ValueError(f"{name} must be a real date")
        if len(parts[2]) != 4:
            raise ValueError("Year must include 4 numbers")
        try:
            self.data = date(int(parts[2]), int(parts[1]), int(parts[0]))
        except (ValueError, OverflowError):
            raise ValueError(f"{name} must be a real date") from None
