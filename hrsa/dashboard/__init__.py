"""The citywide dashboard for commissioners, the advisory group and administrators."""

from flask import Blueprint

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")

from hrsa.dashboard import routes  # noqa: E402,F401
