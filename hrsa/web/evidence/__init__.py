"""Evidence files: downloading them and the JavaScript upload endpoint (restoring deleted
evidence is an administration page: hrsa/web/admin/routes/evidence.py)."""

from flask import Blueprint

bp = Blueprint("evidence", __name__)

from hrsa.web.evidence import routes  # noqa: E402,F401
