"""The moderation form: it only parses; the rules live in
hrsa.services.moderation.decisions.check."""

from __future__ import annotations

from wtforms import RadioField, TextAreaField

from hrsa.services.moderation.decisions import ModerationInput
from hrsa.web.forms import BaseForm, VersionField


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
