"""Framework versions: a later edit of the file never changes or breaks past assessments."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from flask import Flask

from hrsa.core.errors import ServiceError
from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.services.assessment import starting
from hrsa.services.cycles import framework_versions


def edited_copy(app: Flask, tmp_path: Path, version: str, new_text: str) -> Path:
    data = json.loads(Path(app.config["HRSA_FRAMEWORK_PATH"]).read_text())
    data["version"] = version
    data["principles"][0]["standards"][0]["text"] = new_text
    path = tmp_path / f"framework-{version}.json"
    path.write_text(json.dumps(data))
    return path


def test_a_new_version_is_used_by_new_cycles_and_old_assessments_keep_theirs(
    app, factory, tmp_path
):
    lead = factory.user(Role.SCHOOL_LEAD)
    old_cycle = factory.cycle("2025/26", opens_on=date(2025, 9, 1), closes_on=date(2026, 7, 31))
    old = starting.start(db.session, school=lead.school, cycle=old_cycle, user_id=None)
    db.session.commit()
    original = starting.framework_for(old).standard("1.1").text

    version, created = framework_versions.import_framework(
        db.session,
        edited_copy(app, tmp_path, "2027.1", "Governors understand healthy relationships."),
    )
    db.session.commit()
    assert created and version.version == "2027.1"
    new_cycle = factory.cycle("2026/27")
    new = starting.start(db.session, school=lead.school, cycle=new_cycle, user_id=None)

    assert starting.framework_for(new).standard("1.1").text == (
        "Governors understand healthy relationships."
    )
    db.session.expire_all()
    assert starting.framework_for(old).standard("1.1").text == original
    assert old.framework_version_id != new.framework_version_id


def test_reimporting_the_same_version_is_a_no_op_and_an_edit_needs_a_new_number(app, tmp_path):
    _, created = framework_versions.import_framework(db.session, app.config["HRSA_FRAMEWORK_PATH"])
    assert created is False
    with pytest.raises(ServiceError, match="give the edited file a new version number"):
        framework_versions.import_framework(
            db.session, edited_copy(app, tmp_path, "2018.3", "Changed.")
        )
