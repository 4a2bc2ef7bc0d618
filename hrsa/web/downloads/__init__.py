"""Download pages for the citywide exports (commissioners, the advisory group and admins).

The spreadsheets themselves are built by hrsa.exports from rows the services stream; this
blueprint only checks who is asking, names the file and streams the response.
"""

from flask import Blueprint

bp = Blueprint("downloads", __name__)

from hrsa.web.downloads import routes  # noqa: E402,F401
