"""Administration: schools, accounts, invitations, cycles and the outbox."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from hrsa.admin import routes  # noqa: E402,F401
