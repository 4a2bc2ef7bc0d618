"""Evidence through the browser's eyes: downloads, the instant upload endpoint used by upload.js,
and the administrators' page for restoring deleted evidence."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from flask import current_app
from sqlalchemy import select

from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.models import EvidenceItem
from hrsa.models.base import utcnow
from hrsa.services.assessment import starting
from hrsa.services.evidence import items, uploads
from hrsa.storage.configured import storage_from_config
from tests import evidence_samples as samples


def upload_url(rating, code: str = "1.1") -> str:
    return f"/assessments/{rating.assessment_id}/standards/{code}/evidence"


def stored_item(rating, lead, filename: str = "Safeguarding policy.pdf", data: bytes | None = None):
    item = items.add_file(
        db.session,
        storage_from_config(current_app.config),
        rating=rating,
        stream=io.BytesIO(data if data is not None else samples.pdf()),
        filename=filename,
        user_id=lead.id,
        limits=uploads.limits_from(current_app.config),
    )
    db.session.commit()
    return item


def download(client, url: str):
    # buffered: the test client then closes the stored file, as a real server does.
    return client.get(url, buffered=True)


# --- downloading ------------------------------------------------------------------------------


def test_school_staff_download_their_evidence_as_an_attachment(client, sign_in, rating, lead):
    item = stored_item(rating, lead)
    sign_in(lead.email)

    response = download(client, f"/evidence/{item.id}/download")

    assert response.status_code == 200
    assert response.data == samples.pdf()
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "Safeguarding policy.pdf" in response.headers["Content-Disposition"]
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "private, no-store"


def test_a_text_file_is_downloaded_not_shown(client, sign_in, rating, lead):
    item = stored_item(rating, lead, "log.txt", samples.txt())
    sign_in(lead.email)
    response = download(client, f"/evidence/{item.id}/download")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.mimetype == "text/plain"


def test_the_download_keeps_a_name_with_accents_and_quotes(client, sign_in, rating, lead):
    item = stored_item(rating, lead, 'Café "RSE" policy.pdf')
    sign_in(lead.email)
    disposition = download(client, f"/evidence/{item.id}/download").headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''Caf%C3%A9%20%22RSE%22%20policy.pdf" in disposition


def test_another_schools_staff_cannot_download_it(client, sign_in, factory, rating, lead):
    item = stored_item(rating, lead)
    other = factory.user(Role.SCHOOL_STAFF)
    sign_in(other.email)

    response = download(client, f"/evidence/{item.id}/download")

    assert response.status_code == 404
    assert samples.pdf() not in response.data


def test_commissioners_can_download_any_schools_evidence(client, sign_in, factory, rating, lead):
    item = stored_item(rating, lead)
    commissioner = factory.user(Role.COMMISSIONER)
    sign_in(commissioner.email)

    response = download(client, f"/evidence/{item.id}/download")

    assert response.status_code == 200
    assert response.data == samples.pdf()


def test_removed_evidence_and_links_cannot_be_downloaded(client, sign_in, rating, lead):
    removed = stored_item(rating, lead)
    items.remove(db.session, removed, user_id=lead.id)
    link = items.add_link(
        db.session, rating=rating, url="https://school.example/", title="Site", user_id=lead.id
    )
    db.session.commit()
    sign_in(lead.email)

    assert download(client, f"/evidence/{removed.id}/download").status_code == 404
    assert download(client, f"/evidence/{link.id}/download").status_code == 404
    assert download(client, "/evidence/999999/download").status_code == 404


def test_downloading_needs_a_signed_in_person(client, rating, lead):
    item = stored_item(rating, lead)
    response = download(client, f"/evidence/{item.id}/download")
    assert response.status_code == 302
    assert "/sign-in" in response.headers["Location"]


# --- the instant upload endpoint ---------------------------------------------------------------


def post_files(client, url: str, *files: tuple[bytes, str], headers: dict[str, str] | None = None):
    response = client.post(
        url,
        data={"files": [(io.BytesIO(data), name) for data, name in files]},
        content_type="multipart/form-data",
        headers=headers or {},
    )
    response.get_data()
    response.close()  # also closes the request's spooled temporary file
    return response


def test_uploading_several_files_reports_each_and_keeps_only_the_good_ones(
    client, sign_in, rating, lead
):
    sign_in(lead.email)

    response = post_files(
        client,
        upload_url(rating),
        (samples.pdf(), "Policy.pdf"),
        (samples.exe(), "report.exe.pdf"),
        (samples.csv(), "lessons.csv"),
        (samples.svg(), "logo.png"),
    )

    assert response.status_code == 200
    results = response.get_json()["results"]
    assert [(r["filename"], r["accepted"]) for r in results] == [
        ("Policy.pdf", True),
        ("report.exe.pdf", False),
        ("lessons.csv", True),
        ("logo.png", False),
    ]
    assert results[1]["message"].startswith("report.exe.pdf is a program, not a document")
    assert "HTML or SVG" in results[3]["message"]
    saved = db.session.scalars(
        select(EvidenceItem).where(EvidenceItem.rating_id == rating.id).order_by(EvidenceItem.id)
    ).all()
    assert [item.title for item in saved] == ["Policy.pdf", "lessons.csv"]
    assert results[0]["id"] == saved[0].id
    assert results[0]["title"] == "Policy.pdf"
    assert results[0]["size"] == len(samples.pdf())
    assert results[0]["download_url"] == f"/evidence/{saved[0].id}/download"
    assert download(client, results[2]["download_url"]).data == samples.csv()


def test_a_refused_file_does_not_undo_the_accepted_ones_before_it(
    client, sign_in, rating, lead, monkeypatch
):
    # The test client spools big bodies to a temporary file it never closes: keep it in memory.
    monkeypatch.setattr("werkzeug.test.TemporaryFile", lambda *args, **kwargs: io.BytesIO())
    sign_in(lead.email)
    current_app.config["HRSA_MAX_UPLOAD_MB"] = 1
    try:
        response = post_files(
            client,
            upload_url(rating),
            (samples.png(), "display.png"),
            (b"a" * (1024 * 1024 + 1), "big.txt"),
        )
    finally:
        current_app.config["HRSA_MAX_UPLOAD_MB"] = 20
    results = response.get_json()["results"]
    assert results[0]["accepted"] is True
    assert results[1] == {
        "filename": "big.txt",
        "accepted": False,
        "message": "big.txt is larger than 1 MB: choose a smaller file",
    }
    db.session.expire_all()
    titles = db.session.scalars(select(EvidenceItem.title)).all()
    assert titles == ["display.png"]


def test_the_same_file_again_is_refused_naming_the_earlier_upload(client, sign_in, rating, lead):
    sign_in(lead.email)
    post_files(client, upload_url(rating), (samples.pdf(), "Policy.pdf"))

    response = post_files(
        client, upload_url(rating), (samples.pdf(), "Policy copy.pdf"), (samples.csv(), "a.csv")
    )

    results = response.get_json()["results"]
    assert results[0]["accepted"] is False
    assert results[0]["message"].startswith(
        "Policy copy.pdf is the same file as Policy.pdf, already added to this standard on "
    )
    assert results[1]["accepted"] is True
    db.session.expire_all()
    assert db.session.scalars(select(EvidenceItem.title).order_by(EvidenceItem.id)).all() == [
        "Policy.pdf",
        "a.csv",
    ]


def test_another_schools_staff_cannot_upload(client, sign_in, factory, rating):
    other = factory.user(Role.SCHOOL_LEAD)
    sign_in(other.email)

    response = post_files(client, upload_url(rating), (samples.pdf(), "policy.pdf"))

    assert response.status_code == 404
    assert db.session.scalars(select(EvidenceItem)).all() == []


def test_city_roles_and_submitted_assessments_are_read_only(client, sign_in, factory, rating, lead):
    commissioner = factory.user(Role.COMMISSIONER)
    sign_in(commissioner.email)
    assert post_files(client, upload_url(rating), (samples.pdf(), "a.pdf")).status_code == 403
    sign_in.out()

    factory.submitted(rating.assessment, lead=lead)
    sign_in(lead.email)
    assert post_files(client, upload_url(rating), (samples.pdf(), "a.pdf")).status_code == 403
    assert db.session.scalars(select(EvidenceItem)).all() == []


def test_an_unknown_standard_is_not_found(client, sign_in, rating, lead):
    sign_in(lead.email)
    response = post_files(client, upload_url(rating, "9.9"), (samples.pdf(), "a.pdf"))
    assert response.status_code == 404


def test_posting_no_file_asks_for_one(client, sign_in, rating, lead):
    sign_in(lead.email)
    response = client.post(upload_url(rating), data={}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert response.get_json()["message"] == "Choose a file to upload"
    assert db.session.scalars(select(EvidenceItem)).all() == []


def test_the_upload_endpoint_needs_the_csrf_header_that_upload_js_sends(
    app, client, sign_in, rating, lead
):
    sign_in(lead.email)
    page = client.get("/account").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        refused = post_files(client, upload_url(rating), (samples.pdf(), "a.pdf"))
        accepted = post_files(
            client, upload_url(rating), (samples.pdf(), "a.pdf"), headers={"X-CSRFToken": token}
        )
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert refused.status_code == 400
    assert accepted.status_code == 200
    assert accepted.get_json()["results"][0]["accepted"] is True


# --- restoring deleted evidence -----------------------------------------------------------------


def test_admins_see_recently_deleted_evidence_and_restore_it(
    client, sign_in, factory, rating, lead
):
    item = stored_item(rating, lead, "Behaviour policy.pdf")
    items.remove(db.session, item, user_id=lead.id)
    old = stored_item(rating, lead, "Ancient plan.pdf")
    items.remove(db.session, old, user_id=lead.id, now=utcnow() - timedelta(days=31))
    db.session.commit()
    admin = factory.user(Role.ADMIN)
    sign_in(admin.email)

    page = client.get("/admin/deleted-evidence").get_data(as_text=True)
    assert "Behaviour policy.pdf" in page
    assert lead.school.name in page
    assert lead.name in page
    assert "Ancient plan.pdf" not in page

    response = client.post(f"/admin/deleted-evidence/{item.id}/restore", follow_redirects=True)

    page = response.get_data(as_text=True)
    assert "Behaviour policy.pdf has been restored" in page
    db.session.expire_all()
    assert db.session.get(EvidenceItem, item.id).deleted_at is None
    sign_in.out()
    sign_in(lead.email)
    assert download(client, f"/evidence/{item.id}/download").status_code == 200


def test_evidence_deleted_over_30_days_ago_is_not_restored(client, sign_in, factory, rating, lead):
    old = stored_item(rating, lead, "Ancient plan.pdf")
    items.remove(db.session, old, user_id=lead.id, now=utcnow() - timedelta(days=31))
    db.session.commit()
    admin = factory.user(Role.ADMIN)
    sign_in(admin.email)

    response = client.post(f"/admin/deleted-evidence/{old.id}/restore", follow_redirects=True)

    assert "Ancient plan.pdf was deleted more than 30 days ago and cannot be restored" in (
        response.get_data(as_text=True)
    )
    db.session.expire_all()
    assert db.session.get(EvidenceItem, old.id).deleted_at is not None


def test_only_admins_can_restore(client, sign_in, factory, rating, lead):
    item = stored_item(rating, lead)
    items.remove(db.session, item, user_id=lead.id)
    db.session.commit()
    sign_in(lead.email)
    assert client.get("/admin/deleted-evidence").status_code == 403
    assert client.post(f"/admin/deleted-evidence/{item.id}/restore").status_code == 403
    db.session.expire_all()
    assert db.session.get(EvidenceItem, item.id).deleted_at is not None


@pytest.mark.parametrize(
    ("data", "shown"),
    [
        (b"a" * 300, "300 bytes"),
        (b"a" * 1536, "2 KB"),
        (b"Lesson plan line\n" * (2 * 1024 * 1024 // 17 + 1), "2 MB"),
    ],
)
def test_the_upload_response_and_the_reloaded_page_give_the_same_size(
    client, sign_in, factory, lead, data, shown, monkeypatch
):
    # The test client spools big bodies to a temporary file it never closes: keep it in memory.
    monkeypatch.setattr("werkzeug.test.TemporaryFile", lambda *args, **kwargs: io.BytesIO())
    assessment = starting.start(
        db.session, school=lead.school, cycle=factory.cycle(), user_id=lead.id
    )
    db.session.commit()
    sign_in(lead.email)

    response = post_files(
        client, f"/assessments/{assessment.id}/standards/1.1/evidence", (data, "notes.txt")
    )
    page = client.get(f"/assessments/{assessment.id}/principles/1").get_data(as_text=True)

    assert response.get_json()["results"][0]["size_label"] == shown
    sizes = re.findall(r"notes\.txt</a>\s*<span class=\"govuk-body-s\">\(([^)]*)\)", page)
    assert sizes == [shown]


def test_each_download_of_evidence_is_in_the_audit_trail(client, sign_in, factory, rating, lead):
    from hrsa.models import AuditEvent

    item = stored_item(rating, lead)
    reader = factory.user(Role.COMMISSIONER, name="Cara Commissioner")
    sign_in(reader.email)

    download(client, f"/evidence/{item.id}/download")

    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "download_evidence"))
    assert event is not None
    assert (event.user_id, event.entity_id, event.school_id) == (reader.id, item.id, item.school_id)


@pytest.mark.parametrize(
    ("kept_as", "downloaded_as"),
    [
        ("CON.pdf", "_CON.pdf"),
        ("policy.pdf. ", "policy.pdf"),
        (f"{'x' * 290}.pdf", "x" * 196),
    ],  # the column holds 300
)
def test_a_name_kept_before_the_rules_is_cleaned_for_the_download(
    client, sign_in, rating, lead, kept_as, downloaded_as
):
    """Files stored before names were cleaned keep their names in the database: the download
    applies the same rule, so nobody saves a CON.pdf or a name their disk refuses."""
    item = stored_item(rating, lead)
    item.title = kept_as
    db.session.commit()
    sign_in(lead.email)

    disposition = download(client, f"/evidence/{item.id}/download").headers["Content-Disposition"]

    name = disposition.split("filename=", 1)[1].strip('"')
    assert name.startswith(downloaded_as) and name.endswith(".pdf") and len(name) <= 200
