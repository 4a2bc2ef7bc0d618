"""Administration: schools, accounts, invitations, cycles, the outbox and deleted evidence."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from hrsa.web.admin import audit_log, data_protection  # noqa: E402,F401
from hrsa.web.admin.routes import accounts, authority, bulk_invites, evidence, imports, service  # noqa: E402,F401
