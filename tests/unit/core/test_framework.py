"""Unit tests for hrsa.core.framework and the shipped standards/eight_principles.json."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from hrsa.core.framework import (
    DEFAULT_FRAMEWORK_PATH,
    RAG_VALUES,
    SCHEMA,
    SHORT_TITLE_MAX,
    Framework,
    FrameworkError,
    load_framework,
    parse_framework,
)
from hrsa.core.framework import framework_to_dict as to_dict
from hrsa.core.vocabulary.ratings import Rag
from tests import REPO

SHIPPED = REPO / "standards" / "eight_principles.json"
EXPECTED_CODES = (
    *("1.1", "1.2", "1.3", "1.4"),
    *("2.1", "2.2", "2.3"),
    *("3.1", "3.2"),
    *("4.1", "4.2", "4.3"),
    *("5.1", "5.2"),
    *("6.1", "6.2", "6.3"),
    *("7.1", "7.2"),
    *("8.1", "8.2"),
)


@pytest.fixture(scope="module")
def framework() -> Framework:
    return load_framework(SHIPPED)


def shipped_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SHIPPED.read_text(encoding="utf-8"))
    return copy.deepcopy(data)


def write(tmp_path: Path, content: str | dict[str, Any]) -> Path:
    path = tmp_path / "framework.json"
    text = content if isinstance(content, str) else json.dumps(content)
    path.write_text(text, encoding="utf-8")
    return path


def load_error(tmp_path: Path, content: str | dict[str, Any]) -> tuple[Path, str]:
    path = write(tmp_path, content)
    with pytest.raises(FrameworkError) as info:
        load_framework(path)
    return path, str(info.value)


# --- the shipped file -----------------------------------------------------------------------


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    Draft202012Validator.check_schema(SCHEMA)


def test_default_path_points_at_shipped_file() -> None:
    assert DEFAULT_FRAMEWORK_PATH == SHIPPED


def test_shipped_file_loads_with_metadata(framework: Framework) -> None:
    assert framework.id == "plymouth-healthy-relationships"
    assert framework.version == "2018.3"
    assert framework.title == "Healthy Relationships Whole-School Self-Assessment"
    for words in (
        "Healthy Relationships Final Report",
        "Safer Plymouth",
        "June 2018",
        "appendix 1",
    ):
        assert words in framework.source
    assert framework.definition == (
        "A healthy relationship is a relationship with friends, family or loved ones that is "
        "built on a solid foundation of respect, honesty, communication and trust."
    )
    assert framework.purpose.startswith("A standardised self-assessment tool for use by ")
    assert len(framework.instructions) == 3
    assert (
        "Green can only be awarded if the standard is fully met. It is anticipated"
        in (framework.instructions[1])
    )


def test_shipped_file_has_eight_principles_and_21_standards_in_order(
    framework: Framework,
) -> None:
    assert [p.number for p in framework.principles] == list(range(1, 9))
    assert [len(p.standards) for p in framework.principles] == [4, 3, 2, 3, 2, 3, 2, 2]
    assert len(framework.standards) == 21
    assert framework.standard_codes == EXPECTED_CODES
    for principle in framework.principles:
        assert all(s.principle_number == principle.number for s in principle.standards)
        assert principle.title and principle.aim and principle.quality_statement
        assert principle.evidence_guidance.startswith("Evidence of ")


def test_wording_spot_checks_against_the_report(framework: Framework) -> None:
    assert framework.principle(1).title == "Leadership and Management"
    assert framework.principle(1).aim.startswith(
        "Schools must have leadership and management that supports and champions"
    )
    assert framework.principle(3).aim.endswith("support social and emotional wellbeing.")
    assert framework.principle(5).title == "Staff Development, Health and Wellbeing"
    assert framework.principle(8).title == "Targeted Support"
    assert framework.principle(8).aim == "Targeted Support and appropriate referral."
    assert "peer mentoring programme" in framework.standard("4.3").text
    assert "feeling listened to and understood" in framework.standard("2.2").text
    assert "integral principle of the whole school approach" in framework.standard("5.2").text
    assert framework.standard("6.1").text.startswith("The school has a range of systems")
    assert "PSHE quality mark" in framework.standard("8.2").text
    for standard in framework.standards:
        assert "<" not in standard.text and not standard.text[0].isdigit()


def test_rag_levels_and_green_rule(framework: Framework) -> None:
    assert tuple(level.value for level in framework.rag) == RAG_VALUES
    assert [level.label for level in framework.rag] == ["Red", "Amber", "Green"]
    # The framework file and the vocabulary call each rating the same.
    assert [level.label for level in framework.rag] == [rag.label for rag in Rag]
    assert "Green can only be awarded if the standard is fully met." in (
        framework.rag[2].description
    )
    assert "documentary verification" in framework.rag[2].description


def test_lookups(framework: Framework) -> None:
    assert framework.principle(4).number == 4
    assert framework.standard("7.2").principle_number == 7
    assert framework.has_standard("3.2")
    assert not framework.has_standard("3.3")
    with pytest.raises(KeyError):
        framework.principle(9)
    with pytest.raises(KeyError):
        framework.standard("9.1")


def test_round_trip_through_dict(framework: Framework) -> None:
    data = to_dict(framework)
    assert data == shipped_data()
    assert parse_framework(json.loads(json.dumps(data))) == framework


# --- broken files ---------------------------------------------------------------------------


def test_every_shipped_standard_has_its_own_short_title(framework: Framework) -> None:
    shorts = [s.short for s in framework.standards]
    assert all(shorts) and len(set(shorts)) == len(shorts)
    assert all(len(short or "") <= SHORT_TITLE_MAX for short in shorts)
    assert framework.standard("4.3").short_title == "Peer mentoring"


def test_a_snapshot_without_short_titles_still_loads_with_first_words() -> None:
    data = shipped_data()
    for principle in data["principles"]:
        for standard in principle["standards"]:
            del standard["short"]
    old = parse_framework(data)
    assert old.standard("1.3").short is None
    fallback = old.standard("1.3").short_title
    assert fallback.startswith("The School have an") and fallback.endswith("…")
    assert len(fallback) <= SHORT_TITLE_MAX + 1
    assert "short" not in to_dict(old)["principles"][0]["standards"][0]


def test_a_short_title_too_long_or_blank_is_rejected(tmp_path: Path) -> None:
    data = shipped_data()
    data["principles"][0]["standards"][0]["short"] = "x" * (SHORT_TITLE_MAX + 1)
    path, message = load_error(tmp_path, data)
    assert message.startswith(f"{path}: principles[0].standards[0].short: ")
    data["principles"][0]["standards"][0]["short"] = " "
    path, message = load_error(tmp_path, data)
    assert "principles[0].standards[0].short" in message


def test_invalid_json_is_rejected_with_position(tmp_path: Path) -> None:
    path, message = load_error(tmp_path, '{\n  "id": "x"\n  "version": "1"\n}')
    assert message.startswith(f"{path}: invalid JSON at line 3 column 3: Expecting ','")


def test_missing_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.json"
    with pytest.raises(FrameworkError) as info:
        load_framework(path)
    assert str(info.value) == f"{path}: the framework file does not exist"


def test_duplicate_json_keys_are_rejected(tmp_path: Path) -> None:
    path, message = load_error(tmp_path, '{"id": "a", "id": "b"}')
    assert (
        message == f"{path}: invalid JSON: the key 'id' appears more than once in the same object"
    )


def test_top_level_must_be_an_object(tmp_path: Path) -> None:
    path, message = load_error(tmp_path, "[1, 2]")
    assert message == f"{path}: must be of type object, not [1, 2]"


def test_missing_principles_is_rejected(tmp_path: Path) -> None:
    data = shipped_data()
    del data["principles"]
    path, message = load_error(tmp_path, data)
    assert message == f"{path}: principles: is required but missing"


def test_empty_standard_text_is_rejected(tmp_path: Path) -> None:
    data = shipped_data()
    data["principles"][1]["standards"][2]["text"] = "   "
    path, message = load_error(tmp_path, data)
    assert message == f"{path}: principles[1].standards[2].text: must not be empty"


def test_badly_formed_code_is_rejected(tmp_path: Path) -> None:
    data = shipped_data()
    data["principles"][2]["standards"][0]["code"] = "3.1."
    path, message = load_error(tmp_path, data)
    assert message == f"{path}: principles[2].standards[0].code: '3.1.' is not in the form N.N"


def test_duplicate_code_is_rejected(tmp_path: Path) -> None:
    data = shipped_data()
    data["principles"][0]["standards"][1]["code"] = "1.1"
    path, message = load_error(tmp_path, data)
    assert message == (
        f"{path}: principles[0].standards[1].code: '1.1' duplicates principles[0].standards[0].code"
    )


def test_code_under_the_wrong_principle_is_rejected(tmp_path: Path) -> None:
    data = shipped_data()
    data["principles"][2]["standards"][1]["code"] = "4.2"
    path, message = load_error(tmp_path, data)
    assert message == f"{path}: principles[2].standards[1].code: '4.2' is listed under principle 3"


def test_standards_out_of_order_are_rejected(tmp_path: Path) -> None:
    data = shipped_data()
    standards = data["principles"][0]["standards"]
    standards[1], standards[2] = standards[2], standards[1]
    path, message = load_error(tmp_path, data)
    assert message.startswith(f"{path}: principles[0].standards[1].code: expected 1.2")
    assert "'1.3'" in message


def test_principles_must_be_numbered_in_order(tmp_path: Path) -> None:
    data = shipped_data()
    data["principles"][4]["number"] = 7
    path, message = load_error(tmp_path, data)
    assert message.startswith(f"{path}: principles[4].number: expected 5")
    assert "but found 7" in message


def test_rag_value_blue_is_rejected(tmp_path: Path) -> None:
    data = shipped_data()
    data["rag"][2]["value"] = "blue"
    path, message = load_error(tmp_path, data)
    assert message == f"{path}: rag[2].value: 'blue' is not one of 'red', 'amber', 'green'"


def test_rag_values_must_be_red_amber_green_in_order(tmp_path: Path) -> None:
    data = shipped_data()
    data["rag"][0], data["rag"][1] = data["rag"][1], data["rag"][0]
    path, message = load_error(tmp_path, data)
    assert message.startswith(f"{path}: rag: values must be 'red', 'amber', 'green' in that order")


def test_unexpected_field_is_rejected(tmp_path: Path) -> None:
    data = shipped_data()
    data["principles"][0]["colour"] = "blue"
    path, message = load_error(tmp_path, data)
    assert message == f"{path}: principles[0]: has unexpected field(s) 'colour'"


def test_parse_framework_uses_the_source_name() -> None:
    with pytest.raises(FrameworkError) as info:
        parse_framework({}, "snapshot #4")
    assert str(info.value).startswith("snapshot #4: ")
    assert "is required but missing" in str(info.value)
