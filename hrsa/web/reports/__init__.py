"""Report downloads: the school's PDF report, for its own school's people and for city roles.

The report is gathered by hrsa.services.reports.school_report and drawn by hrsa.pdf; this blueprint
only checks who is asking (another school's report is "Page not found") and sends the file.
"""

from flask import Blueprint

bp = Blueprint("reports", __name__)

from hrsa.web.reports.routes import bundle, school  # noqa: E402,F401
