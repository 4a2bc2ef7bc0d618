"""The advisory group's moderation: the queue, a whole school on one page, one standard, a
random sample; and the school's replies and reopening requests."""

from flask import Blueprint

bp = Blueprint("moderation", __name__)

from hrsa.web.moderation import dialogue, queue, routes, sheet  # noqa: E402,F401
