"""`hrsa export-school`, `hrsa erase-person` and `hrsa retention`, run in-process."""

from __future__ import annotations

import json
import zipfile
from datetime import date

from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.models import User


def test_export_school_writes_the_zip_and_names_what_it_holds(app, factory, tmp_path):
    lead = factory.user(Role.SCHOOL_LEAD, factory.school(name="Ash Primary", urn="100001"))
    factory.assessment(lead.school, by=lead)
    out = tmp_path / "ash.zip"

    result = app.test_cli_runner().invoke(
        args=["export-school", "--urn", "100001", "--out", str(out)]
    )

    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Wrote {out}: Ash Primary's profile, 1 assessment(s)")
    with zipfile.ZipFile(out) as archive:
        assert json.loads(archive.read("school.json"))["school"]["urn"] == "100001"


def test_erase_person_asks_first_then_erases(app, factory):
    person = factory.user(Role.ADVISORY, name="Ada Lovelace", email="ada@city.example")
    runner = app.test_cli_runner()

    declined = runner.invoke(args=["erase-person", "--email", "ada@city.example"], input="n\n")
    assert declined.exit_code == 1 and db.session.get_one(User, person.id).name == "Ada Lovelace"

    erased = runner.invoke(args=["erase-person", "--email", "ada@city.example", "--yes"])
    assert erased.exit_code == 0, erased.output
    assert "now 'Erased person " in erased.output
    db.session.expire_all()
    assert db.session.get_one(User, person.id).name.startswith("Erased person ")


def test_retention_dry_run_lists_and_changes_nothing(app, factory, monkeypatch):
    old = factory.cycle("2017/18", opens_on=date(2017, 9, 1), closes_on=date(2018, 7, 31))
    lead = factory.user(Role.SCHOOL_LEAD, factory.school(name="Beech"))
    item = factory.evidence_file(factory.assessment(lead.school, old, by=lead), "1.1")

    result = app.test_cli_runner().invoke(args=["retention", "--dry-run"])

    assert result.exit_code == 0, result.output
    assert "2017/18 · Beech · policy.txt" in result.output
    assert "1 evidence file(s) older than 6 years; nothing was removed." in result.output
    assert item.storage_key in set(factory.store.keys())
