"""hrsa's tests: unit/ mirrors the Flask-free package, web/ mirrors hrsa/web; browser/."""

from pathlib import Path

#: The repository's root, for tests that read the package, the scripts or the shipped framework.
REPO = Path(__file__).resolve().parents[1]
