"""Views for administrators."""

from __future__ import annotations

from flask import render_template

from hrsa.admin import bp
from hrsa.models import Role
from hrsa.security import role_required


@bp.route("/")
@role_required(Role.ADMIN)
def index() -> str:
    return render_template("admin/index.html", title="Administration")
