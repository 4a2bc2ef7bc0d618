"""Background jobs' pages: a job's progress, its download, and starting it again.

Pages that ask for a long piece of work (every school's reports, the citywide PDF, the
whole-cycle exports, a school's data-protection export) start a job with `starting.start_job`
and send the person to /jobs/<id>. Only the person who asked sees a job: anyone else gets 404.
"""

from flask import Blueprint

bp = Blueprint("jobs", __name__)

from hrsa.web.jobs import routes  # noqa: E402,F401
