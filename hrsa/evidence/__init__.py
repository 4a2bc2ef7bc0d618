"""Evidence files: downloading them, the JavaScript upload endpoint, and restoring deleted ones."""

from flask import Blueprint

from hrsa.services.evidence import ACCEPT_ATTRIBUTE, size_label

bp = Blueprint("evidence", __name__)


@bp.app_template_filter("file_size")
def file_size(size: int | None) -> str:
    """'1.5 MB' for templates."""
    return size_label(size or 0)


@bp.app_context_processor
def evidence_template_globals() -> dict[str, str]:
    """The file picker's accept="..." hint, the same list the server checks by content."""
    return {"evidence_accept": ACCEPT_ATTRIBUTE}


from hrsa.evidence import routes  # noqa: E402,F401
