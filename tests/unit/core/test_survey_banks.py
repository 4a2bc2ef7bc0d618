"""The survey question banks in the framework file: shipped as a draft, validated like the
standards, and optional so versions imported before them still read."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from hrsa.core.framework import (
    DEFAULT_FRAMEWORK_PATH,
    Framework,
    FrameworkError,
    load_framework,
    parse_framework,
)
from hrsa.core.framework import framework_to_dict as to_dict


@pytest.fixture(scope="module")
def framework() -> Framework:
    return load_framework(DEFAULT_FRAMEWORK_PATH)


def test_shipped_question_banks_are_a_draft_with_8_to_15_statements_per_audience(
    framework: Framework,
) -> None:
    bank = framework.surveys
    assert bank is not None and bank.is_draft
    assert [a.key for a in bank.audiences] == [
        "primary_pupils",
        "secondary_pupils",
        "staff",
        "parents",
    ]
    assert len(bank.scale) == 5
    for audience in bank.audiences:
        assert 8 <= len(audience.statements) <= 15
        for statement in audience.statements:
            assert statement.standards
            assert all(framework.has_standard(code) for code in statement.standards)
    staff = bank.audience("staff")
    assert staff is not None
    assert any(s.standards == ("5.1",) for s in staff.statements)


def _with_banks(change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    data = json.loads(DEFAULT_FRAMEWORK_PATH.read_text(encoding="utf-8"))
    change(data["surveys"])
    return data


def test_a_statement_mapped_to_an_unknown_standard_is_rejected() -> None:
    def change(surveys: dict[str, Any]) -> None:
        surveys["audiences"][0]["statements"][0]["standards"] = ["9.9"]

    with pytest.raises(
        FrameworkError, match=r"statements\[0\]\.standards: '9.9' is not a standard"
    ):
        parse_framework(_with_banks(change))


def test_too_few_statements_and_duplicate_ids_are_rejected() -> None:
    def too_few(surveys: dict[str, Any]) -> None:
        del surveys["audiences"][2]["statements"][7:]

    with pytest.raises(FrameworkError, match="must contain at least 8 item"):
        parse_framework(_with_banks(too_few))

    def duplicate(surveys: dict[str, Any]) -> None:
        surveys["audiences"][1]["statements"][0]["id"] = "pp01"

    with pytest.raises(FrameworkError, match="'pp01' duplicates"):
        parse_framework(_with_banks(duplicate))


def test_a_framework_without_question_banks_still_reads() -> None:
    data = json.loads(DEFAULT_FRAMEWORK_PATH.read_text(encoding="utf-8"))
    del data["surveys"]
    framework = parse_framework(data)
    assert framework.surveys is None
    assert "surveys" not in to_dict(framework)
