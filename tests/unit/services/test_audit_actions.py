"""Every action the code writes to the audit trail has a label for the history page."""

from __future__ import annotations

import ast
import re

import pytest
from sqlalchemy import select

from hrsa.core.vocabulary.audit import AuditAction
from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.models import AuditEvent
from hrsa.services import audit
from tests import REPO

PACKAGE = REPO / "hrsa"


def _literal_actions(node: ast.expr) -> list[str]:
    """The action names an `action=` argument can take ('' parts of f-strings become '.+')."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [re.escape(node.value)]
    if isinstance(node, ast.IfExp):
        return _literal_actions(node.body) + _literal_actions(node.orelse)
    if isinstance(node, ast.JoinedStr):
        parts = [re.escape(v.value) if isinstance(v, ast.Constant) else ".+" for v in node.values]
        return ["".join(parts)]
    return []  # a name or AuditAction member: checked by the type and at run time


def recorded_actions() -> list[tuple[str, str]]:
    """(where, pattern) for every literal action given as `action=` or an "action" key in hrsa/."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            where = f"{path.relative_to(PACKAGE.parent)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Call):  # record(..., action="...") and the like
                for keyword in node.keywords:
                    if keyword.arg == "action":
                        found += [(where, p) for p in _literal_actions(keyword.value)]
            if isinstance(node, ast.Dict):  # rows written in bulk: {"action": "...", ...}
                for key, value in zip(node.keys, node.values, strict=True):
                    if isinstance(key, ast.Constant) and key.value == "action":
                        found += [(where, p) for p in _literal_actions(value)]
    return found


def test_the_code_records_actions_and_the_scan_finds_them():
    patterns = {pattern for _, pattern in recorded_actions()}
    assert {
        "add_evidence",
        "invite",
        "sign_in",
    } <= patterns  # a scan that finds nothing proves nothing


@pytest.mark.parametrize(("where", "pattern"), recorded_actions())
def test_every_recorded_action_is_an_audit_action_with_a_label(where, pattern):
    matches = [action for action in AuditAction if re.fullmatch(pattern, action.value)]
    assert matches, f"{where} records {pattern!r}, which is not an AuditAction"
    for action in matches:
        assert action.label and action.label != action.value


def test_every_audit_action_has_its_own_label():
    labels = [action.label for action in AuditAction]
    assert len(set(labels)) == len(labels)


def test_recording_an_unknown_action_fails_loudly(app):
    with pytest.raises(ValueError):
        audit.record(db.session, user_id=None, action="frobnicate", entity="school")
    db.session.rollback()


def test_history_describes_actions_and_values_in_words(factory):
    lead = factory.user(Role.SCHOOL_LEAD)
    audit.write(
        db.session,
        [
            audit.Event(AuditAction.PURGE_EVIDENCE, "evidence", 1, school_id=lead.school_id),
            audit.Event(AuditAction.SIGN_IN, "user", lead.id),
            *audit.changes("rating", 7, {"rag": (None, "amber"), "narrative": ("", "")}),
            *audit.changes("plan_action", 8, {"status": ("not_started", "done")}),
        ],
        user_id=lead.id,
    )
    db.session.commit()
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [(e.description, e.old_display, e.new_display) for e in events[-4:]] == [
        ("Evidence deleted permanently", "", ""),
        ("Signed in", "", ""),
        ("Rating changed", "", "Amber"),
        ("Status changed", "Not started", "Done"),
    ]
    assert all(e.user_id == lead.id and e.at is not None for e in events[-4:])
