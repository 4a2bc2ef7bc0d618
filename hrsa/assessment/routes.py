"""Views for the school's assessment."""

from __future__ import annotations

from flask import render_template
from flask_login import login_required

from hrsa.assessment import bp
from hrsa.security import CITY_ROLES, role_required


@bp.route("/assessment")
@login_required
def overview() -> str:
    return render_template("assessment/overview.html", title="Your assessment")


@bp.route("/profile")
@login_required
def profile() -> str:
    return render_template("assessment/overview.html", title="School profile")


@bp.route("/plan")
@login_required
def plan_redirect() -> str:
    return render_template("assessment/overview.html", title="Delivery plan")


@bp.route("/schools")
@role_required(*CITY_ROLES)
def school_list() -> str:
    return render_template("assessment/overview.html", title="Schools")
