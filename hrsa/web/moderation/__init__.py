"""The advisory group's moderation page: agree with a submitted rating, or challenge it."""

from flask import Blueprint

bp = Blueprint("moderation", __name__)

from hrsa.web.moderation import routes  # noqa: E402,F401
