"""The citywide dashboard for commissioners, the advisory group and administrators."""

from flask import Blueprint

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")

from hrsa.dashboard import city_report_views, routes  # noqa: E402,F401
