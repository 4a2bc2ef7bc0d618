"""The citywide dashboard for commissioners, the advisory group and administrators."""

from flask import Blueprint

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")

from hrsa.web.dashboard.routes import city_report, pages  # noqa: E402,F401
