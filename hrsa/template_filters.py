"""What every template can use besides its own context: filters, the service name, navigation."""

from __future__ import annotations

from flask import Flask

from hrsa.core.formatting import file_size, format_date, format_datetime, percentage, plural
from hrsa.core.service import SERVICE_NAME
from hrsa.core.vocabulary import rag_scores, rag_words
from hrsa.navigation import navigation


def template_helpers(app: Flask) -> None:
    """Register the filters and globals on the app's Jinja environment."""
    app.jinja_env.filters["govuk_date"] = format_date
    app.jinja_env.filters["govuk_datetime"] = format_datetime
    # '1.5 MB': the same words the upload response (upload.js) uses for a file's size.
    app.jinja_env.filters["file_size"] = file_size
    app.jinja_env.filters["plural"] = plural
    app.jinja_env.filters["percentage"] = percentage
    app.jinja_env.globals["rag_words"] = rag_words
    app.jinja_env.globals["rag_scores"] = rag_scores
    app.jinja_env.globals["service_name"] = SERVICE_NAME
    app.jinja_env.globals["navigation"] = navigation
