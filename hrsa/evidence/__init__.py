"""Evidence files: downloading them and the JavaScript upload endpoint (restoring deleted
evidence is an administration page: hrsa/admin/deleted_evidence.py)."""

from flask import Blueprint

from hrsa.services.evidence.items import ACCEPT_ATTRIBUTE

bp = Blueprint("evidence", __name__)


@bp.app_context_processor
def evidence_template_globals() -> dict[str, str]:
    """The file picker's accept="..." hint, the same list the server checks by content."""
    return {"evidence_accept": ACCEPT_ATTRIBUTE}


from hrsa.evidence import routes  # noqa: E402,F401
