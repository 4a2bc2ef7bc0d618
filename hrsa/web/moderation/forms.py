"""The moderation form: it only parses; the rules live in
hrsa.services.moderation.decisions.check."""

from __future__ import annotations

from collections.abc import Mapping

from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovRadioInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import RadioField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice

from hrsa.services.moderation.decisions import ModerationInput
from hrsa.services.moderation.dialogue import ReplyInput
from hrsa.web.forms import BaseForm, VersionField, ascii_number


class ModerationForm(BaseForm):
    # Choices are checked by the service, which says what is wrong in GOV.UK words.
    outcome = RadioField("Outcome", choices=[], validate_choice=False)
    moderated_rag = RadioField("Rating you would give", choices=[], validate_choice=False)
    comment = TextAreaField("Comment")
    # The conflict message links to the newer outcome shown on the page.
    version = VersionField(id="current-moderation")

    def values(self) -> ModerationInput:
        """What was sent, for the service; a tampered version reads as None (a conflict)."""
        return ModerationInput(
            outcome=self.outcome.data or None,
            moderated_rag=self.moderated_rag.data or None,
            comment=self.comment.data or "",
            version=self.version.number,
        )

    def show_errors(self, errors: dict[str, str]) -> None:
        """Put the service's messages on their fields (the error summary lists them)."""
        for name, message in errors.items():
            getattr(self, name).errors = [message]


class SheetForm(BaseForm):
    """The whole-school page: CSRF only; each standard's fields are read by `sheet_values`."""


def sheet_values(form: Mapping[str, str], codes: list[str]) -> dict[str, ModerationInput]:
    """Each standard's outcome, rating, comment and version from the whole-school form."""
    return {
        code: ModerationInput(
            outcome=form.get(f"{field_id(code)}-outcome") or None,
            moderated_rag=form.get(f"{field_id(code)}-rag") or None,
            comment=form.get(f"{field_id(code)}-comment", ""),
            version=ascii_number(form.get(f"{field_id(code)}-version", "").strip()),
        )
        for code in codes
    }


def field_id(code: str) -> str:
    """A standard's field prefix: 'standard-1-2' for 1.2 (no dot, so CSS and links agree)."""
    return "standard-" + code.replace(".", "-")


def strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


class SampleForm(BaseForm):
    size = StringField(
        "How many schools to add to the sample",
        widget=GovTextInput(),
        description="Schools are drawn at random from those submitted and not yet sampled.",
        filters=[strip],
    )
    submit = SubmitField("Draw a random sample", widget=GovSubmitInput())


class ReplyForm(BaseForm):
    choice = RadioField(
        "How do you want to reply?",
        choices=[
            SelectChoice("accept", "We accept the challenge"),
            SelectChoice("answer", "We want to answer it"),
        ],
        validate_choice=False,
        widget=GovRadioInput(),
    )
    comment = TextAreaField(
        "Your answer",
        widget=GovCharacterCount(),
        description="Needed if you answer the challenge. The advisory group is emailed it.",
    )
    evidence_url = StringField(
        "Link to more evidence (optional)",
        widget=GovTextInput(),
        description="A full web address, like https://www.example.sch.uk/policy. It is added "
        "to the standard's evidence.",
        filters=[strip],
    )
    evidence_title = StringField(
        "Name of the evidence (optional)", widget=GovTextInput(), filters=[strip]
    )
    submit = SubmitField("Send your reply", widget=GovSubmitInput())

    def values(self) -> ReplyInput:
        return ReplyInput(
            choice=self.choice.data or None,
            comment=self.comment.data or "",
            evidence_url=self.evidence_url.data or "",
            evidence_title=self.evidence_title.data or "",
        )

    def show_errors(self, errors: dict[str, str]) -> None:
        for name, message in errors.items():
            getattr(self, name).errors = [message]


class AskReopenForm(BaseForm):
    reason = TextAreaField(
        "Why do you want the assessment reopened?",
        widget=GovCharacterCount(),
        description="Say what you want to change and why. The advisory group is emailed this.",
    )
    submit = SubmitField("Ask for a reopening", widget=GovSubmitInput())


class DeclineForm(BaseForm):
    answer = TextAreaField(
        "Why are you not reopening the assessment?",
        widget=GovCharacterCount(),
        description="The school's lead and staff are emailed this.",
    )
    submit = SubmitField("Decline the request", widget=GovSubmitInput())
