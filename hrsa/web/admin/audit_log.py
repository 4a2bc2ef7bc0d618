"""The audit log for administrators: filters, pages and a CSV of everything matching."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import render_template, request, url_for
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextInput
from werkzeug.wrappers import Response
from wtforms import SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from hrsa.core.formatting import format_datetime, uk_today
from hrsa.core.vocabulary.people import Role
from hrsa.exports import ExportFormat, chunks
from hrsa.exports.cells import Column
from hrsa.extensions import db
from hrsa.models import School
from hrsa.services.operations import audit_log
from hrsa.web import responses
from hrsa.web.admin import bp
from hrsa.web.forms import GovDateField, ascii_number
from hrsa.web.navigation import pagination_links, requested_page
from hrsa.web.security import role_required

COLUMNS = [
    Column("When", 20),
    Column("Who", 24),
    Column("Email", 28),
    Column("What", 28),
    Column("School", 28),
    Column("Record", 12),
    Column("Standard", 9),
    Column("Field", 16),
    Column("Before", 30),
    Column("After", 30),
]


def _trim(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


class FilterDate(GovDateField):
    """An optional date of a GET filter form: absent from the query is simply no date."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist:
            self.data, self.raw_data = None, ["", "", ""]
            return
        super().process_formdata(valuelist)


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form that changes nothing

    urn = StringField(
        "School URN",
        widget=GovTextInput(),
        filters=[_trim],
        validators=[Optional(), Length(max=6, message="School URN must be 6 digits")],
    )
    person = StringField(
        "Person's name or email contains",
        widget=GovTextInput(),
        filters=[_trim],
        validators=[Optional(), Length(max=100, message="Enter 100 characters or fewer")],
    )
    action = SelectField("What happened", widget=GovSelect(), default="")
    since = FilterDate("From (optional)", required=False)
    until = FilterDate("To (optional)", required=False)
    submit = SubmitField("Show events", widget=GovSubmitInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.action.choices = [SelectChoice("", "Any action")] + [
            SelectChoice(value, label) for value, label in audit_log.actions()
        ]


def _filters(form: AuditFilterForm) -> audit_log.LogFilters | None:
    """The filters asked for, or None when the form has errors (shown on the page)."""
    if not form.validate():
        return None
    school_id = None
    if form.urn.data:
        if ascii_number(form.urn.data, 6) is None or len(form.urn.data) != 6:
            form.urn.errors = ["School URN must be 6 digits, like 113521"]
            return None
        school = db.session.query(School).filter_by(urn=form.urn.data).one_or_none()
        school_id = school.id if school is not None else -1
    if form.since.data and form.until.data and form.until.data < form.since.data:
        form.until.errors = ["The ‘to’ date must be the same as or after the ‘from’ date"]
        return None
    return audit_log.LogFilters(
        school_id=school_id,
        person=form.person.data or None,
        action=form.action.data or None,
        since=form.since.data,
        until=form.until.data,
    )


@bp.route("/audit")
@role_required(Role.ADMIN)
def audit_trail() -> str:
    form = AuditFilterForm(formdata=request.args if request.args else None)
    filters = _filters(form) if request.args else audit_log.LogFilters()
    page = audit_log.page_of(db.session, filters, requested_page()) if filters else None
    query = [(k, v) for k, v in request.args.items(multi=True) if k not in {"page", "submit"}]

    def href(endpoint: str, **extra: int) -> str:
        return url_for(endpoint) + "?" + urlencode([*query, *extra.items()])

    links = (
        pagination_links(page.number, page.pages, lambda n: href("admin.audit_trail", page=n))
        if page
        else None
    )
    return render_template(
        "admin/audit.html",
        title="Audit log",
        form=form,
        page=page,
        pagination=links,
        csv_href=href("admin.audit_csv"),
        format_datetime=format_datetime,
    )


@bp.route("/audit.csv")
@role_required(Role.ADMIN)
def audit_csv() -> str | Response:
    form = AuditFilterForm(formdata=request.args if request.args else None)
    filters = _filters(form) if request.args else audit_log.LogFilters()
    if filters is None:
        return audit_trail()
    rows = (
        [
            format_datetime(row.at),
            row.person,
            row.person_email,
            row.action_label,
            row.school,
            f"{row.entity} {row.entity_id or ''}".strip(),
            row.standard_code or "",
            row.field or "",
            row.old_value or "",
            row.new_value or "",
        ]  # fmt: skip
        for row in audit_log.every_row(db.session, filters)
    )
    return responses.audited_download(
        chunks(ExportFormat.CSV, COLUMNS, rows),
        f"hrsa-audit-log-{uk_today().isoformat()}.csv",
        ExportFormat.CSV,
        entity="audit_log",
    )
