"""The per-test database fixture: a test's writes, commits included, are rolled back at its end,
and the engine's rules (SQLite's PRAGMAs) still hold on the test's connection."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.models import School


def test_a_commit_only_releases_a_savepoint_inside_the_tests_transaction(factory) -> None:
    factory.school(name="Lipson Vale")
    db.session.commit()

    connection = db.session.connection()
    assert connection.in_transaction() and connection.in_nested_transaction()
    assert db.session.scalar(select(func.count()).select_from(School)) == 1


def test_the_database_still_refuses_a_row_that_points_nowhere(factory) -> None:
    lead = factory.user(Role.SCHOOL_LEAD, factory.school())
    db.session.commit()

    with pytest.raises(IntegrityError):  # SQLite's foreign_keys PRAGMA holds on this connection
        db.session.execute(
            text("UPDATE user_account SET school_id = :nowhere WHERE id = :id"),
            {"nowhere": lead.school_id + 1000, "id": lead.id},
        )
        db.session.flush()
    db.session.rollback()  # back to the last savepoint: the committed school is still there

    assert db.session.get(School, lead.school_id) is not None
