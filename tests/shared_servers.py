"""Scripts that play two app servers sharing a SQLite database, an upload folder and Redis, run
in a child process (the limiter and the app's runner are one object per process)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import redis

from tests import REPO
from tests.conftest import TEST_SECRET

# Tests that need Redis use this database alone and flush only it (the clean_redis fixture).
REDIS_URL = os.environ.get("HRSA_TEST_REDIS_URL", "redis://127.0.0.1:6379/9")


def redis_answers() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def run_servers(
    script: str, tmp_path: Path, redis_url: str, *, timeout: int = 120
) -> subprocess.CompletedProcess[str]:
    """Run `script` with argv: database URL, upload folder, Redis URL and secret key."""
    (tmp_path / "uploads").mkdir()
    return subprocess.run(  # noqa: S603 - this interpreter and a fixed script
        [
            sys.executable,
            "-c",
            script,
            f"sqlite:///{tmp_path / 'shared.sqlite3'}",
            str(tmp_path / "uploads"),
            redis_url,
            TEST_SECRET,
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
