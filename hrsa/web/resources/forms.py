"""Forms of the resource bank. The services check the answers (one set of rules for the pages,
the CLI and the demo seed); these forms parse what was typed and show the services' messages."""

from __future__ import annotations

from collections.abc import Sequence

from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxesInput,
    GovFileInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    FileField,
    RadioField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice

from hrsa.core.framework import Framework
from hrsa.core.vocabulary.resources import (
    Audience,
    Cost,
    Criterion,
    ResourceType,
    ReviewState,
    Topic,
)
from hrsa.services.resources.proposals import ResourceInput
from hrsa.services.resources.review import CriterionInput, DecisionInput
from hrsa.web.forms import BaseForm, GovDateField, VersionField


def _choices(pairs: Sequence[tuple[str, str]]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


def _radios(label: str, pairs: Sequence[tuple[str, str]]) -> RadioField:
    """GOV.UK radios of (value, label) pairs; the service checks the answer."""
    return RadioField(label, widget=GovRadioInput(), choices=_choices(pairs), validate_choice=False)


def _checkboxes(label: str, pairs: Sequence[tuple[str, str]] | None = None) -> SelectMultipleField:
    """GOV.UK checkboxes of (value, label) pairs (None: offered later); the service checks."""
    choices = None if pairs is None else _choices(pairs)
    return SelectMultipleField(
        label, widget=GovCheckboxesInput(), choices=choices, validate_choice=False
    )


class ResourceForm(BaseForm):
    title = StringField("Title", widget=GovTextInput())
    summary = TextAreaField(
        "Summary",
        widget=GovCharacterCount(),
        description="What the resource covers and how a school would use it.",
    )
    provider = StringField(
        "Provider", widget=GovTextInput(), description="For example, Brook or the NSPCC."
    )
    resource_type = _radios("Type of resource", ResourceType.choices())
    url = StringField(
        "Web address",
        widget=GovTextInput(),
        description="Where schools can find the resource. Start with https://",
    )
    file = FileField(
        "Or upload a file (optional)",
        widget=GovFileInput(),
        description="A PDF, Word, PowerPoint or other document schools can download.",
    )
    audiences = _checkboxes("Who it is for", Audience.choices())
    topics = _checkboxes("Topics it covers", Topic.choices())
    standards = _checkboxes("Standards it helps a school meet")  # offered by use_framework
    cost = _radios("Cost", Cost.choices())
    review_by = GovDateField(
        "Review-by date",
        required=False,
        description="When the advisory group should check it again. For example, 1 9 2027",
    )
    version = VersionField()
    submit = SubmitField("Send for review", widget=GovSubmitInput())

    def use_framework(self, framework: Framework) -> None:
        """Offer the framework's standards; call before validating or rendering."""
        self.standards.choices = [
            SelectChoice(standard.code, f"{standard.code} {_short(standard.text)}")
            for standard in framework.standards
        ]

    def as_input(self) -> ResourceInput:
        """What was typed, for the service to check."""
        return ResourceInput(
            title=self.title.data or "",
            summary=self.summary.data or "",
            provider=self.provider.data or "",
            resource_type=self.resource_type.data or "",
            cost=self.cost.data or "",
            url=self.url.data or "",
            review_by=self.review_by.data if "review_by" in self else None,
            standards=tuple(self.standards.data or ()),
            audiences=tuple(self.audiences.data or ()),
            topics=tuple(self.topics.data or ()),
        )

    def show_errors(self, errors: dict[str, str]) -> None:
        """Put the service's messages on their fields (kept: everything the person typed)."""
        for name, message in errors.items():
            field = getattr(self, name, None)
            if field is not None:
                field.errors = [message]


def _short(text: str, limit: int = 110) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


class ReviewForm(BaseForm):
    """The decision form. Each criterion's radios and comment are plain fields named
    criterion-<value> and comment-<value>, rendered by the template from the vocabulary."""

    decision = _radios(
        "Your decision", [(state.value, state.label) for state in ReviewState.decisions()]
    )
    reason = TextAreaField(
        "Reason",
        widget=GovTextArea(),
        description="Needed when you ask for changes or reject: the proposer sees it.",
    )
    review_by = GovDateField(
        "Review-by date",
        required=False,
        description="Needed to approve: approval lapses on this date. For example, 1 9 2027",
    )
    version = VersionField()
    submit = SubmitField("Save decision", widget=GovSubmitInput())


def decision_input(form: ReviewForm, posted: dict[str, str]) -> DecisionInput:
    """The reviewer's answers: the form's fields plus each criterion's rating and comment."""
    criteria = tuple(
        CriterionInput(
            criterion=criterion.value,
            outcome=posted.get(f"criterion-{criterion.value}", ""),
            comment=posted.get(f"comment-{criterion.value}", ""),
        )
        for criterion in Criterion
        if posted.get(f"criterion-{criterion.value}")
    )
    return DecisionInput(
        decision=form.decision.data or "",
        reason=form.reason.data or "",
        review_by=form.review_by.data,
        criteria=criteria,
        expected_version=form.version.number_or(-1),
    )
