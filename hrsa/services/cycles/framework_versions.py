"""Framework versions in the database: importing the JSON file and reading a version back.

An assessment stores the id of the version it was made against, so editing the file later (and
importing it as a new version) never changes or breaks past assessments.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from hrsa.core.errors import ServiceError
from hrsa.core.framework import Framework, framework_to_dict, load_framework, parse_framework
from hrsa.models import FrameworkVersion


def _digest(content: dict[str, object]) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def import_framework(session: Session, path: str | Path) -> tuple[FrameworkVersion, bool]:
    """Validate and store the file as a version; returns (version, created). Re-import: no-op."""
    framework = load_framework(path)
    content = framework_to_dict(framework)
    digest = _digest(content)
    existing = session.scalar(
        select(FrameworkVersion).where(
            FrameworkVersion.framework_key == framework.id,
            FrameworkVersion.version == framework.version,
        )
    )
    if existing is not None:
        if existing.sha256 != digest:
            raise ServiceError(
                f"{path}: version {framework.version} is already imported with different "
                "content: give the edited file a new version number."
            )
        return existing, False
    row = FrameworkVersion(
        framework_key=framework.id,
        version=framework.version,
        title=framework.title,
        sha256=digest,
        content=content,
    )
    session.add(row)
    session.flush()
    return row, True


def latest_version(session: Session) -> FrameworkVersion | None:
    """The most recently imported framework version (what new cycles use)."""
    return session.scalar(select(FrameworkVersion).order_by(FrameworkVersion.id.desc()).limit(1))


_parsed: dict[tuple[int, str], Framework] = {}


def framework_of(version: FrameworkVersion) -> Framework:
    """The parsed framework for a stored version (parsed once per process: versions are fixed)."""
    key = (version.id, version.sha256)
    if key not in _parsed:
        _parsed[key] = parse_framework(
            version.content, source_name=f"framework version {version.id}"
        )
    return _parsed[key]
