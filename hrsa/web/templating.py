"""What every template can use besides its own context: filters, the service name, navigation.

The one place that registers template filters and globals. None of them runs a query: a page's
data comes from its view (templates only display).
"""

from __future__ import annotations

from flask import Flask

from hrsa.core.formatting import file_size, format_date, format_datetime, percentage, plural
from hrsa.core.service import SERVICE_NAME
from hrsa.core.vocabulary.people import AccountStatus
from hrsa.core.vocabulary.ratings import rag_scores, rag_words
from hrsa.services.evidence.file_types import ACCEPT_ATTRIBUTE
from hrsa.web.auth.sessions import idle_seconds
from hrsa.web.navigation import navigation
from hrsa.web.security import csp_nonce


def template_helpers(app: Flask) -> None:
    """Register the filters and globals on the app's Jinja environment."""
    app.jinja_env.filters["govuk_date"] = format_date
    app.jinja_env.filters["govuk_datetime"] = format_datetime
    # '1.5 MB': the same words the upload response (upload.js) uses for a file's size.
    app.jinja_env.filters["file_size"] = file_size
    app.jinja_env.filters["plural"] = plural
    app.jinja_env.filters["percentage"] = percentage
    app.jinja_env.globals["rag_words"] = rag_words
    app.jinja_env.globals["AccountStatus"] = AccountStatus
    app.jinja_env.globals["rag_scores"] = rag_scores
    app.jinja_env.globals["service_name"] = SERVICE_NAME
    app.jinja_env.globals["navigation"] = navigation
    app.jinja_env.globals["csp_nonce"] = csp_nonce
    app.jinja_env.globals["session_idle_seconds"] = idle_seconds
    # The file picker's accept="..." hint: the same list the server checks by content.
    app.jinja_env.globals["evidence_accept"] = ACCEPT_ATTRIBUTE
