"""The school's self-assessment journey: profile, task list, principles, evidence, plan."""

from flask import Blueprint

bp = Blueprint("assessment", __name__)

from hrsa.assessment import plan, profile, routes, submission  # noqa: E402,F401
