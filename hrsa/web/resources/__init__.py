"""The resource bank: proposing, quality assurance, the bank for schools and the gap report."""

from flask import Blueprint

bp = Blueprint("resources", __name__, url_prefix="/resources")

from hrsa.web.resources import routes  # noqa: E402,F401
