"""The Self-Assessment Tool as data: load, validate and look up the framework.

The city's Healthy Relationships Self-Assessment Tool (8 principles, 21 standards, RAG rating)
lives in ``standards/eight_principles.json`` rather than in code, so that its wording can be
checked against the source report and a new version issued without a code change. Assessments
keep a snapshot of the framework they were made against, so the file is checked strictly: first
against a JSON Schema, then for the numbering rules a schema cannot express. Any problem is
reported as one sentence naming the file, the field and what is wrong. No Flask imports here,
so the CLI and tests can use it directly.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match

from hrsa.core.formatting import first_words
from hrsa.core.vocabulary.ratings import Rag
from hrsa.core.vocabulary.surveys import SCALE_VALUES, SurveyAudience

RAG_VALUES: tuple[str, ...] = Rag.values()
DEFAULT_FRAMEWORK_PATH = Path(__file__).resolve().parents[2] / "standards" / "eight_principles.json"

_CODE_PATTERN = r"^[1-9][0-9]*\.[1-9][0-9]*$"
_TEXT: dict[str, Any] = {"type": "string", "minLength": 1, "pattern": r"\S"}


def _object(**properties: Any) -> dict[str, Any]:
    """A closed object schema in which every listed property is required."""
    closed = {"type": "object", "additionalProperties": False}
    return {**closed, "required": list(properties), "properties": properties}


def _array(items: dict[str, Any], min_items: int = 1, **extra: Any) -> dict[str, Any]:
    return {"type": "array", "minItems": min_items, "items": items, **extra}


# A standard's short title labels its column where the full text cannot fit (the heatmaps, the
# print view). Optional, so snapshots stored before short titles existed still load; the
# shipped file gives every standard one (tests/unit/core/test_framework.py).
SHORT_TITLE_MAX = 32
_SHORT: dict[str, Any] = {
    "type": "string",
    "minLength": 1,
    "maxLength": SHORT_TITLE_MAX,
    "pattern": r"^\S(.*\S)?$",
}
_STANDARD = {
    **_object(code={"type": "string", "pattern": _CODE_PATTERN}, text=_TEXT),
    "properties": {
        "code": {"type": "string", "pattern": _CODE_PATTERN},
        "short": _SHORT,
        "text": _TEXT,
    },
}
_PRINCIPLE = _object(
    number={"type": "integer", "minimum": 1},
    title=_TEXT,
    aim=_TEXT,
    quality_statement=_TEXT,
    evidence_guidance=_TEXT,
    standards=_array(_STANDARD),
)
_RAG_LEVEL = _object(value={"enum": list(RAG_VALUES)}, label=_TEXT, description=_TEXT)
# The question banks: per audience, 8 to 15 short statements, each mapped to the standards
# it informs. Optional, so versions imported before the banks existed still read.
MIN_STATEMENTS, MAX_STATEMENTS = 8, 15
_STATEMENT_ID_PATTERN = r"^[a-z0-9]+$"
_STATEMENT = _object(
    id={"type": "string", "pattern": _STATEMENT_ID_PATTERN},
    text={**_TEXT, "maxLength": 200},
    standards=_array({"type": "string", "pattern": _CODE_PATTERN}, uniqueItems=True),
)
_AUDIENCE = _object(
    key={"enum": list(SurveyAudience.values())},
    label=_TEXT,
    statements=_array(_STATEMENT, MIN_STATEMENTS, maxItems=MAX_STATEMENTS),
)
_SURVEYS = _object(
    status={"enum": ["draft", "confirmed"]},
    note=_TEXT,
    scale=_array(_TEXT, len(SCALE_VALUES), maxItems=len(SCALE_VALUES)),
    audiences=_array(_AUDIENCE),
)

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Healthy relationships self-assessment framework",
    **_object(
        id={"type": "string", "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$"},
        version=_TEXT,
        title=_TEXT,
        source=_TEXT,
        definition=_TEXT,
        purpose=_TEXT,
        instructions=_array(_TEXT),
        rag=_array(_RAG_LEVEL, 3, maxItems=3),
        principles=_array(_PRINCIPLE),
    ),
}
SCHEMA["properties"]["surveys"] = _SURVEYS  # optional: not in "required"


class FrameworkError(Exception):
    """The framework file is missing, unreadable or invalid; ``str()`` is one sentence."""

    def __init__(self, source_name: str, path: str, problem: str) -> None:
        self.source_name, self.path, self.problem = source_name, path, problem
        super().__init__(f"{source_name}: {path + ': ' if path else ''}{problem}")


@dataclass(frozen=True)
class RagLevel:
    value: str
    label: str
    description: str


@dataclass(frozen=True)
class Standard:
    code: str
    text: str
    principle_number: int
    short: str | None = None

    @property
    def short_title(self) -> str:
        """The standard's short title, or its first words where the file gives none."""
        return self.short or first_words(self.text, SHORT_TITLE_MAX)


@dataclass(frozen=True)
class Principle:
    number: int
    title: str
    aim: str
    quality_statement: str
    evidence_guidance: str
    standards: tuple[Standard, ...]


@dataclass(frozen=True)
class SurveyStatement:
    id: str
    text: str
    standards: tuple[str, ...]


@dataclass(frozen=True)
class SurveyAudienceBank:
    key: str
    label: str
    statements: tuple[SurveyStatement, ...]


@dataclass(frozen=True)
class SurveyBank:
    """The survey question banks: `status` is "draft" until the advisory group confirms them."""

    status: str
    note: str
    scale: tuple[str, ...]
    audiences: tuple[SurveyAudienceBank, ...]

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"

    def audience(self, key: str) -> SurveyAudienceBank | None:
        return next((a for a in self.audiences if a.key == key), None)


@dataclass(frozen=True)
class Framework:
    id: str
    version: str
    title: str
    source: str
    definition: str
    purpose: str
    instructions: tuple[str, ...]
    rag: tuple[RagLevel, ...]
    principles: tuple[Principle, ...]
    surveys: SurveyBank | None = None

    @property
    def standards(self) -> tuple[Standard, ...]:
        """All standards, in principle order then standard order."""
        return tuple(s for p in self.principles for s in p.standards)

    @property
    def standard_codes(self) -> tuple[str, ...]:
        return tuple(s.code for s in self.standards)

    def principle(self, number: int) -> Principle:
        for p in self.principles:
            if p.number == number:
                return p
        raise KeyError(f"no principle numbered {number!r}")

    def standard(self, code: str) -> Standard:
        for s in self.standards:
            if s.code == code:
                return s
        raise KeyError(f"no standard with code {code!r}")

    def has_standard(self, code: str) -> bool:
        return code in self.standard_codes


def _field_path(parts: Iterable[str | int]) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _describe(error: ValidationError) -> tuple[str, str]:
    """Return (field path, problem) for a schema error, in plain words."""
    parts: list[str | int] = list(error.absolute_path)
    kind, expected, value = error.validator, error.validator_value, error.instance
    if kind == "required" and isinstance(value, dict):
        missing = next(name for name in expected if name not in value)
        return _field_path([*parts, missing]), "is required but missing"
    if kind == "additionalProperties" and isinstance(value, dict):
        extra = sorted(k for k in value if k not in error.schema.get("properties", {}))
        return _field_path(parts), f"has unexpected field(s) {', '.join(map(repr, extra))}"
    if kind == "type":
        return _field_path(parts), f"must be of type {expected}, not {_show(value)}"
    if kind in ("minLength", "pattern") and expected in (1, r"\S"):
        return _field_path(parts), "must not be empty"
    if kind == "pattern" and expected == _CODE_PATTERN:
        return _field_path(parts), f"{_show(value)} is not in the form N.N"
    if kind == "enum":
        allowed = ", ".join(map(repr, expected))
        return _field_path(parts), f"{_show(value)} is not one of {allowed}"
    if kind in ("minItems", "maxItems"):
        limit = "at least" if kind == "minItems" else "at most"
        return _field_path(parts), f"must contain {limit} {expected} item(s)"
    return _field_path(parts), error.message


def _semantic_check(data: dict[str, Any], source_name: str) -> None:
    values = tuple(level["value"] for level in data["rag"])
    if values != RAG_VALUES:
        found = ", ".join(map(repr, values))
        raise FrameworkError(
            source_name, "rag", f"values must be 'red', 'amber', 'green' in that order, not {found}"
        )
    seen: dict[str, str] = {}
    for i, principle in enumerate(data["principles"]):
        number = principle["number"]
        if number != i + 1:
            raise FrameworkError(
                source_name,
                f"principles[{i}].number",
                f"expected {i + 1} (principles must be numbered 1, 2, 3 and so on, in order) "
                f"but found {number}",
            )
        for j, standard in enumerate(principle["standards"]):
            where, code = f"principles[{i}].standards[{j}].code", standard["code"]
            prefix, _, position = code.partition(".")
            if code in seen:
                problem = f"{code!r} duplicates {seen[code]}"
            elif int(prefix) != number:
                problem = f"{code!r} is listed under principle {number}"
            elif int(position) != j + 1:
                problem = f"expected {number}.{j + 1} (standards must be in order), not {code!r}"
            else:
                seen[code] = where
                continue
            raise FrameworkError(source_name, where, problem)


def _surveys_check(data: dict[str, Any], source_name: str) -> None:
    """Each audience once; statement ids unique across the banks; every mapped standard exists."""
    codes = {s["code"] for p in data["principles"] for s in p["standards"]}
    audiences: set[str] = set()
    ids: dict[str, str] = {}
    for i, audience in enumerate(data["surveys"]["audiences"]):
        if audience["key"] in audiences:
            where = f"surveys.audiences[{i}].key"
            raise FrameworkError(source_name, where, f"{audience['key']!r} appears twice")
        audiences.add(audience["key"])
        for j, statement in enumerate(audience["statements"]):
            where = f"surveys.audiences[{i}].statements[{j}]"
            if statement["id"] in ids:
                problem = f"{statement['id']!r} duplicates {ids[statement['id']]}"
                raise FrameworkError(source_name, f"{where}.id", problem)
            ids[statement["id"]] = f"{where}.id"
            for code in statement["standards"]:
                if code not in codes:
                    problem = f"{code!r} is not a standard of this framework"
                    raise FrameworkError(source_name, f"{where}.standards", problem)


def _parse_surveys(data: dict[str, Any]) -> SurveyBank | None:
    if "surveys" not in data:
        return None
    surveys = data["surveys"]
    return SurveyBank(
        status=surveys["status"],
        note=surveys["note"],
        scale=tuple(surveys["scale"]),
        audiences=tuple(
            SurveyAudienceBank(
                key=a["key"],
                label=a["label"],
                statements=tuple(
                    SurveyStatement(s["id"], s["text"], tuple(s["standards"]))
                    for s in a["statements"]
                ),
            )
            for a in surveys["audiences"]
        ),
    )


def surveys_to_dict(bank: SurveyBank) -> dict[str, Any]:
    """The question banks in the JSON file's shape."""
    return {
        "status": bank.status,
        "note": bank.note,
        "scale": list(bank.scale),
        "audiences": [
            {
                "key": a.key,
                "label": a.label,
                "statements": [
                    {"id": s.id, "text": s.text, "standards": list(s.standards)}
                    for s in a.statements
                ],
            }
            for a in bank.audiences
        ],
    }


def parse_framework(data: object, source_name: str = "<framework>") -> Framework:
    """Validate already-decoded JSON and build a :class:`Framework`, or raise FrameworkError."""
    error = best_match(Draft202012Validator(SCHEMA).iter_errors(data))
    if error is not None:
        raise FrameworkError(source_name, *_describe(error))
    data = cast(dict[str, Any], data)  # the schema guarantees an object
    _semantic_check(data, source_name)
    if "surveys" in data:
        _surveys_check(data, source_name)
    principles = tuple(
        Principle(
            number=int(p["number"]),
            title=p["title"],
            aim=p["aim"],
            quality_statement=p["quality_statement"],
            evidence_guidance=p["evidence_guidance"],
            standards=tuple(
                Standard(s["code"], s["text"], int(p["number"]), s.get("short"))
                for s in p["standards"]
            ),
        )
        for p in data["principles"]
    )
    return Framework(
        id=data["id"],
        version=data["version"],
        title=data["title"],
        source=data["source"],
        definition=data["definition"],
        purpose=data["purpose"],
        instructions=tuple(data["instructions"]),
        rag=tuple(RagLevel(r["value"], r["label"], r["description"]) for r in data["rag"]),
        principles=principles,
        surveys=_parse_surveys(data),
    )


def _reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"the key {key!r} appears more than once in the same object")
        result[key] = value
    return result


def load_framework(path: str | os.PathLike[str]) -> Framework:
    """Read, decode and validate a framework file; every failure is a FrameworkError."""
    name = os.fspath(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FrameworkError(name, "", "the framework file does not exist") from None
    except UnicodeDecodeError:
        raise FrameworkError(name, "", "the file is not valid UTF-8 text") from None
    except OSError as exc:
        raise FrameworkError(name, "", f"the file could not be read ({exc.strerror})") from exc
    try:
        data = json.loads(text, object_pairs_hook=_reject_duplicate_keys)
    except json.JSONDecodeError as exc:
        problem = f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
        raise FrameworkError(name, "", problem) from None
    except ValueError as exc:
        raise FrameworkError(name, "", f"invalid JSON: {exc}") from None
    return parse_framework(data, name)


def framework_to_dict(fw: Framework) -> dict[str, Any]:
    """Return the framework in the JSON file's shape (e.g. to store a snapshot)."""
    content: dict[str, Any] = {
        "id": fw.id,
        "version": fw.version,
        "title": fw.title,
        "source": fw.source,
        "definition": fw.definition,
        "purpose": fw.purpose,
        "instructions": list(fw.instructions),
        "rag": [{"value": r.value, "label": r.label, "description": r.description} for r in fw.rag],
        "principles": [
            {
                "number": p.number,
                "title": p.title,
                "aim": p.aim,
                "quality_statement": p.quality_statement,
                "evidence_guidance": p.evidence_guidance,
                "standards": [_standard_dict(s) for s in p.standards],
            }
            for p in fw.principles
        ],
    }
    if fw.surveys is not None:
        content["surveys"] = surveys_to_dict(fw.surveys)
    return content


def _standard_dict(standard: Standard) -> dict[str, str]:
    """A standard in the file's shape; `short` only where it has one (older snapshots' digests
    stay the same)."""
    found = {"code": standard.code, "text": standard.text}
    if standard.short:
        found = {"code": standard.code, "short": standard.short, "text": standard.text}
    return found
