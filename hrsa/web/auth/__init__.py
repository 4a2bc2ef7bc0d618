"""Signing in and out, changing a password, and accepting invitation and reset links."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from hrsa.web.auth import reminders, routes  # noqa: E402,F401
