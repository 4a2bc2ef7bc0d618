"""An administrator erases a person after confirming, and downloads a school's export."""

from __future__ import annotations

import io
import json
import zipfile

from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.models import User


def test_erasing_asks_first_then_erases(client, factory, sign_in):
    person = factory.user(Role.ADVISORY, name="Ada Lovelace", email="ada@city.example")
    admin = factory.user(Role.ADMIN)
    sign_in(admin.email)

    assert "Erase Ada Lovelace" in client.get(f"/admin/accounts/{person.id}").get_data(as_text=True)
    ask = client.get(f"/admin/accounts/{person.id}/erase").get_data(as_text=True)
    assert "Are you sure you want to erase Ada Lovelace?" in ask
    assert db.session.get_one(User, person.id).name == "Ada Lovelace"

    response = client.post(f"/admin/accounts/{person.id}/erase", data={})
    assert response.status_code == 302
    db.session.expire_all()
    erased = db.session.get_one(User, person.id)
    assert erased.name.startswith("Erased person ") and "ada" not in erased.email
    page = client.get(response.location).get_data(as_text=True)
    assert "The person has been erased" in page


def test_an_admin_cannot_erase_themselves_and_others_cannot_erase(client, factory, sign_in):
    admin = factory.user(Role.ADMIN, name="Alex Admin")
    sign_in(admin.email)
    assert client.post(f"/admin/accounts/{admin.id}/erase", data={}).status_code == 302
    assert db.session.get_one(User, admin.id).name == "Alex Admin"
    sign_in.out()
    sign_in(factory.user(Role.ADVISORY).email)
    assert client.post(f"/admin/accounts/{admin.id}/erase", data={}).status_code == 403


def test_the_school_export_downloads_as_a_zip(client, factory, sign_in):
    school = factory.school(name="Ash Primary")
    factory.assessment(school)
    sign_in(factory.user(Role.ADMIN).email)

    assert "Download everything held about Ash Primary" in client.get(
        f"/admin/schools/{school.id}"
    ).get_data(as_text=True)
    assert client.get(f"/admin/schools/{school.id}/export").status_code == 302  # an old link
    started = client.post(f"/admin/schools/{school.id}/export")
    assert started.headers["Location"].startswith("/jobs/")
    response = client.get(started.headers["Location"] + "/download", buffered=True)

    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith(
        'attachment; filename="ash-primary-data-protection-export-'
    )
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        assert json.loads(archive.read("school.json"))["school"]["name"] == "Ash Primary"
    # The audit log's filter by school finds the download.
    log = client.get(f"/admin/audit?urn={school.urn}").get_data(as_text=True)
    assert '<td class="govuk-table__cell">Data exported</td>' in log
