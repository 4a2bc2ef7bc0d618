"""Structured logs with a request id on every line, and the same id on the error page.

Every request gets an id: the `X-Request-ID` a trusted proxy sent (letters, digits, `-` and
`_`, up to 64), or a new random one. It is sent back as `X-Request-ID`, added to every log line
written while the request runs, and shown on the error page ("quote this reference"), so a
person's report leads straight to the log lines. With `HRSA_LOG_FORMAT=json` (the default in
production) each line is one JSON object: time, level, logger, message, request id, method and
path, and the traceback when there is one.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import sys
from datetime import UTC, datetime
from typing import Any

from flask import Flask, Response, g, has_request_context, request

_GIVEN_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
HANDLER_NAME = "hrsa-request-log"


def request_id() -> str:
    """This request's id ("-" outside a request)."""
    if not has_request_context():
        return "-"
    if "request_id" not in g:
        given = request.headers.get("X-Request-ID", "")
        g.request_id = given if _GIVEN_ID.fullmatch(given) else secrets.token_hex(8)
    return str(g.request_id)


class RequestContextFilter(logging.Filter):
    """Adds the request id, method and path to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id()
        record.method = request.method if has_request_context() else ""
        record.path = request.path if has_request_context() else ""
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        if getattr(record, "method", ""):
            line["method"], line["path"] = record.method, record.path  # type: ignore[attr-defined]
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


TEXT_FORMAT = "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"


def init_request_log(app: Flask) -> None:
    """Give every request an id and every log line of hrsa's loggers that id."""
    root = logging.getLogger("hrsa")
    if not any(h.get_name() == HANDLER_NAME for h in root.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.set_name(HANDLER_NAME)
        handler.addFilter(RequestContextFilter())
        json_lines = app.config.get("HRSA_LOG_FORMAT") == "json"
        handler.setFormatter(JsonFormatter() if json_lines else logging.Formatter(TEXT_FORMAT))
        root.addHandler(handler)
        root.setLevel(logging.INFO)
        root.propagate = not json_lines  # JSON lines stand alone; text also reaches test capture

    @app.after_request
    def _send_request_id(response: Response) -> Response:
        response.headers["X-Request-ID"] = request_id()
        return response
