"""The repository's gunicorn.conf.py serves the app, and its access log carries the request id."""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

from tests import REPO
from tests.conftest import TEST_SECRET

GUNICORN = REPO / ".venv" / "bin" / "gunicorn"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_gunicorn_serves_with_the_repository_settings(tmp_path: Path):
    (tmp_path / "uploads").mkdir()
    port = free_port()
    env = {
        **os.environ,
        "HRSA_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
        "SECRET_KEY": TEST_SECRET,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'g.sqlite3'}",
        "HRSA_UPLOAD_DIR": str(tmp_path / "uploads"),
        "HRSA_ENV": "development",
    }
    server = subprocess.Popen(  # noqa: S603 - the project's own gunicorn
        [str(GUNICORN), "-c", "gunicorn.conf.py", "hrsa:create_app()"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline, answer = time.monotonic() + 30, None
        while time.monotonic() < deadline and answer is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:  # noqa: S310
                    answer = (r.status, r.headers["X-Request-ID"])
            except OSError:
                time.sleep(0.2)
        assert answer is not None and answer[0] == 200
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert f"request_id={answer[1]}" in output
