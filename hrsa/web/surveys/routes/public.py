"""The pages respondents answer without an account: what the survey is and what it keeps, the
statements, and who to talk to. A link that is unknown, tampered with, closed or out of its
dates gets one plain page saying the survey is not open, with no detail of which.

Keeping it honest: posts are limited per network address and per link (Flask-Limiter, shared
through Redis where configured; 429 with Retry-After); each form carries a signed one-time key
(a replayed post is refused); a post larger than any honest answer sheet is refused before it
is read; a cookie says this browser has answered (a shared classroom tablet may still answer
again, so it only asks); and each survey has a cap.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from flask import current_app, make_response, redirect, render_template, request, url_for
from itsdangerous import BadData, URLSafeTimedSerializer
from werkzeug.wrappers import Response

from hrsa.core.errors import BadInput
from hrsa.core.formatting import uk_today
from hrsa.core.vocabulary.surveys import SCALE_VALUES, SurveyAudience
from hrsa.extensions import db, limiter
from hrsa.models import Survey
from hrsa.services.surveys import responding, running
from hrsa.web.forms import EXPIRED_FORM_MESSAGE
from hrsa.web.security import csrf_token_valid, form_checks_csrf
from hrsa.web.surveys import bp

MAX_POST_BYTES = 16 * 1024  # 15 answers and two tokens take well under 2 KB
FORM_KEY_SECONDS = 4 * 3600
NOT_OPEN_TITLE = "This survey is not open"


def _address_limit() -> str:
    return str(current_app.config["HRSA_SURVEY_ADDRESS_LIMIT"])


def _page_limit() -> str:
    return str(current_app.config["HRSA_SURVEY_PAGE_LIMIT"])


def _link_limit() -> str:
    return str(current_app.config["HRSA_SURVEY_LINK_LIMIT"])


def _link_key() -> str:
    """Count posts to one survey link across every address."""
    return "survey-link:" + str((request.view_args or {}).get("token", ""))[:64]


def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="hrsa-survey-form")


def _cookie_name(survey: Survey) -> str:
    return f"hrsa_survey_{survey.id}"


def not_open() -> tuple[str, int]:
    """The one page for every link that does not lead to an open survey."""
    return render_template("surveys/not_open.html", title=NOT_OPEN_TITLE), 404


def _open_survey(token: str) -> Survey | None:
    survey = running.by_token(db.session, token)
    if survey is None:
        return None
    responses = running.response_count(db.session, survey.id)
    return survey if running.takes_answers(survey, uk_today(), responses) else None


def _page(survey: Survey, **extra: Any) -> dict[str, Any]:
    audience = SurveyAudience(survey.audience)
    return {
        "survey": survey,
        "school_name": survey.school.name,
        "pupils": audience.is_pupils,
        "audience_label": audience.label.lower(),
        **extra,
    }


@bp.route("/s/<token>")
@limiter.limit(_page_limit)
def start(token: str) -> str | tuple[str, int]:
    """What the survey is about, what it keeps and why; then the statements."""
    survey = _open_survey(token)
    if survey is None:
        return not_open()
    answered = request.cookies.get(_cookie_name(survey)) == "1"
    return render_template(
        "surveys/start.html", title="Tell us what you think", **_page(survey, answered=answered)
    )


def _statement_items(
    survey: Survey, chosen: Mapping[str, str], missing: Mapping[str, str]
) -> list[dict[str, Any]]:
    """Each statement as the radios' parameters, with what was chosen and any error."""
    return [
        {
            "id": statement["id"],
            "name": responding.field_name(statement["id"]),
            "legend": f"{number}. {statement['text']}",
            "error": missing.get(statement["id"]),
            "items": [
                {
                    "value": str(value),
                    "text": label,
                    "checked": chosen.get(responding.field_name(statement["id"])) == str(value),
                }
                for value, label in zip(SCALE_VALUES, survey.scale, strict=True)
            ],
        }
        for number, statement in enumerate(survey.statements, start=1)
    ]


def _questions_page(
    survey: Survey,
    *,
    form_key: str,
    chosen: Mapping[str, str] | None = None,
    missing: Mapping[str, str] | None = None,
    expired: bool = False,
) -> str:
    missing = missing or {}
    errors = [
        {"text": text, "href": f"#{responding.field_name(sid)}"} for sid, text in missing.items()
    ]
    if expired:
        errors.insert(0, {"text": EXPIRED_FORM_MESSAGE, "href": "#statements"})
    return render_template(
        "surveys/questions.html",
        title="Your answers",
        error_list=errors,
        statements=_statement_items(survey, chosen or {}, missing),
        form_key=form_key,
        **_page(survey),
    )


def _new_form_key(survey: Survey) -> str:
    return str(_signer().dumps({"s": survey.id, "k": secrets.token_urlsafe(16)}))


def _submission_key(survey: Survey, form_key: str) -> str:
    """The one-time key inside a form key this page signed for this survey; BadInput else."""
    try:
        data = _signer().loads(form_key, max_age=FORM_KEY_SECONDS)
    except BadData:
        raise BadInput("The form was not one this survey gave out") from None
    if not isinstance(data, dict) or data.get("s") != survey.id or not data.get("k"):
        raise BadInput("The form was not one this survey gave out")
    return str(data["k"])


@bp.route("/s/<token>/questions", methods=["GET", "POST"])
@limiter.limit(_page_limit, methods=["GET"])
@limiter.limit(_address_limit, methods=["POST"])
@limiter.limit(_link_limit, methods=["POST"], key_func=_link_key)
@form_checks_csrf
def questions(token: str) -> str | Response | tuple[str, int]:
    """The statements, each on the five-point scale; all are needed, nothing else is kept."""
    request.max_content_length = MAX_POST_BYTES  # before anything reads the body
    survey = _open_survey(token)
    if survey is None:
        return not_open()
    if request.method == "GET":
        return _questions_page(survey, form_key=_new_form_key(survey))
    form_key = request.form.get("form_key", "")
    key = _submission_key(survey, form_key)
    chosen = {name: value for name, value in request.form.items() if name.startswith("answer-")}
    if not csrf_token_valid():
        return _questions_page(survey, form_key=form_key, chosen=chosen, expired=True), 400
    checked = responding.check_answers(survey.statements, request.form)
    if checked.missing:
        page = _questions_page(survey, form_key=form_key, chosen=chosen, missing=checked.missing)
        return page, 400
    try:
        responding.record(db.session, survey, checked.values, submission_key=key, today=uk_today())
    except responding.SurveyClosed:
        db.session.rollback()
        return not_open()
    db.session.commit()
    response = make_response(redirect(url_for("surveys.thanks", token=token)))
    response.set_cookie(
        _cookie_name(survey),
        "1",
        max_age=int(timedelta(days=120).total_seconds()),
        path=f"/s/{token}",
        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
        httponly=True,
        samesite="Lax",
    )
    return response


@bp.route("/s/<token>/thanks")
@limiter.limit(_page_limit)
def thanks(token: str) -> str | tuple[str, int]:
    """Thank you, and who to talk to if something worries them (the school's staff, Childline)."""
    survey = running.by_token(db.session, token)
    if survey is None or request.cookies.get(_cookie_name(survey)) != "1":
        return not_open()
    return render_template("surveys/thanks.html", title="Thank you", **_page(survey))
