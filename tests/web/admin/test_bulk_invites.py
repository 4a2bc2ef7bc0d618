"""An administrator invites a city's leads and staff in one go from a CSV of URN, name, email
and role: every row is shown first, with its problems; only a file without any is invited."""

from __future__ import annotations

import io
from html import unescape

from sqlalchemy import select

from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.models import OutboxMessage, User


def text(response) -> str:
    return unescape(response.get_data(as_text=True))


def upload(client, content: str, encoding: str = "utf-8"):
    return client.post(
        "/admin/accounts/invite/bulk",
        data={"file": (io.BytesIO(content.encode(encoding)), "people.csv")},
        content_type="multipart/form-data",
    )


def test_a_good_file_is_previewed_then_everyone_is_invited(client, factory, admin):
    school = factory.school(urn="113521", name="Ysgol Môr")
    csv_text = (
        "URN,Name,Email,Role\r\n"
        "113521,Sam Lee,Sam.Lee@harbour.example,lead\r\n"
        "113521,Jo Khan,jo.khan@harbour.example,Staff\r\n"
    )
    preview = upload(client, csv_text, "iso-8859-1")
    page = text(preview)
    assert "Check the invitations" in page and "2 people will be invited" in page
    assert "Ysgol Môr" in page and "sam.lee@harbour.example" in page
    assert db.session.scalar(select(User).where(User.email == "sam.lee@harbour.example")) is None
    done = client.post(
        "/admin/accounts/invite/bulk/confirm", data={"csv_text": csv_text.replace("\r\n", "\n")}
    )
    assert done.status_code == 302
    assert "2 invitations" in text(client.get(done.headers["Location"]))
    sam = db.session.scalar(select(User).where(User.email == "sam.lee@harbour.example"))
    jo = db.session.scalar(select(User).where(User.email == "jo.khan@harbour.example"))
    assert (sam.role, sam.school_id) == (Role.SCHOOL_LEAD.value, school.id)
    assert (jo.role, jo.school_id) == (Role.SCHOOL_STAFF.value, school.id)
    assert db.session.query(OutboxMessage).count() == 2


def test_each_rows_problems_are_shown_and_nobody_is_invited(client, factory, admin):
    factory.school(urn="113521")
    taken = factory.user(Role.SCHOOL_STAFF)
    csv_text = (
        "urn,name,email,role\n"
        "113521,Sam Lee,sam@harbour.example,lead\n"
        "12345,,not-an-email,head\n"
        "999999,Jo Khan,sam@harbour.example,staff\n"
        f"113521,Al Taken,{taken.email},staff\n"
    )
    page = text(upload(client, csv_text))
    assert "<title>Error:" in page
    assert "3 rows have problems: correct them, then upload the file again" in page
    for problem in (
        "URN must be 6 digits, like 113521",
        "Enter the person's full name",
        "Enter an email address in the correct format, like name@example.org",
        "Role must be lead or staff",
        "No school has URN 999999",
        "sam@harbour.example is also on row 2",
        f"There is already an account for {taken.email}",
    ):
        assert problem in page, problem
    assert db.session.scalar(select(User).where(User.email == "sam@harbour.example")) is None


def test_a_file_without_the_columns_says_which_it_needs(client, admin):
    page = text(upload(client, "school,person\n113521,Sam\n"))
    assert "The file's first row must name the columns URN, name, email and role" in page


def test_a_tampered_confirmation_invites_nobody(client, factory, admin):
    response = client.post(
        "/admin/accounts/invite/bulk/confirm", data={"csv_text": "urn,name,email,role\n1,,x,y\n"}
    )
    assert response.status_code == 302
    assert "The invitations were not sent" in text(client.get(response.headers["Location"]))


def test_a_file_too_large_to_confirm_is_refused_unread(client, admin):
    page = text(upload(client, "urn,name,email,role\n" + "x" * 210_000))
    assert "The file must be smaller than 200 KB" in page


def test_the_largest_file_can_be_confirmed(client, factory, admin):
    factory.school(urn="113521")
    rows = "".join(f"113521,Person {n},p{n}@harbour.example,staff\n" for n in range(1000))
    csv_text = "urn,name,email,role\n" + rows
    assert len(csv_text.encode()) < 200 * 1024
    assert "1,000 people will be invited" in text(upload(client, csv_text))
    done = client.post("/admin/accounts/invite/bulk/confirm", data={"csv_text": csv_text})
    assert done.status_code == 302
    assert "1,000 invitations" in text(client.get(done.headers["Location"]))
