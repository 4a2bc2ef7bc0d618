"""Ready-to-show data for the survey pages and for the survey figures beside each rating."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import segno
from flask import current_app, url_for
from markupsafe import Markup
from sqlalchemy.orm import Session

from hrsa.core.formatting import plural
from hrsa.core.vocabulary.surveys import SurveyAudience
from hrsa.models import Assessment, Survey, User
from hrsa.services.surveys import results
from hrsa.services.surveys.running import SurveySummary
from hrsa.web.security import email_link

SUPPRESSED_NOTE = "Fewer than {n} responses: not shown, so that no one's answers can be told apart"


def min_responses() -> int:
    """The small-number threshold (HRSA_SURVEY_MIN_RESPONSES, 10 unless changed)."""
    return int(current_app.config.get("HRSA_SURVEY_MIN_RESPONSES", 10))


def share_text(share: float | None) -> str:
    """A share agreeing as a whole percentage: '72%'."""
    return "–" if share is None else f"{round(share * 100)}%"


def public_url(survey: Survey) -> str:
    """The survey's public link, on the service's own address (never the request's Host)."""
    return email_link("surveys.start", token=survey.token)


def qr_code(url: str) -> Markup:
    """The link as an inline SVG QR code (no script, no style: the CSP allows it)."""
    svg = segno.make(url, error="m").svg_inline(scale=5, title="QR code for the survey link")
    return Markup(svg)  # noqa: S704 - segno's own SVG of our own link, nothing a user typed


def survey_rows(summaries: Sequence[SurveySummary], assessment: Assessment) -> list[dict[str, Any]]:
    """The lead's list: each survey's audience, dates, responses and whether it is open."""
    return [
        {
            "label": SurveyAudience(s.survey.audience).label,
            "href": url_for(
                "surveys.show_survey", assessment_id=assessment.id, survey_id=s.survey.id
            ),
            "opens_on": s.survey.opens_on,
            "closes_on": s.survey.closes_on,
            "responses": plural(s.responses, "response"),
            "status": "Open" if s.open_now else "Closed" if s.survey.closed_early else "Not open",
        }
        for s in summaries
    ]


def results_beside_ratings(
    session: Session, assessment: Assessment, ratings: Mapping[str, str | None]
) -> dict[str, dict[str, Any]]:
    """For each standard a survey asks about: the share agreeing by audience with the number
    of responses, a note for each audience suppressed, and the "worth a second look" flag."""
    threshold = min_responses()
    found = results.school_results(
        session, assessment.school_id, assessment.cycle_id, min_responses=threshold
    )
    views: dict[str, dict[str, Any]] = {}
    for code, result in found.items():
        rows = [
            {
                "audience": a.label,
                "text": f"{share_text(a.share)} agree ({plural(a.responses, 'response')})"
                if a.shown
                else SUPPRESSED_NOTE.format(n=threshold),
                "shown": a.shown,
            }
            for a in result.audiences
        ]
        views[code] = {
            "rows": rows,
            "second_look": results.second_look(ratings.get(code), result.agreement),
            "flag_text": results.SECOND_LOOK,
            "attach_href": url_for("surveys.attach_results", assessment_id=assessment.id, code=code)
            if result.agreement is not None
            else None,
        }
    return views


def task_list_link(user: User, assessment: Assessment) -> str | None:
    """Where the task list's "Surveys" section leads (the school's own people and the city)."""
    if user.is_school_user and user.school_id != assessment.school_id:
        return None
    return url_for("surveys.list_surveys", assessment_id=assessment.id)
