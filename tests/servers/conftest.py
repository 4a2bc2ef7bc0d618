"""Two hrsa app servers (gunicorn) on loopback, sharing one PostgreSQL database, one Redis and
one S3-compatible object store (moto's server on loopback), as a council would run them behind
a load balancer.

Needs PostgreSQL (HRSA_TEST_DATABASE_URL's server, else postgres@127.0.0.1:5432) and Redis
(HRSA_TEST_REDIS_URL's server, else 127.0.0.1:6379; database 8 is emptied first). Run by
`make test-servers` (a stage of .ci/run); `make test` leaves these out.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis
import requests
from sqlalchemy.engine import make_url

from tests.object_store import CREDENTIALS, REGION

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _database_url() -> str:
    """A fresh database on the test PostgreSQL server."""
    given = os.environ.get("HRSA_TEST_DATABASE_URL", "")
    server = (
        make_url(given).set(database="postgres")
        if given.startswith("postgresql")
        else make_url("postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    )
    server_text = server.render_as_string(hide_password=False)
    subprocess.run(
        [sys.executable, str(REPO / "scripts" / "ci_database.py"), server_text, "hrsa_two_servers"],
        check=True,
        capture_output=True,
    )
    return server.set(database="hrsa_two_servers").render_as_string(hide_password=False)


def _redis_url() -> str:
    base = os.environ.get("HRSA_TEST_REDIS_URL", "redis://127.0.0.1:6379/9")
    url = base.rsplit("/", 1)[0] + "/8"
    redis.Redis.from_url(url).flushdb()
    return url


@dataclass
class Servers:
    a: str
    b: str
    env: dict[str, str]
    city: dict[str, str | int]
    logs: list[Path]


def _wait_ready(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 120
    last = "no answer"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} stopped at start-up:\n{log.read_text()[-3000:]}")
        try:
            answer = requests.get(f"{url}/readyz", timeout=5)
            if answer.status_code == 200:
                return
            last = f"{answer.status_code} {answer.text[:300]}"
        except requests.RequestException as error:
            last = repr(error)
        time.sleep(0.2)
    raise RuntimeError(f"{url} was not ready within 120 s ({last}):\n{log.read_text()[-3000:]}")


def _bucket(endpoint: str) -> dict[str, str]:
    """A new bucket on the tests' S3-compatible server, and the settings that use it."""
    from hrsa.storage.s3 import s3_client

    os.environ.update(CREDENTIALS)
    bucket = f"hrsa-two-servers-{secrets.token_hex(4)}"
    s3_client(endpoint).create_bucket(
        Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION}
    )
    return {
        **CREDENTIALS,
        "HRSA_STORAGE_URL": f"s3://{bucket}/uploads",
        "HRSA_S3_ENDPOINT_URL": endpoint,
    }


@pytest.fixture(scope="session")
def servers(tmp_path_factory: pytest.TempPathFactory, s3_endpoint: str) -> Iterator[Servers]:
    base = tmp_path_factory.mktemp("two-servers")
    ports = [_free_port(), _free_port()]
    env = {
        **os.environ,
        "HRSA_ENV": "development",  # plain http on loopback: cookies without the Secure flag
        "SECRET_KEY": secrets.token_hex(32),
        "DATABASE_URL": _database_url(),
        "HRSA_REDIS_URL": _redis_url(),
        **_bucket(s3_endpoint),  # the files: one S3-compatible store for both
        "HRSA_BASE_URL": f"http://127.0.0.1:{ports[0]}",
        "HRSA_LOGIN_ACCOUNT_LIMIT": "5 per minute",
        "HRSA_LOG_FORMAT": "text",
    }
    env.pop("HRSA_TEST_DATABASE_URL", None)
    subprocess.run(
        [str(BIN / "hrsa"), "db", "upgrade"], env=env, cwd=REPO, check=True, capture_output=True
    )
    made = subprocess.run(
        [sys.executable, "-m", "tests.servers.setup_city"],
        env=env,
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
    )
    city = json.loads(made.stdout.strip().splitlines()[-1])
    processes, logs = [], []
    for port in ports:
        log = base / f"gunicorn-{port}.log"
        logs.append(log)
        with log.open("wb") as out:  # the child keeps its own copy of the file
            processes.append(
                subprocess.Popen(
                    [
                        str(BIN / "gunicorn"),
                        "-c",
                        "gunicorn.conf.py",
                        "--bind",
                        f"127.0.0.1:{port}",
                        "--workers",
                        "2",
                        "hrsa:create_app()",
                    ],
                    env=env,
                    cwd=REPO,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            )
    try:
        urls = [f"http://127.0.0.1:{port}" for port in ports]
        for url, process, log in zip(urls, processes, logs, strict=True):
            _wait_ready(url, process, log)
        yield Servers(urls[0], urls[1], env, city, logs)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
