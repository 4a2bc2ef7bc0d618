"""The school's self-assessment journey: task list, principles, evidence, plan, submission."""

from flask import Blueprint

bp = Blueprint("assessment", __name__)

from hrsa.web.assessment.routes import plan, plan_add, plan_change, submission, tasks  # noqa: E402,F401
