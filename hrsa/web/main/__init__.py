"""The start page, health check and the service's statements (accessibility, privacy)."""

from flask import Blueprint

bp = Blueprint("main", __name__)

from hrsa.web.main import routes  # noqa: E402,F401
