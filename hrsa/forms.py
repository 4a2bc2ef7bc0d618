"""The base form: CSRF failures become a plain-English error that keeps what was typed."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm

EXPIRED_FORM_MESSAGE = (
    "This form had expired, so nothing was saved. Check your answers and submit the form again."
)


class BaseForm(FlaskForm):
    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators=extra_validators)
        csrf_field = getattr(self, "csrf_token", None)
        if csrf_field is not None and csrf_field.errors:
            csrf_field.errors = [EXPIRED_FORM_MESSAGE]
        return valid
