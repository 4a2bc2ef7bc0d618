"""Surveys open today (the public pages use the real date) and a respondent's form."""

from __future__ import annotations

import re
from datetime import timedelta

from hrsa.core.formatting import uk_today
from hrsa.services.surveys import responding
from tests.survey_helpers import open_survey


def open_today(school, cycle, audience="secondary_pupils", **values):
    today = uk_today()
    return open_survey(
        school,
        cycle,
        audience,
        opens_on=values.pop("opens_on", today - timedelta(days=1)),
        closes_on=values.pop("closes_on", today + timedelta(days=10)),
        **values,
    )


def form_key(client, survey) -> str:
    page = client.get(f"/s/{survey.token}/questions").get_data(as_text=True)
    return re.search(r'name="form_key" value="([^"]+)"', page).group(1)


def answers(survey, value="4", **changes) -> dict[str, str]:
    data = {responding.field_name(s["id"]): value for s in survey.statements}
    data.update(changes)
    return data
