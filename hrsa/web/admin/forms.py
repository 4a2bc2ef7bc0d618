"""Forms for administrators: adding and changing a school, inviting a person and changing their
account, opening and changing a cycle, the authority's details and its wards."""

from __future__ import annotations

from collections.abc import Callable

from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import (
    GovFileInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import EmailField, RadioField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Length, ValidationError
from wtforms.widgets import HiddenInput

from hrsa.core.errors import ServiceError
from hrsa.core.vocabulary.people import ROLE_LABELS, Role
from hrsa.models import School
from hrsa.services.authorities import records as authorities
from hrsa.services.authorities.records import AuthorityDetails
from hrsa.services.cycles.lifecycle import cycle_name_problem
from hrsa.web.forms import BaseForm, GovDateField, text_field, website_field
from hrsa.web.schools.forms import ProfileForm, SchoolFieldsForm

CHOOSE_SCHOOL = "Enter the URN or name of the school this person works at"
SCHOOL_ROLE_VALUES = frozenset(Role.school_roles())


class SchoolForm(SchoolFieldsForm):
    submit = SubmitField("Add school", widget=GovSubmitInput())


class SchoolEditForm(ProfileForm):
    """An administrator's change to any school: its identity and its whole profile."""

    submit = SubmitField("Save changes", widget=GovSubmitInput())


class InviteForm(BaseForm):
    name = StringField(
        "Full name",
        widget=GovTextInput(),
        validators=[
            InputRequired("Enter the person's full name"),
            Length(max=200, message="Full name must be 200 characters or fewer"),
        ],
    )
    email = EmailField(
        "Email address",
        widget=GovTextInput(),
        description="The invitation link is sent here. It works once and lasts 48 hours.",
        validators=[
            InputRequired("Enter the person's email address"),
            Email("Enter an email address in the correct format, like name@example.org"),
            Length(max=254, message="Email address must be 254 characters or fewer"),
        ],
    )
    role = RadioField(
        "Role",
        widget=GovRadioInput(),
        choices=[SelectChoice(role.value, label) for role, label in ROLE_LABELS.items()],
        invalid_choice_message="Choose the person's role",
    )
    school = StringField(
        "School",
        widget=GovTextInput(),
        description=(
            "Only for school staff and school leads: the school's URN or name, like 113521 or "
            "Harbour Primary"
        ),
    )
    submit = SubmitField("Send invitation", widget=GovSubmitInput())

    def find_schools_with(self, find: Callable[[str], School]) -> None:
        """`find(text)` is the school a URN or name means (or a ServiceError saying why not);
        call before validating."""
        self._find_school = find
        self._school_id: int | None = None

    def validate_school(self, field: StringField) -> None:
        if self.role.data not in SCHOOL_ROLE_VALUES:
            return
        if not (field.data or "").strip():
            raise ValidationError(CHOOSE_SCHOOL)
        try:
            self._school_id = self._find_school(field.data or "").id
        except ServiceError as error:
            raise ValidationError(str(error)) from None

    @property
    def school_id(self) -> int | None:
        """The school found, or None when the role has no school."""
        if self.role.data in SCHOOL_ROLE_VALUES:
            return self._school_id
        return None


class AccountForm(InviteForm):
    """A person's name, role and school as an administrator changes them (not the email
    address: it is how they sign in)."""

    email = None
    submit = SubmitField("Save changes", widget=GovSubmitInput())


class CycleForm(BaseForm):
    name = StringField(
        "Cycle name",
        widget=GovTextInput(),
        description="The academic year, like 2026/27",
        validators=[
            InputRequired("Enter the cycle name, like 2026/27"),
            Length(max=50, message="Cycle name must be 50 characters or fewer"),
        ],
    )
    opens_on = GovDateField("Opening date", description="For example, 1 9 2026")
    closes_on = GovDateField("Closing date", description="For example, 31 7 2027")
    submit = SubmitField("Open cycle", widget=GovSubmitInput())

    def validate_name(self, field: StringField) -> None:
        problem = cycle_name_problem((field.data or "").strip())
        if problem:
            raise ValidationError(problem)

    def validate_closes_on(self, field: GovDateField) -> None:
        opens_on = self.opens_on.data
        if opens_on is not None and field.data is not None and field.data <= opens_on:
            raise ValidationError("The closing date must be after the opening date")


class CycleEditForm(CycleForm):
    submit = SubmitField("Save changes", widget=GovSubmitInput())


class CloseCycleForm(BaseForm):
    """Closing a cycle, after the page has said what that means."""

    submit = SubmitField("Close cycle", widget=GovSubmitInput())


class AuthorityForm(BaseForm):
    """The authority's names and contacts, as every page shows them."""

    name = text_field(
        "Authority name", 200, required="Enter the authority's name", description="Like Cornwall"
    )
    service_name = text_field(
        "Service name",
        200,
        required="Enter the name the service goes by",
        description="Shown at the top of every page",
    )
    partnership_name = text_field("Partnership name", 200, required="Enter the partnership's name")
    contact_email = text_field("Contact email address (optional)", 254)
    contact_phone = text_field("Contact telephone (optional)", 30)
    contact_url = website_field("Contact website (optional)")
    submit = SubmitField("Save changes", widget=GovSubmitInput())

    def details(self) -> AuthorityDetails:
        """The form as the service takes it."""
        return AuthorityDetails(
            **{field: getattr(self, field).data for field in authorities.DETAIL_FIELDS}
        )


class WardForm(BaseForm):
    name = text_field("Ward name", 100, required="Enter the ward's name")
    code = text_field("ONS code (optional)", 9, description="A letter and 8 digits, like E05008941")
    submit = SubmitField("Save changes", widget=GovSubmitInput())


class ImportSchoolsForm(BaseForm):
    """An extract of Get Information about Schools and the authority to import from it."""

    authority = text_field(
        "Local authority code",
        3,
        required="Enter the local authority code, like 879",
        description="DfE's 3-digit code for the authority, as in the extract's LA (code) column",
    )
    file = FileField(
        "Establishment extract (CSV)",
        widget=GovFileInput(),
        validators=[FileRequired("Choose the extract to import")],
    )
    submit = SubmitField("Check the extract", widget=GovSubmitInput())

    def validate_authority(self, field: StringField) -> None:
        problem = authorities.la_code_problem((field.data or "").strip())
        if problem:
            raise ValidationError(problem)


class ConfirmImportForm(BaseForm):
    submit = SubmitField("Import schools", widget=GovSubmitInput())


class BulkInviteForm(BaseForm):
    file = FileField(
        "CSV file",
        widget=GovFileInput(),
        validators=[FileRequired("Choose the CSV file of people to invite")],
    )
    submit = SubmitField("Check the file", widget=GovSubmitInput())


class BulkInviteConfirmForm(BaseForm):
    """The checked file, sent back to be checked again and invited."""

    # A text area's text keeps its line breaks (a one-line field's are made spaces).
    csv_text = TextAreaField(widget=HiddenInput())
    submit = SubmitField("Send invitations", widget=GovSubmitInput())
