"""Surveys: the school lead's pages (open, share, close), the public pages respondents answer
without an account, and the city's figures."""

from flask import Blueprint

bp = Blueprint("surveys", __name__)

from hrsa.web.surveys.routes import city, lead, public  # noqa: E402,F401
