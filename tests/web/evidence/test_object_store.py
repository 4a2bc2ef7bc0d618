"""Evidence kept in an S3-compatible object store (moto's server on loopback): uploaded through the
app and downloaded back, streamed or by a short-lived link, and a store that stops answering
while the app runs is a 503 page and a failing /readyz, never a traceback."""

from __future__ import annotations

import io
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from flask import current_app
from sqlalchemy import select

from hrsa.core.vocabulary.audit import AuditAction
from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.models import AuditEvent, EvidenceItem
from hrsa.storage.configured import storage_from_config
from hrsa.storage.s3 import S3Storage
from tests import evidence_samples as samples
from tests.object_store import silent_endpoint


def files_on_disk() -> set[str]:
    root = Path(current_app.config["HRSA_UPLOAD_DIR"])
    return {p.name for p in root.rglob("*") if p.is_file()}


def upload(client, rating, data: bytes, name: str) -> dict:
    response = client.post(
        f"/assessments/{rating.assessment_id}/standards/1.1/evidence",
        data={"files": [(io.BytesIO(data), name)]},
        content_type="multipart/form-data",
    )
    result = response.get_json()
    response.close()
    assert response.status_code == 200, result
    assert result["results"][0]["accepted"], result
    return result["results"][0]


def test_evidence_uploaded_goes_to_the_bucket_and_downloads_back(
    s3_app, client, sign_in, lead, rating
):
    before = files_on_disk()
    sign_in(lead.email)

    result = upload(client, rating, samples.pdf(), "Safeguarding policy.pdf")
    response = client.get(result["download_url"], buffered=True)

    assert result["accepted"] is True
    assert response.status_code == 200
    assert response.data == samples.pdf()
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "Safeguarding policy.pdf" in response.headers["Content-Disposition"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "private, no-store"
    item = db.session.get(EvidenceItem, result["id"])
    store = storage_from_config(current_app.config)
    assert isinstance(store, S3Storage)
    assert list(store.keys()) == [item.storage_key]
    assert files_on_disk() == before  # nothing went to this machine's disk


def test_a_download_streams_from_the_store(s3_app, client, sign_in, lead, rating):
    sign_in(lead.email)
    data = samples.csv() + b"\n".join(b"row %d,text" % n for n in range(20000))  # ~250 KB
    result = upload(client, rating, data, "lessons.csv")

    response = client.get(result["download_url"])

    assert response.is_streamed
    pieces = list(response.response)
    response.close()
    assert len(pieces) > 1 and max(len(piece) for piece in pieces) <= 64 * 1024
    assert b"".join(pieces) == data


def test_presigned_downloads_redirect_to_a_short_lived_link(
    s3_app, client, sign_in, lead, rating, monkeypatch
):
    monkeypatch.setitem(s3_app.config, "HRSA_S3_PRESIGNED_DOWNLOADS", True)
    sign_in(lead.email)
    result = upload(client, rating, samples.pdf(), "Café RSE policy.pdf")

    response = client.get(result["download_url"])

    assert response.status_code == 302
    link = response.headers["Location"]
    assert link.startswith(s3_app.config["HRSA_S3_ENDPOINT_URL"])
    query = parse_qs(urlsplit(link).query)
    assert query["X-Amz-Expires"] == ["300"]
    assert response.headers["Cache-Control"] == "private, no-store"
    with urllib.request.urlopen(link, timeout=10) as fetched:  # noqa: S310 - the loopback server
        assert fetched.read() == samples.pdf()
        disposition = fetched.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''Caf%C3%A9%20RSE%20policy.pdf" in disposition
    downloads = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == AuditAction.DOWNLOAD_EVIDENCE)
    ).all()
    assert [event.entity_id for event in downloads] == [result["id"]]


def test_a_presigned_link_is_never_given_for_someone_elses_evidence(
    s3_app, client, sign_in, factory, lead, rating, monkeypatch
):
    monkeypatch.setitem(s3_app.config, "HRSA_S3_PRESIGNED_DOWNLOADS", True)
    sign_in(lead.email)
    result = upload(client, rating, samples.pdf(), "Policy.pdf")
    sign_in.out()
    sign_in(factory.user(Role.SCHOOL_STAFF).email)

    response = client.get(result["download_url"])

    assert response.status_code == 404
    assert "Location" not in response.headers


def test_a_store_that_stops_answering_is_a_503_page_and_a_failing_readyz(
    s3_app, client, sign_in, lead, rating, monkeypatch
):
    sign_in(lead.email)
    result = upload(client, rating, samples.pdf(), "Policy.pdf")
    monkeypatch.setitem(s3_app.config, "HRSA_S3_ENDPOINT_URL", silent_endpoint())

    download = client.get(result["download_url"])
    ready = client.get("/readyz")

    assert download.status_code == 503
    page = download.get_data(as_text=True)
    assert "Sorry, the service is unavailable" in page and "Traceback" not in page
    assert ready.status_code == 503
    assert ready.get_json()["database"] == "ok"
    assert "does not answer" in ready.get_json()["store"]


def test_readyz_is_ok_with_a_store_that_answers(s3_app, client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json()["store"] == "ok"
