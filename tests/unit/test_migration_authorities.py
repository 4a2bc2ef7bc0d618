"""Migration 0020 carries a database of one city across: one authority, every school in it, and
the wards its schools name become the authority's wards."""

from __future__ import annotations

from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import text

from hrsa import create_app
from hrsa.extensions import db
from tests import REPO
from tests.conftest import TEST_SECRET

MIGRATIONS = str(REPO / "hrsa" / "migrations")


def test_existing_schools_join_one_authority_with_their_wards(tmp_path: Path) -> None:
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": TEST_SECRET,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.sqlite3'}",
            "HRSA_UPLOAD_DIR": str(tmp_path),
        }
    )
    with app.app_context():
        upgrade(directory=MIGRATIONS, revision="0017")
        for urn, ward in (("100001", "Stoke"), ("100002", "Stoke"), ("100003", "Drake")):
            db.session.execute(
                text(
                    "INSERT INTO school (urn, name, phase, ward, version, created_at) "
                    "VALUES (:urn, 'A school', 'primary', :ward, 1, CURRENT_TIMESTAMP)"
                ),
                {"urn": urn, "ward": ward},
            )
        db.session.commit()
        upgrade(directory=MIGRATIONS)
        authorities = db.session.execute(text("SELECT id, code, name FROM authority")).all()
        assert [(code, name) for _, code, name in authorities] == [("879", "Plymouth")]
        authority_id = authorities[0][0]
        joined = db.session.execute(
            text("SELECT DISTINCT authority_id, is_closed FROM school")
        ).all()
        assert joined == [(authority_id, False)]
        wards = db.session.scalars(text("SELECT name FROM ward ORDER BY name")).all()
        assert wards == ["Drake", "Stoke"]
        db.session.remove()
        db.engine.dispose()
