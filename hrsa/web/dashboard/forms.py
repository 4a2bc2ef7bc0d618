"""The dashboard's filters: read from the query string and checked like any form.

A value no page offers (an unknown ward, a cycle that does not exist, a sort key or page that is
not a number) becomes a GOV.UK error message on the page, with status 400, never a 500.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import BooleanField, IntegerField, RadioField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, NumberRange, Optional, Regexp

from hrsa.core.vocabulary.ratings import Rag
from hrsa.core.vocabulary.schools import PHASES
from hrsa.models import Cycle
from hrsa.services.dashboard.counting import Counting
from hrsa.services.dashboard.figures import Filters

MAX_PAGE = 100_000
SORTS = {"name": "School name", "reds": "Most Reds first"}
AREA_KINDS = {"ward": "Ward", "phase": "Phase"}
AREA_SHOWS = {"green": "Share rated Green", "red": "Share rated Red"}
ORDERS = {"asc": "Ascending", "desc": "Descending"}
TREND_SCHOOLS = {
    "same": "The same schools in every cycle",
    "all": "All schools counted in each cycle",
}
VALUES = {
    "self": "Schools' own ratings",
    "moderated": "Moderated ratings, where the advisory group has moderated",
}


def _choices(labels: dict[str, str]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in labels.items()]


class FilterForm(FlaskForm):
    """Cycle, ward, phase, which assessments count and whose ratings: every dashboard page."""

    class Meta:
        csrf = False  # a GET form that changes nothing

    cycle = SelectField(
        "Cycle", widget=GovSelect(), invalid_choice_message="Choose a cycle from the list"
    )
    ward = SelectField(
        "Ward", widget=GovSelect(), default="", invalid_choice_message="Choose a ward from the list"
    )
    phase = SelectField(
        "Phase",
        widget=GovSelect(),
        choices=_choices({"": "All phases", **PHASES}),
        default="",
        invalid_choice_message="Choose a phase from the list",
    )
    in_progress = BooleanField("Include assessments still in progress", widget=GovCheckboxInput())
    values = RadioField(
        "Ratings shown",
        widget=GovRadioInput(),
        choices=_choices(VALUES),
        default="self",
        invalid_choice_message="Choose whose ratings to show",
    )
    submit = SubmitField("Apply filters", widget=GovSubmitInput())

    def offer(self, cycles: Sequence[Cycle], wards: Sequence[str], default_cycle: int) -> None:
        """Set the choices: the cycles that exist (newest first) and the wards with schools."""
        self.cycle.choices = [SelectChoice(str(c.id), c.name) for c in cycles]
        if self.cycle.data is None:
            self.cycle.data = str(default_cycle)
        self.ward.choices = _choices({"": "All wards", **{w: w for w in wards}})

    def filters(self) -> Filters:
        """The checked values as the services' Filters."""
        return Filters(
            ward=self.ward.data or None,
            phase=self.phase.data or None,
            counting=Counting.chosen(bool(self.in_progress.data)),
            moderated=self.values.data == "moderated",
        )

    def cycle_id(self) -> int:
        return int(self.cycle.data)

    def query_args(self) -> dict[str, Any]:
        """The filters as query-string arguments, for links that keep them."""
        args: dict[str, Any] = {"cycle": self.cycle.data} if self.cycle else {}
        if self.ward.data:
            args["ward"] = self.ward.data
        if self.phase.data:
            args["phase"] = self.phase.data
        if self.in_progress.data:
            args["in_progress"] = "yes"
        if self.values.data == "moderated":
            args["values"] = "moderated"
        return args


class SchoolHeatmapForm(FilterForm):
    """The school × standard heatmap adds a name search, a sort and the page number."""

    q = StringField(
        "School name contains",
        widget=GovTextInput(),
        validators=[Optional(), Length(max=100, message="Search must be 100 characters or fewer")],
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
    )
    sort = SelectField(
        "Sort by",
        widget=GovSelect(),
        choices=_choices(SORTS),
        default="name",
        invalid_choice_message="Choose how to sort from the list",
    )
    page = IntegerField(
        "Page",
        widget=GovTextInput(),
        default=1,
        validators=[
            Optional(),
            NumberRange(1, MAX_PAGE, message=f"Page must be a number from 1 to {MAX_PAGE:,}"),
        ],
    )

    def process(
        self, formdata: Any = None, obj: Any = None, data: Any = None, **kwargs: Any
    ) -> None:
        super().process(formdata, obj, data, **kwargs)
        if self.page.errors or self.page.process_errors:
            self.page.process_errors = ["Page must be a number from 1 to 100,000"]

    def listing(self) -> dict[str, Any]:
        """The search and sort, as the heatmap services take them."""
        return {"search": self.q.data or None, "sort": self.sort.data}

    def query_args(self) -> dict[str, Any]:
        args = super().query_args()
        if self.q.data:
            args["q"] = self.q.data
        if self.sort.data != "name":
            args["sort"] = self.sort.data
        return args


class TrendsForm(FilterForm):
    """The trends span every cycle, so they have no cycle filter; they compare the same
    schools in every cycle unless all schools are asked for."""

    cycle = None  # WTForms: the field is left out
    schools = RadioField(
        "Schools compared",
        widget=GovRadioInput(),
        choices=_choices(TREND_SCHOOLS),
        default="same",
        invalid_choice_message="Choose which schools to compare",
    )

    def offer(self, cycles: Sequence[Cycle], wards: Sequence[str], default_cycle: int) -> None:
        self.ward.choices = _choices({"": "All wards", **{w: w for w in wards}})
        self._default_cycle = default_cycle

    def cycle_id(self) -> int:
        return self._default_cycle

    @property
    def same_schools(self) -> bool:
        return self.schools.data != "all"

    def query_args(self) -> dict[str, Any]:
        args = {k: v for k, v in super().query_args().items() if k != "cycle"}
        if not self.same_schools:
            args["schools"] = "all"
        return args


class AreaHeatmapForm(FilterForm):
    """The area × principle heatmap adds the choice of rows (wards or phases), which share its
    cells show (rated Green or rated Red) and the column its rows are sorted by (the column
    headings' links set it, so sorting needs no script)."""

    by = RadioField(
        "Rows",
        widget=GovRadioInput(),
        choices=_choices(AREA_KINDS),
        default="ward",
        invalid_choice_message="Choose wards or phases for the rows",
    )
    show = RadioField(
        "Each cell shows",
        widget=GovRadioInput(),
        choices=_choices(AREA_SHOWS),
        default="green",
        invalid_choice_message="Choose which share the cells show",
    )
    sort = StringField(
        "Sort by",
        validators=[
            Optional(),
            Regexp(r"^(name|schools|p[1-9][0-9]?)$", message="Choose a column to sort by"),
        ],
        default="name",
    )
    order = SelectField(
        "Order",
        choices=_choices(ORDERS),
        default="asc",
        invalid_choice_message="Choose ascending or descending order",
    )

    def sorting(self) -> dict[str, Any]:
        """The column and direction, as hrsa.services.dashboard.heatmaps.sort_areas takes them."""
        return {
            "key": self.sort.data or "name",
            "rag": Rag(self.show.data),
            "descending": self.order.data == "desc",
        }

    def query_args(self) -> dict[str, Any]:
        args = super().query_args()
        if self.by.data != "ward":
            args["by"] = self.by.data
        if self.show.data != "green":
            args["show"] = self.show.data
        if self.sort.data and self.sort.data != "name":
            args["sort"] = self.sort.data
        if self.order.data == "desc":
            args["order"] = "desc"
        return args
