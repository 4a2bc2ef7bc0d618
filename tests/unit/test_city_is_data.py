"""The city is data: no module, template or script of the package names the demo city, outside
the demo's generators and the migrations (which carried the existing schools across)."""

from __future__ import annotations

from tests import REPO

EXEMPT = {"demo", "migrations", "__pycache__", "dist"}


def test_nothing_outside_the_demo_and_migrations_names_plymouth() -> None:
    package = REPO / "hrsa"
    naming = []
    for path in package.rglob("*"):
        if not path.is_file() or EXEMPT & set(path.relative_to(package).parts):
            continue
        if path.suffix not in {".py", ".html", ".txt", ".js", ".scss", ".yaml", ".yml", ".md"}:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if "plymouth" in line.lower():
                naming.append(f"{path.relative_to(REPO)}:{number}")
    assert naming == []
