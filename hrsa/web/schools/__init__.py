"""Schools: the city's list of schools and each school's profile (the Self-Assessment Tool's
header), which school leads and administrators keep up to date."""

from flask import Blueprint

bp = Blueprint("schools", __name__)

from hrsa.web.schools import routes  # noqa: E402,F401
