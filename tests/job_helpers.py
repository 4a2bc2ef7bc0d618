"""Downloads that are background jobs, as a test sees them: the page's button starts the job
(the tests run jobs inline, so it has finished when the button's answer arrives), then the
job's download link sends the file."""

from __future__ import annotations

from flask.testing import FlaskClient
from werkzeug.test import TestResponse


def download_via_job(client: FlaskClient, url: str) -> TestResponse:
    """POST to the button's address, then fetch the job's file (buffered); a refusal (403, 404,
    400) is the button's own answer, returned as it is."""
    started = client.post(url)
    location = started.headers.get("Location", "")
    if started.status_code != 302 or not location.startswith("/jobs/"):
        return started
    return client.get(location + "/download", buffered=True)
