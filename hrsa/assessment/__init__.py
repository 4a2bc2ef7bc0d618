"""The school's self-assessment journey: task list, principles, evidence, plan, submission."""

from flask import Blueprint

bp = Blueprint("assessment", __name__)

from hrsa.assessment import plan, routes, submission  # noqa: E402,F401
