"""A service's refusal reaches the person one shared way (hrsa.web.errors): NotFound is the
GOV.UK 404 page, BadInput the 400 page, a row saved meanwhile the 409 page, never a 500."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask, render_template_string
from sqlalchemy.orm.exc import StaleDataError
from wtforms import StringField

from hrsa import create_app
from hrsa.core.errors import BadInput, Conflict, NotFound, ServiceError
from hrsa.core.vocabulary.people import Role
from hrsa.web.errors import refusal_flashed, refused
from hrsa.web.forms import BaseForm
from tests.conftest import TEST_SECRET
from tests.web.test_errors import assert_designed_page, text


class NameForm(BaseForm):
    name = StringField("Name")
    other = StringField("Other")


@pytest.fixture
def refusing_app(tmp_path: Path) -> Flask:
    """A separate app whose test-only routes raise what services raise."""
    (tmp_path / "uploads").mkdir(exist_ok=True)
    app = create_app(
        {
            "SECRET_KEY": TEST_SECRET,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'refusals.sqlite3'}",
            "HRSA_UPLOAD_DIR": str(tmp_path / "uploads"),
            "WTF_CSRF_ENABLED": False,
        }
    )
    raised = {
        "not-found": NotFound("Assessment not found"),
        "bad-input": BadInput("Unknown RAG 'purple'"),
        "conflict": Conflict("Someone else saved this first."),
        "refused": ServiceError("This cycle is closed."),
    }

    @app.route("/raise/<what>")
    def raise_(what: str) -> str:
        raise raised[what]

    @app.route("/stale")
    def stale() -> str:
        raise StaleDataError("UPDATE statement on table 'school' expected to update 1 row")

    @app.route("/form/<what>", methods=["POST"])
    def form_page(what: str) -> str:
        form = NameForm()
        if form.validate_on_submit():
            with form.refusals(default="name"):
                raise raised.get(what) or ServiceError("That name is taken", field="other")
        return render_template_string("{{ form.name.errors }}|{{ form.other.errors }}", form=form)

    @app.route("/flashed/<what>")
    def flashed(what: str) -> str:
        with refusal_flashed("/somewhere"):
            raise raised[what]
        return "not reached"

    @app.route("/refused")
    def shown() -> str:
        with refused() as refusal:
            raise raised["refused"]
        return f"shown: {refusal}"

    return app


@pytest.mark.parametrize(
    ("what", "status", "heading"),
    [
        ("not-found", 404, "Page not found"),
        ("bad-input", 400, "There is a problem with your request"),
        ("conflict", 409, "Someone else saved first"),
        ("refused", 400, "There is a problem with your request"),
    ],
)
def test_a_refusal_no_page_shows_is_a_designed_page(refusing_app, what, status, heading):
    response = refusing_app.test_client().get(f"/raise/{what}")
    html = assert_designed_page(response, status, heading)
    if what in ("not-found", "bad-input"):  # the service's words are not for the person
        assert "Assessment not found" not in html and "purple" not in html
    else:
        assert ("Someone else saved this first." in html) == (what == "conflict")
        assert ("This cycle is closed." in html) == (what == "refused")


def test_a_row_saved_meanwhile_is_the_409_page_not_a_500(refusing_app):
    html = assert_designed_page(
        refusing_app.test_client().get("/stale"), 409, "Someone else saved first"
    )
    assert "UPDATE statement" not in html


def test_a_form_shows_the_refusal_beside_the_field_it_names(refusing_app):
    client = refusing_app.test_client()
    named = client.post("/form/named", data={"name": "Ada"})
    assert named.status_code == 200 and text(named) == "[]|[&#39;That name is taken&#39;]"
    unnamed = client.post("/form/refused", data={"name": "Ada"})
    assert text(unnamed) == "[&#39;This cycle is closed.&#39;]|[]"


@pytest.mark.parametrize(("what", "status"), [("not-found", 404), ("bad-input", 400)])
def test_a_form_leaves_not_found_and_bad_input_to_the_shared_pages(refusing_app, what, status):
    response = refusing_app.test_client().post(f"/form/{what}", data={"name": "Ada"})
    assert response.status_code == status and "govuk-header" in text(response)


def test_a_flashed_refusal_goes_to_the_page_named(refusing_app):
    client = refusing_app.test_client()
    response = client.get("/flashed/refused")
    assert response.status_code == 302 and response.location == "/somewhere"
    with client.session_transaction() as session:
        assert session["_flashes"] == [("message", "This cycle is closed.")]
    assert client.get("/flashed/not-found").status_code == 404


def test_a_page_can_show_the_refusal_itself(refusing_app):
    assert text(refusing_app.test_client().get("/refused")) == "shown: This cycle is closed."


# The real pages: what a lookup by id does not find is the 404 page, through the access rules.


def test_admin_pages_for_missing_accounts_schools_and_cycles_are_404(client, factory, sign_in):
    sign_in(factory.user(Role.ADMIN).email)
    for url in ("/admin/accounts/99999", "/admin/schools/99999", "/admin/cycles/99999"):
        assert_designed_page(client.get(url), 404, "Page not found")
    response = client.post("/admin/deleted-evidence/99999/restore")
    assert_designed_page(response, 404, "Page not found")


def test_an_export_of_a_missing_cycle_is_404(client, factory, sign_in):
    sign_in(factory.user(Role.COMMISSIONER).email)
    assert_designed_page(client.get("/exports/ratings/99999.csv"), 404, "Page not found")


def test_another_schools_objects_are_404_not_500(client, factory, sign_in):
    cycle = factory.cycle()
    ours, theirs = factory.school(), factory.school()
    assessment = factory.assessment(school=theirs, cycle=cycle)
    sign_in(factory.user(Role.SCHOOL_LEAD, school=ours).email)
    for url in (
        f"/assessments/{assessment.id}",
        f"/assessments/{assessment.id}/plan",
        f"/schools/{theirs.id}",
    ):
        assert_designed_page(client.get(url), 404, "Page not found")
