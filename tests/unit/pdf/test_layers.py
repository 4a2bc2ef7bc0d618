"""The PDF, export and storage code draws what the services computed without loading them.

import-linter checks the imports as written, leaving out those under `if TYPE_CHECKING:`; this
checks what actually runs: a fresh interpreter that imports every PDF, export and storage module
has loaded no service module.
"""

import subprocess
import sys

from tests import REPO

CHECK = """
import importlib, pkgutil, sys
import hrsa.exports, hrsa.pdf, hrsa.storage
for package in (hrsa.pdf, hrsa.exports, hrsa.storage):
    for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        importlib.import_module(module.name)
print(sorted(name for name in sys.modules if name.startswith("hrsa.services")))
"""


def test_rendering_modules_load_no_service_at_run_time() -> None:
    run = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", CHECK], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert run.stdout.strip() == "[]"
