"""Every request has an id: sent back as X-Request-ID, on every log line written while it runs
(one JSON object per line in production) and on the error page, to quote."""

from __future__ import annotations

import json
import logging
import re

from hrsa.web.request_log import JsonFormatter
from tests.web.test_errors import failing_app  # noqa: F401 - the fixture


def test_every_response_carries_an_id_and_a_proxys_id_is_kept(client):
    first = client.get("/healthz").headers["X-Request-ID"]
    second = client.get("/healthz").headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{16}", first) and first != second

    given = client.get("/healthz", headers={"X-Request-ID": "lb-1234_abcd"})
    assert given.headers["X-Request-ID"] == "lb-1234_abcd"
    forged = client.get("/healthz", headers={"X-Request-ID": "not an id; " + "x" * 80})
    assert re.fullmatch(r"[0-9a-f]{16}", forged.headers["X-Request-ID"])


def test_the_error_page_and_the_log_line_share_the_reference(failing_app, caplog):  # noqa: F811
    with caplog.at_level(logging.ERROR, logger="hrsa"):
        response = failing_app.test_client().get("/boom")

    reference = response.headers["X-Request-ID"]
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert f'quote this reference: <strong class="hrsa-reference">{reference}</strong>' in page
    [record] = [r for r in caplog.records if r.name == "hrsa.web.errors"]
    assert record.request_id == reference  # type: ignore[attr-defined]
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == reference
    assert line["level"] == "ERROR" and line["path"] == "/boom"
    assert "RuntimeError" in line["exception"]


def test_a_404_page_shows_no_reference(client):
    page = client.get("/no-such-page").get_data(as_text=True)
    assert "quote this reference" not in page
