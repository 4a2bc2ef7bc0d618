"""Shared form pieces: the base form (CSRF failures become a plain-English error that keeps
what was typed), the one input normalisation every form gets (required text needs a visible
character, numbers are ASCII digits 0-9 only, years lie between 1900 and 2100) and a GOV.UK date
field that never lets a crafted POST cause a 500."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovDateInput, GovTextInput
from wtforms import HiddenField, PasswordField, StringField, TextAreaField
from wtforms.fields import DateField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, StopValidation

from hrsa.web.errors import refused

EXPIRED_FORM_MESSAGE = (
    "This form had expired, so nothing was saved. Check your answers and submit the form again."
)


FIRST_YEAR = 1900
LAST_YEAR = 2100


def ascii_number(value: object, max_digits: int = 9) -> int | None:
    """`value` as a whole number when it is 1 to `max_digits` ASCII digits 0-9, else None.

    str.isdecimal and the regex `\\d` also accept other scripts' digits (a fullwidth ９), which
    look like ours but are different text, so they are refused everywhere."""
    if isinstance(value, str) and 0 < len(value) <= max_digits and value.isascii():
        return int(value) if value.isdecimal() else None
    return None


def has_visible_character(value: object) -> bool:
    """True when the text has a character a person can see (not only spaces or invisibles)."""
    return isinstance(value, str) and any(
        unicodedata.category(character)[0] not in "ZC" for character in value
    )


# A scheme someone meant to type ("mailto:", "ftp://"), not a host with a port ("example.org:8080").
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:(?![0-9])", re.IGNORECASE)


def with_https(value: object) -> object:
    """A web address typed without its scheme ("www.example.org") gets https:// in front.

    People type addresses the way browsers show them; asking them to type "https://" again is
    an error nobody needs. Blank values and anything with a scheme of its own (checked by the
    form's validation) are left as they are; surrounding spaces go."""
    if not isinstance(value, str):
        return value
    value = value.strip()
    if not value or _SCHEME.match(value):
        return value
    return "https:" + value if value.startswith("//") else "https://" + value


class VisibleText:
    """Required text: stops validation with `message` unless the text has a visible character.

    BaseForm puts it in place of InputRequired and DataRequired on every text field, so a name
    made only of spaces is refused by every form, not by each form's own check."""

    field_flags = {"required": True}

    def __init__(self, message: str | None = None) -> None:
        self.message = message or "Enter a value"

    def __call__(self, form: Any, field: Any) -> None:
        if has_visible_character(field.data):
            return
        field.errors[:] = []
        raise StopValidation(self.message)


def _visible_text_required(validators: Any) -> list[Any]:
    return [
        VisibleText(validator.message)
        if isinstance(validator, InputRequired | DataRequired)
        else validator
        for validator in validators
    ]


# Every character that ends a line somewhere: \r, \n, \v, \f, \x1c-\x1e, NEL, U+2028/2029.
_LINE_BREAKS = re.compile(r"[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+")


def single_line(value: object) -> object:
    """A one-line field's text with each run of line breaks made one space.

    Browsers drop line breaks from a text input; a crafted POST need not, and a name carrying one
    would end an email's subject early (notifications then refuse every email naming it)."""
    return _LINE_BREAKS.sub(" ", value) if isinstance(value, str) else value


class BaseForm(FlaskForm):
    class Meta(FlaskForm.Meta):
        def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Any:
            """Every one-line text field (not a text area) is one line, and every required one
            (not passwords, where spaces are characters) needs a visible character."""
            field_class = unbound_field.field_class
            validators = unbound_field.kwargs.get("validators")
            is_text = issubclass(field_class, StringField) and not issubclass(
                field_class, PasswordField
            )
            if is_text and validators:
                options = {**options, "validators": _visible_text_required(validators)}
            if is_text and not issubclass(field_class, TextAreaField):
                filters = [single_line, *unbound_field.kwargs.get("filters", ())]
                options = {**options, "filters": filters}
            return super().bind_field(form, unbound_field, options)

    def show_error(self, error: Exception, *, default: str) -> None:
        """Show a service's error beside the field it names (a ServiceError's `field`), or
        beside `default` when it names none of this form's fields."""
        name = getattr(error, "field", None) or default
        field = self._fields.get(name) or self._fields[default]
        field.errors = [*field.errors, str(error)]

    @contextmanager
    def refusals(self, *, default: str) -> Iterator[None]:
        """Save through the service inside this block: what it refuses (see errors.refused) is
        undone and shown beside its field (`show_error`), and the page goes on to show the form
        again with what was typed. NotFound and BadInput stay the 404 and 400 pages."""
        with refused() as refusal:
            yield
        if refusal.error is not None:
            self.show_error(refusal.error, default=default)

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


def website_field(label: str, max_length: int = 300, **kwargs: Any) -> Any:
    """An optional web address that gets https:// added when typed without it."""
    kwargs.setdefault("description", "For example, www.example.org.uk")
    return text_field(label, max_length, filters=[with_https], **kwargs)


class VersionField(HiddenField):
    """The version of a record a person started editing from, sent back by the form."""

    @property
    def number(self) -> int | None:
        """The version as sent, or None when the POST left it out or it was tampered with.

        Only what was posted counts: a form built with `obj=` would otherwise read the record's
        own version (an int) when a crafted POST leaves the field out."""
        if self.raw_data is None:
            return ascii_number(str(self.data or ""))
        return ascii_number(self.raw_data[0].strip() if self.raw_data else None)

    def number_or(self, default: int) -> int:
        """The version as sent, or `default` (one no record has) when it is missing or bad."""
        number = self.number
        return default if number is None else number


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
        numbers = [ascii_number(value, max_digits=4) for value in parts]
        day, month, year = numbers
        if day is None or month is None or year is None:
            raise ValueError(f"{name} must be a real date")
        if len(parts[2]) != 4:
            raise ValueError("Year must include 4 numbers")
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise ValueError(f"{name} must be in a year between {FIRST_YEAR} and {LAST_YEAR}")
        try:
            self.data = date(year, month, day)
        except (ValueError, OverflowError):
            raise ValueError(f"{name} must be a real date") from None
