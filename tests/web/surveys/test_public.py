"""The respondents' pages: no account, nothing identifying, every bad post refused with nothing
stored, one plain page for any link that is not open, and limits on floods."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from hrsa.core.formatting import uk_today
from hrsa.extensions import db
from hrsa.models import SurveyAnswer, SurveyResponse
from hrsa.services.surveys import running
from tests.web.surveys.helpers import answers, form_key, open_today


def stored() -> int:
    return db.session.scalar(select(func.count(SurveyResponse.id))) + db.session.scalar(
        select(func.count(SurveyAnswer.id))
    )


@pytest.fixture
def survey(factory):
    return open_today(factory.school(name="Ash Academy"), factory.cycle())


def test_a_respondent_answers_without_an_account_and_ends_on_who_to_talk_to(client, survey):
    start = client.get(f"/s/{survey.token}")
    page = start.get_data(as_text=True)
    assert start.status_code == 200
    assert "Ash Academy" in page and "What we keep" in page and "privacy notice" in page
    key = form_key(client, survey)
    sent = client.post(f"/s/{survey.token}/questions", data={**answers(survey), "form_key": key})
    assert sent.status_code == 302 and sent.location.endswith(f"/s/{survey.token}/thanks")
    assert f"hrsa_survey_{survey.id}=1" in sent.headers["Set-Cookie"]
    assert running.response_count(db.session, survey.id) == 1
    thanks = client.get(sent.location).get_data(as_text=True)
    assert "Childline" in thanks and "0800 1111" in thanks and "Ash Academy" in thanks
    again = client.get(f"/s/{survey.token}").get_data(as_text=True)
    assert "already answered this survey on this device" in again


def test_nothing_identifying_is_stored():
    assert set(SurveyResponse.__table__.columns.keys()) == {
        "id",
        "survey_id",
        "submission_key",
        "received_on",
    }
    assert set(SurveyAnswer.__table__.columns.keys()) == {
        "id",
        "response_id",
        "survey_id",
        "statement_id",
        "value",
    }


def not_open_pages(client, tokens):
    pages = []
    for token in tokens:
        for path in (f"/s/{token}", f"/s/{token}/questions"):
            response = client.get(path)
            assert response.status_code == 404, path
            pages.append(response.get_data(as_text=True))
    return pages


def test_unknown_tampered_closed_and_out_of_date_links_all_get_the_same_plain_page(
    client, factory, survey
):
    cycle, today = factory.cycle(), uk_today()
    later = open_today(
        factory.school(name="Beech"),
        cycle,
        opens_on=today + timedelta(days=2),
        closes_on=today + timedelta(days=5),
    )
    closed = open_today(factory.school(name="Cedar"), cycle)
    running.close_early(db.session, closed)
    db.session.commit()
    tampered = survey.token[:-2] + ("AA" if not survey.token.endswith("AA") else "BB")
    pages = not_open_pages(client, ["unknown", tampered, later.token, closed.token, "x" * 300])
    assert all("This survey is not open" in page for page in pages)
    for page in pages:
        assert "Beech" not in page and "Cedar" not in page and "Ash Academy" not in page
    assert len({re.sub(r'nonce="[^"]+"', "", page) for page in pages}) == 1


def test_a_full_survey_is_not_open(client, factory):
    survey = open_today(factory.school(), factory.cycle(), cap=1)
    key = form_key(client, survey)
    client.post(f"/s/{survey.token}/questions", data={**answers(survey), "form_key": key})
    assert client.get(f"/s/{survey.token}").status_code == 404


def test_a_missing_answer_is_a_gov_uk_error_and_nothing_is_stored(client, survey):
    key = form_key(client, survey)
    first = survey.statements[0]
    data = {**answers(survey, **{f"answer-{first['id']}": ""}), "form_key": key}
    response = client.post(f"/s/{survey.token}/questions", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "There is a problem" in page and "Choose how much you agree with" in page
    assert f'href="#answer-{first["id"]}"' in page
    assert 'value="4" checked' in page  # the other answers are kept
    assert stored() == 0


@pytest.mark.parametrize("value", ["6", "0", "yes", "4.5"])
def test_an_answer_off_the_scale_is_refused_and_nothing_is_stored(client, survey, value):
    key = form_key(client, survey)
    response = client.post(
        f"/s/{survey.token}/questions", data={**answers(survey, value), "form_key": key}
    )
    assert response.status_code == 400
    assert stored() == 0


def test_a_post_without_a_form_from_this_survey_is_refused(client, factory, survey):
    other = open_today(factory.school(), factory.cycle(), "staff")
    other_key = form_key(client, other)
    for key in ("", "forged", other_key):
        response = client.post(
            f"/s/{survey.token}/questions", data={**answers(survey), "form_key": key}
        )
        assert response.status_code == 400, key
    assert stored() == 0


def test_a_replayed_post_is_refused_and_nothing_more_is_stored(client, survey):
    data = {**answers(survey), "form_key": form_key(client, survey)}
    assert client.post(f"/s/{survey.token}/questions", data=data).status_code == 302
    before = stored()
    replay = client.post(f"/s/{survey.token}/questions", data=data)
    assert replay.status_code == 409
    assert "already been sent" in replay.get_data(as_text=True)
    assert stored() == before


def test_an_oversized_post_is_refused_before_it_is_read(client, survey):
    data = {**answers(survey), "form_key": form_key(client, survey), "padding": "x" * 20_000}
    response = client.post(f"/s/{survey.token}/questions", data=data)
    assert response.status_code == 413
    assert stored() == 0


def test_thanks_is_only_for_a_browser_that_answered(client, survey):
    assert client.get(f"/s/{survey.token}/thanks").status_code == 404


def test_posts_from_one_address_are_limited_with_retry_after(app, client, survey, monkeypatch):
    monkeypatch.setitem(app.config, "HRSA_SURVEY_ADDRESS_LIMIT", "2 per minute")
    codes = []
    for _ in range(3):
        data = {**answers(survey), "form_key": form_key(client, survey)}
        codes.append(client.post(f"/s/{survey.token}/questions", data=data).status_code)
    assert codes == [302, 302, 429]
    last = client.post(f"/s/{survey.token}/questions", data=data)
    assert int(last.headers["Retry-After"]) > 0
    assert running.response_count(db.session, survey.id) == 2


def test_posts_to_one_link_are_limited_across_addresses(app, survey, monkeypatch):
    monkeypatch.setitem(app.config, "HRSA_SURVEY_LINK_LIMIT", "2 per minute")
    codes = []
    for n in range(3):
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = f"192.0.2.{n + 1}"
        data = {**answers(survey), "form_key": form_key(client, survey)}
        codes.append(client.post(f"/s/{survey.token}/questions", data=data).status_code)
    assert codes == [302, 302, 429]


def test_a_post_without_its_csrf_token_keeps_the_answers_and_stores_nothing(app, client, survey):
    key = form_key(client, survey)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post(
            f"/s/{survey.token}/questions", data={**answers(survey, "5"), "form_key": key}
        )
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400
    assert 'value="5" checked' in response.get_data(as_text=True)
    assert stored() == 0


def test_page_floods_from_one_address_are_limited_too(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "HRSA_SURVEY_PAGE_LIMIT", "2 per minute")
    codes = [client.get(f"/s/guess{n}").status_code for n in range(3)]
    assert codes == [404, 404, 429]


def test_the_same_form_sent_twice_at_once_stores_one_response(factory):
    """The second of two identical posts racing past the replay check meets the unique key."""
    from sqlalchemy.orm import Session

    from hrsa.core.errors import Conflict
    from hrsa.services.surveys import responding

    survey = open_today(factory.school(), factory.cycle())
    values = {s["id"]: 4 for s in survey.statements}
    responding.record(db.session, survey, values, submission_key="k", today=uk_today())
    real_scalar = Session.scalar
    with pytest.MonkeyPatch.context() as patch:
        # The replay check sees nothing, as it would for a post racing the first one.
        patch.setattr(
            Session,
            "scalar",
            lambda self, query, *a, **k: (
                None if "submission_key" in str(query) else real_scalar(self, query, *a, **k)
            ),
        )
        with pytest.raises(Conflict):
            responding.record(db.session, survey, values, submission_key="k", today=uk_today())
    assert running.response_count(db.session, survey.id) == 1
