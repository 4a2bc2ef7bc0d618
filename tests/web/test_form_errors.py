"""A service's error is shown beside the field it names, never matched on its wording."""

from __future__ import annotations

from hrsa.core.errors import ServiceError
from hrsa.web.admin.forms import SchoolForm


def test_a_service_error_goes_beside_its_field_or_the_default_one(app):
    with app.test_request_context(method="POST", data={"name": "Tamar View"}):
        form = SchoolForm()
        form.validate()
        form.show_error(ServiceError("Choose the phase", field="phase"), default="urn")
        form.show_error(ServiceError("No such field here", field="telephone"), default="urn")
        form.show_error(ServiceError("About the whole form"), default="urn")

    assert form.phase.errors[-1] == "Choose the phase"
    assert form.urn.errors[-2:] == ["No such field here", "About the whole form"]
    assert "Choose the phase" not in form.urn.errors
