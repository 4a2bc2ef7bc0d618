"""`make load`: 100 people at once against gunicorn with the production settings, on loopback.

    .venv/bin/python scripts/load/run.py [--database postgresql|sqlite] [--users 100]
        [--seconds 60] [--workers 4] [--threads 2]

Builds a scratch database (PostgreSQL: a new database `hrsa_load` on the server named by
HRSA_LOAD_DATABASE_SERVER, default postgres@127.0.0.1:5432; SQLite: a temporary file), runs the
migrations, seeds the demo city and adds 80 school leads with assessments started and 20
commissioners (scripts/load/setup_city.py). Starts gunicorn from gunicorn.conf.py with
HRSA_ENV=production, Redis (HRSA_LOAD_REDIS_URL, default database 7 of 127.0.0.1:6379) for the
rate limits, and TLS with a certificate made for the run (production cookies are Secure, so a
browser-like client needs https). Then Locust, headless, for --seconds: 80 % leads saving
principle pages with the real form and version fields, 20 % commissioners on the dashboards and
a school's PDF, now and then the ZIP of every school's reports (a job, run by an `hrsa worker`
started beside the server), about half a second between pages. Prints per-request p50/p95/p99,
throughput and failures, then checks every acknowledged save is in the database. Exits 1 on any
failure or lost save.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# People arrive 10 a second and sign in; the figures are counted from when all have arrived
# (Locust's --reset-stats), for --seconds of everyone working at once.
SPAWN_RATE = 10
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def _run(command: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(command[:3])} failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return done.stdout


def _database(kind: str, scratch: Path) -> str:
    if kind == "sqlite":
        return f"sqlite:///{scratch / 'load.sqlite3'}"
    server = os.environ.get(
        "HRSA_LOAD_DATABASE_SERVER", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
    )
    _run([sys.executable, "scripts/ci_database.py", server, "hrsa_load"], dict(os.environ))
    return server.rsplit("/", 1)[0] + "/hrsa_load"


def _certificate(scratch: Path) -> tuple[Path, Path]:
    key, cert = scratch / "key.pem", scratch / "cert.pem"
    _run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert),
        ],
        dict(os.environ),
    )  # fmt: skip
    return key, cert


def _wait_ready(url: str, server: subprocess.Popen[bytes]) -> None:
    import requests
    import urllib3

    urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit("gunicorn stopped at start-up")
        try:
            if requests.get(f"{url}/readyz", timeout=5, verify=False).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    sys.exit("gunicorn was not ready within 120 s")


def _report(prefix: Path) -> int:
    """Print each request kind's figures from Locust's CSV; return the number of failures."""
    rows = list(csv.DictReader((prefix.parent / f"{prefix.name}_stats.csv").open()))
    print(f"\n{'request':<26}{'count':>7}{'fail':>6}{'p50':>7}{'p95':>7}{'p99':>7}{'req/s':>8}")
    failures = 0
    for row in rows:
        name = row["Name"] if row["Name"] != "Aggregated" else "ALL"
        print(
            f"{name:<26}{row['Request Count']:>7}{row['Failure Count']:>6}{row['50%']:>7}"
            f"{row['95%']:>7}{row['99%']:>7}{float(row['Requests/s']):>8.1f}"
        )
        if row["Name"] == "Aggregated":
            failures = int(row["Failure Count"])
    print("(times in ms)")
    return failures


def _check_saves(database_url: str, saves_file: Path) -> int:
    """Every acknowledged save's narrative is in the database; return how many are not."""
    from sqlalchemy import create_engine, text

    saves: dict[str, str] = json.loads(saves_file.read_text())
    engine = create_engine(database_url)
    missing = 0
    with engine.connect() as connection:
        stored = {
            f"{assessment}/{code}": narrative
            for assessment, code, narrative in connection.execute(
                text("SELECT assessment_id, standard_code, narrative FROM rating")
            )
        }
    for key, narrative in saves.items():
        if stored.get(key) != narrative:
            missing += 1
    engine.dispose()
    print(f"{len(saves)} standards saved and acknowledged; {missing} not as acknowledged in the "
          "database")  # fmt: skip
    return missing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["postgresql", "sqlite"], default="postgresql")
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="hrsa-load-"))
    (scratch / "uploads").mkdir()
    port = _free_port()
    url = f"https://127.0.0.1:{port}"
    database_url = _database(args.database, scratch)
    redis_url = os.environ.get("HRSA_LOAD_REDIS_URL", "redis://127.0.0.1:6379/7")
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    env = {
        **os.environ,
        "HRSA_ENV": "production",
        "SECRET_KEY": secrets.token_hex(32),
        "HRSA_BASE_URL": url,
        "DATABASE_URL": database_url,
        "HRSA_REDIS_URL": redis_url,
        "HRSA_UPLOAD_DIR": str(scratch / "uploads"),
        "HRSA_LOG_FORMAT": "json",
    }
    print(f"Preparing the city ({args.database}) ...", flush=True)
    _run([str(BIN / "hrsa"), "db", "upgrade"], env)
    _run([str(BIN / "hrsa"), "seed-demo"], env)
    leads, commissioners = args.users * 4 // 5, args.users - args.users * 4 // 5
    city = _run([sys.executable, "scripts/load/setup_city.py", str(leads), str(commissioners)], env)
    key, cert = _certificate(scratch)
    log = (scratch / "gunicorn.log").open("wb")
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}",
            "--workers", str(args.workers), "--threads", str(args.threads),
            "--certfile", str(cert), "--keyfile", str(key), "hrsa:create_app()",
        ],
        env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    worker_log = (scratch / "worker.log").open("wb")
    worker = subprocess.Popen(
        [str(BIN / "hrsa"), "worker"], env=env, cwd=ROOT, stdout=worker_log,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        _wait_ready(url, server)
        print(f"Load average before: {_load()}", flush=True)
        prefix = scratch / "locust"
        saves = scratch / "saves.json"
        locust_env = {
            **env,
            "HRSA_LOAD_CITY": city.strip().splitlines()[-1],
            "HRSA_LOAD_SAVES": str(saves),
            "PYTHONWARNINGS": "ignore:Unverified HTTPS request",
        }
        subprocess.run(
            [
                str(BIN / "locust"), "-f", "scripts/load/locustfile.py", "--headless",
                "--users", str(args.users), "--spawn-rate", str(SPAWN_RATE),
                "--run-time", f"{args.seconds + args.users // SPAWN_RATE}s", "--reset-stats",
                "--host", url, "--csv", str(prefix),
                "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "5",
            ],
            env=locust_env, cwd=ROOT, check=False, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        print(f"Load average after: {_load()}")
        print(
            f"{args.users} people, {args.seconds} s, gunicorn {args.workers} workers x "
            f"{args.threads} threads, {args.database} with Redis, TLS on loopback"
        )
        failures = _report(prefix)
    finally:
        for process in (server, worker):
            process.terminate()
        for process in (server, worker):
            try:
                process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                process.kill()
        log.close()
        worker_log.close()
    lost = _check_saves(database_url, saves)
    sys.exit(1 if failures or lost else 0)


if __name__ == "__main__":
    main()
