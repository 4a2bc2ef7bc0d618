"""A school works through a principle page: ratings, the Green rule, evidence, conflicts."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.ratings import Rag
from hrsa.extensions import db
from hrsa.models import AuditEvent, EvidenceItem, Rating
from hrsa.services.assessment import starting
from tests.factories import PASSWORD

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def start_assessment(factory, school=None):
    cycle = factory.cycle()
    lead = factory.user(Role.SCHOOL_LEAD, school=school)
    return lead, factory.assessment(lead.school, cycle, by=lead)


def form_for(assessment_id: int, number: int, **overrides):
    """What the page's form sends untouched: every standard's fields with its current version."""
    ratings = db.session.scalars(
        select(Rating).where(
            Rating.assessment_id == assessment_id, Rating.principle_number == number
        )
    ).all()
    data = {}
    for r in ratings:
        data[f"rag-{r.standard_code}"] = r.rag or "not_rated"
        data[f"narrative-{r.standard_code}"] = r.narrative
        data[f"next_steps-{r.standard_code}"] = r.next_steps
        data[f"version-{r.standard_code}"] = str(r.version)
    data.update(overrides)
    return data


def rating(assessment_id: int, code: str) -> Rating:
    db.session.expire_all()
    return db.session.scalar(
        select(Rating).where(Rating.assessment_id == assessment_id, Rating.standard_code == code)
    )


def test_each_rating_choice_explains_its_meaning_from_the_framework(app, client, factory, sign_in):
    lead, assessment = start_assessment(factory)
    sign_in(lead.email)
    page = client.get(f"/assessments/{assessment.id}/principles/4").get_data(as_text=True)
    framework = starting.framework_for(assessment)
    for level in framework.rag:
        # The radio's label, then its hint: the meaning the framework file gives the rating.
        hint = re.search(
            rf'id="rag-4\.3(?:-\d)?" name="rag-4\.3" type="radio" value="{level.value}"'
            rf'.*?>\s*{level.label}\s*</label>\s*<div id="([^"]+)" class="govuk-hint '
            rf'govuk-radios__hint">\s*([^<]+?)\s*</div>',
            page,
            re.S,
        )
        assert hint and hint.group(2) == level.description, level.value
    assert "Standard partly met: work is under way" in page


def test_principle_page_shows_the_framework_text(client, factory, sign_in):
    lead, assessment = start_assessment(factory)
    sign_in(lead.email)
    page = client.get(f"/assessments/{assessment.id}/principles/4").get_data(as_text=True)
    assert "Principle 4: Student Voice" in page
    assert "Schools must enable student voice to influence decisions." in page
    assert "peer mentoring programme" in page  # standard 4.3's wording
    assert 'name="rag-4.3"' in page and "Not yet rated" in page
    assert "Save and continue" in page and "Save as draft" in page


def test_saving_ratings_updates_the_task_list_and_audit_trail(client, factory, sign_in):
    lead, assessment = start_assessment(factory)
    sign_in(lead.email)
    data = form_for(
        assessment.id,
        3,
        **{
            "rag-3.1": "amber",
            "narrative-3.1": "Scheme of work drafted",
            "rag-3.2": "red",
            "action": "continue",
        },
    )
    response = client.post(f"/assessments/{assessment.id}/principles/3", data=data)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/assessments/{assessment.id}/principles/4")
    assert rating(assessment.id, "3.1").rag == "amber"
    page = client.get(f"/assessments/{assessment.id}").get_data(as_text=True)
    assert "2 of 21 standards rated" in page
    assert "0 red" not in page.split("3. Curriculum")[1].split("</li>")[0]
    principle_three = page.split("3. Curriculum, Teaching and Learning")[1].split("</li>")[0]
    assert "1 red, 1 amber, 0 green, 0 not yet rated" in principle_three
    assert "Completed" in principle_three
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.standard_code == "3.1", AuditEvent.field == "rag")
    ).all()
    assert [(e.old_value, e.new_value, e.user_id) for e in events] == [(None, "amber", lead.id)]
    history = client.get(f"/assessments/{assessment.id}/standards/3.1/history").get_data(
        as_text=True
    )
    assert "Rating changed" in history and "Amber" in history and lead.name in history


def test_green_is_refused_without_evidence_and_keeps_what_was_typed(client, factory, sign_in):
    lead, assessment = start_assessment(factory)
    sign_in(lead.email)
    data = form_for(
        assessment.id,
        1,
        **{"rag-1.3": "green", "narrative-1.3": "Our lead is Ms Hawkins", "rag-1.1": "amber"},
    )
    response = client.post(f"/assessments/{assessment.id}/principles/1", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Green can only be awarded if the standard is fully met" in page
    # The summary's link lands on what is missing: the upload, not the Red radio.
    assert 'href="#files-1.3"' in page
    assert 'href="#rag-1.3"' not in page
    assert "Our lead is Ms Hawkins" in page  # the narrative typed is kept
    assert re.search(r'value="amber"\s+checked', page)  # so is the other rating
    assert rating(assessment.id, "1.3").rag is None and rating(assessment.id, "1.1").rag is None


def test_green_without_narrative_is_refused_even_with_a_document(client, factory, sign_in):
    lead, assessment = start_assessment(factory)
    sign_in(lead.email)
    data = form_for(assessment.id, 1, **{"rag-1.3": "green"})
    data["files-1.3"] = (io.BytesIO(PDF), "appointment-letter.pdf")
    response = client.post(
        f"/assessments/{assessment.id}/principles/1", data=data, content_type="multipart/form-data"
    )
    assert "describe the evidence" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(EvidenceItem)) == 0


def test_green_is_accepted_with_a_narrative_and_a_document_in_the_same_save(
    client, factory, sign_in
):
    lead, assessment = start_assessment(factory)
    sign_in(lead.email)
    data = form_for(
        assessment.id, 1, **{"rag-1.3": "green", "narrative-1.3": "Appointed by governors"}
    )
    data["files-1.3"] = [(io.BytesIO(PDF), "appointment-letter.pdf")]
    response = client.post(
        f"/assessments/{assessment.id}/principles/1", data=data, content_type="multipart/form-data"
    )
    assert response.status_code == 302
    assert rating(assessment.id, "1.3").rag == "green"
    page = client.get(f"/assessments/{assessment.id}/principles/1").get_data(as_text=True)
    assert "appointment-letter.pdf" in page


def test_green_is_accepted_with_a_link_as_documentary_evidence(client, factory, sign_in):
    lead, assessment = start_assessment(factory)
    sign_in(lead.email)
    data = form_for(
        assessment.id,
        2,
        **{
            "rag-2.1": "green",
            "narrative-2.1": "Relationships charter in every classroom",
            "link_url-2.1": "https://school.example.org/charter",
            "link_title-2.1": "Our charter",
        },
    )
    assert client.post(f"/assessments/{assessment.id}/principles/2", data=data).status_code == 302
    assert rating(assessment.id, "2.1").rag == "green"


def test_a_link_typed_without_https_gets_it_added(client, factory, sign_in):
    lead, assessment = start_assessment(factory)
    sign_in(lead.email)
    data = form_for(
        assessment.id,
        2,
        **{
            "rag-2.1": "green",
            "narrative-2.1": "Relationships charter in every classroom",
            "link_url-2.1": "school.example.org/charter",
            "link_title-2.1": "Our charter",
        },
    )
    assert client.post(f"/assessments/{assessment.id}/principles/2", data=data).status_code == 302
    assert rating(assessment.id, "2.1").rag == "green"
    page = client.get(f"/assessments/{assessment.id}/principles/2").get_data(as_text=True)
    assert 'href="https://school.example.org/charter"' in page


def test_a_rejected_file_names_the_file_and_saves_nothing(client, factory, sign_in):
    lead, assessment = start_assessment(factory)
    sign_in(lead.email)
    data = form_for(
        assessment.id, 1, **{"rag-1.1": "amber", "narrative-1.1": "Governor training booked"}
    )
    data["files-1.1"] = [(io.BytesIO(b"MZ\x90\x00" + b"\x00" * 200), "minutes.pdf")]
    response = client.post(
        f"/assessments/{assessment.id}/principles/1", data=data, content_type="multipart/form-data"
    )
    page = response.get_data(as_text=True)
    assert "minutes.pdf" in page and "There is a problem" in page
    assert "Governor training booked" in page
    assert rating(assessment.id, "1.1").rag is None


def test_removing_evidence_then_green_is_refused(client, factory, sign_in):
    lead, assessment = start_assessment(factory)
    sign_in(lead.email)
    data = form_for(
        assessment.id,
        2,
        **{
            "rag-2.1": "green",
            "narrative-2.1": "Charter",
            "link_url-2.1": "https://school.example.org/c",
        },
    )
    client.post(f"/assessments/{assessment.id}/principles/2", data=data)
    item = db.session.scalar(select(EvidenceItem))
    data = form_for(assessment.id, 2, remove_evidence=str(item.id))
    response = client.post(f"/assessments/{assessment.id}/principles/2", data=data)
    assert "add at least one document or link" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(EvidenceItem, item.id).deleted_at is None


def test_narrative_over_5000_characters_is_refused_with_the_text_kept(client, factory, sign_in):
    lead, assessment = start_assessment(factory)
    sign_in(lead.email)
    long_text = "word " * 1001  # 5,005 characters
    data = form_for(assessment.id, 5, **{"narrative-5.1": long_text})
    page = client.post(f"/assessments/{assessment.id}/principles/5", data=data).get_data(
        as_text=True
    )
    assert "must be 5,000 characters or fewer" in page
    assert long_text.strip() in page
    assert rating(assessment.id, "5.1").narrative == ""


def test_line_breaks_count_once_towards_the_limit(client, factory, sign_in):
    lead, assessment = start_assessment(factory)
    sign_in(lead.email)
    text = ("a" * 99 + "\r\n") * 50  # 5,000 characters as typed, 5,050 bytes as sent
    data = form_for(assessment.id, 5, **{"narrative-5.1": text})
    assert client.post(f"/assessments/{assessment.id}/principles/5", data=data).status_code == 302
    assert rating(assessment.id, "5.1").narrative == text.replace("\r\n", "\n")


def test_a_later_save_from_a_stale_page_is_refused_and_shows_the_newer_values(
    client, factory, sign_in
):
    lead, assessment = start_assessment(factory)
    colleague = factory.user(Role.SCHOOL_STAFF, school=lead.school)
    stale = form_for(assessment.id, 6)
    sign_in(colleague.email)
    fresh = dict(stale, **{"rag-6.1": "amber", "narrative-6.1": "Wellbeing survey every term"})
    assert client.post(f"/assessments/{assessment.id}/principles/6", data=fresh).status_code == 302
    sign_in.out()
    sign_in(lead.email)
    mine = dict(stale, **{"rag-6.1": "red", "narrative-6.1": "No survey yet"})
    response = client.post(f"/assessments/{assessment.id}/principles/6", data=mine)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Someone else saved changes to this principle" in page
    assert "Wellbeing survey every term" in page  # the newer values are shown
    assert "No survey yet" in page  # and what I typed is kept
    saved = rating(assessment.id, "6.1")
    assert (saved.rag, saved.narrative) == ("amber", "Wellbeing survey every term")
    # Saving again from the re-shown page (which carries the new version) is a deliberate overwrite.
    version = re.search(r'name="version-6.1" value="(\d+)"', page).group(1)
    again = dict(mine, **{"version-6.1": version})
    assert client.post(f"/assessments/{assessment.id}/principles/6", data=again).status_code == 302
    assert rating(assessment.id, "6.1").rag == "red"


def test_tampered_values_get_400_and_write_nothing(client, factory, sign_in):
    lead, assessment = start_assessment(factory)
    sign_in(lead.email)
    url = f"/assessments/{assessment.id}/principles/1"
    cases = [
        form_for(assessment.id, 1, **{"rag-1.1": "purple"}),
        form_for(assessment.id, 1, **{"rag-9.9": "green"}),
        form_for(assessment.id, 1, **{"version-1.1": "abc"}),
        form_for(assessment.id, 1, remove_evidence="not-a-number"),
        {"rag-1.1": "red"},  # versions missing
    ]
    for data in cases:
        assert client.post(url, data=data).status_code == 400, data
    assert client.post(f"/assessments/{assessment.id}/principles/9", data={}).status_code == 404
    assert (
        db.session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "update")
        )
        == 0
    )


def test_removing_evidence_of_another_principle_is_refused(client, factory, sign_in):
    lead, assessment = start_assessment(factory)
    sign_in(lead.email)
    client.post(
        f"/assessments/{assessment.id}/principles/2",
        data=form_for(assessment.id, 2, **{"link_url-2.1": "https://school.example.org/c"}),
    )
    item = db.session.scalar(select(EvidenceItem))
    response = client.post(
        f"/assessments/{assessment.id}/principles/1",
        data=form_for(assessment.id, 1, remove_evidence=str(item.id)),
    )
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(EvidenceItem, item.id).deleted_at is None


def test_city_roles_read_but_cannot_save(client, factory, sign_in):
    lead, assessment = start_assessment(factory)
    commissioner = factory.user(Role.COMMISSIONER)
    sign_in(commissioner.email)
    page = client.get(f"/assessments/{assessment.id}/principles/1").get_data(as_text=True)
    assert "Save as draft" not in page and "Standard 1.1" in page
    response = client.post(
        f"/assessments/{assessment.id}/principles/1",
        data=form_for(assessment.id, 1, **{"rag-1.1": "red", "narrative-1.1": "Not in place"}),
    )
    assert response.status_code == 403
    saved = rating(assessment.id, "1.1")
    assert (saved.rag, saved.narrative, saved.version) == (None, "", 1)


def test_saving_a_principle_runs_a_bounded_number_of_queries(
    client, factory, sign_in, count_queries
):
    """The query count does not grow with standards on the page, evidence or schools."""

    def queries_for_save(number: int, extra_schools: int, evidence_per_standard: int) -> int:
        for _ in range(extra_schools):
            factory.school()
        lead, assessment = start_assessment(factory)
        for code in starting.framework_for(assessment).standard_codes:
            for n in range(evidence_per_standard):
                factory.link(
                    assessment, code, url=f"https://e.example/{n}", title=f"Link {n}", by=lead
                )
        sign_in(lead.email)
        data = form_for(assessment.id, number)
        for key in data:
            if key.startswith("rag-"):
                data[key] = "amber"
        count_queries.clear()
        assert (
            client.post(f"/assessments/{assessment.id}/principles/{number}", data=data).status_code
            == 302
        )
        used = len(count_queries)
        db.session.expire_all()
        saved = db.session.scalars(
            select(Rating.rag).where(
                Rating.assessment_id == assessment.id, Rating.principle_number == number
            )
        ).all()
        assert saved and set(saved) == {"amber"}
        sign_in.out()
        return used

    small = queries_for_save(number=3, extra_schools=0, evidence_per_standard=0)  # 2 standards
    large = queries_for_save(number=1, extra_schools=20, evidence_per_standard=6)  # 4 standards
    assert small == large, (small, large)
    assert large <= 10, large


def test_a_failed_save_keeps_no_uploaded_file_on_disk(app, client, factory, sign_in):
    lead, assessment = start_assessment(factory)
    sign_in(lead.email)
    uploads = Path(app.config["HRSA_UPLOAD_DIR"])
    before = {p for p in uploads.rglob("*") if p.is_file()} if uploads.exists() else set()
    data = form_for(assessment.id, 1, **{"rag-1.3": "green"})  # refused: no narrative
    data["files-1.1"] = [(io.BytesIO(PDF), "minutes.pdf")]  # accepted on its own
    response = client.post(
        f"/assessments/{assessment.id}/principles/1", data=data, content_type="multipart/form-data"
    )
    page = response.get_data(as_text=True)
    assert "Green can only be awarded" in page
    assert "choose them again" in page  # the person is told the chosen file was not kept
    after = {p for p in uploads.rglob("*") if p.is_file()} if uploads.exists() else set()
    assert after == before
    assert db.session.scalar(select(func.count()).select_from(EvidenceItem)) == 0


@pytest.fixture
def csrf_on(app):
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


def test_an_expired_form_keeps_everything_typed_and_saves_nothing(
    client, factory, sign_in, csrf_on
):
    lead, assessment = start_assessment(factory)
    page = client.get("/sign-in").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/sign-in", data={"email": lead.email, "password": PASSWORD, "csrf_token": token})
    url = f"/assessments/{assessment.id}/principles/7"
    data = form_for(
        assessment.id, 7, **{"rag-7.1": "amber", "narrative-7.1": "Two hours of writing"}
    )
    response = client.post(url, data=dict(data, csrf_token="expired-token"))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "This form had expired, so nothing was saved" in page
    assert "Two hours of writing" in page
    assert rating(assessment.id, "7.1").narrative == ""
    new_token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert client.post(url, data=dict(data, csrf_token=new_token)).status_code == 302
    assert rating(assessment.id, "7.1").narrative == "Two hours of writing"


def test_a_submitted_green_shows_no_empty_next_steps(client, factory, sign_in):
    lead, assessment = start_assessment(factory)
    factory.link(assessment, "1.1", by=lead)
    factory.rate(assessment, {"1.1": Rag.GREEN}, by=lead)
    factory.submitted(assessment, lead=lead, rag=Rag.AMBER)
    sign_in(lead.email)

    page = client.get(f"/assessments/{assessment.id}/principles/1").get_data(as_text=True)

    green, amber = page.split('id="standard-1.1"')[1].split('id="standard-1.2"')
    assert "Next steps" not in green
    assert "Next steps" in amber.split('id="standard-1.3"')[0]
