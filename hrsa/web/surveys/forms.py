"""The lead's form for opening a survey (the respondents' form is built from the survey's own
statements: hrsa.web.surveys.routes.public)."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput
from wtforms import RadioField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from hrsa.core.vocabulary.surveys import SurveyAudience
from hrsa.web.forms import BaseForm, GovDateField


class OpenSurveyForm(BaseForm):
    audience = RadioField(
        "Who is the survey for?",
        choices=[SelectChoice(value, label) for value, label in SurveyAudience.choices()],
        widget=GovRadioInput(),
        validators=[InputRequired("Choose who the survey is for")],
        invalid_choice_message="Choose who the survey is for",
    )
    opens = GovDateField("Opening date", description="For example, 5 10 2026")
    closes = GovDateField("Closing date", description="For example, 16 10 2026")
    submit = SubmitField("Open survey", widget=GovSubmitInput())


class CloseSurveyForm(BaseForm):
    submit = SubmitField("Close the survey now", widget=GovSubmitInput())
