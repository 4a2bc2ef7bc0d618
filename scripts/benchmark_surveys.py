"""Benchmark the respondents' survey pages in-process, and a class of 30 answering at once.

Builds a scratch SQLite database through the real migrations and services, opens a survey of
secondary pupils (12 statements), then times the start page and the statements page through the
WSGI app (no network, no browser), and sends 30 complete answer sheets from one network address
(a class behind the school's one public address) on 30 threads, counting the statuses.

    .venv/bin/python scripts/benchmark_surveys.py [--runs 100]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flask import Flask  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from hrsa import create_app  # noqa: E402
from hrsa.core.formatting import uk_today  # noqa: E402
from hrsa.core.framework import DEFAULT_FRAMEWORK_PATH  # noqa: E402
from hrsa.extensions import db  # noqa: E402
from hrsa.services.cycles import framework_versions, lifecycle  # noqa: E402
from hrsa.services.schools import profile  # noqa: E402
from hrsa.services.surveys import running  # noqa: E402

CLASS_SIZE = 30


def build(folder: str) -> tuple[Flask, str, list[str]]:
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.db",
            "SECRET_KEY": "benchmark-" * 4,
            "HRSA_UPLOAD_DIR": folder,
            "WTF_CSRF_ENABLED": False,
        }
    )
    with app.app_context():
        upgrade()
        framework_versions.import_framework(db.session, DEFAULT_FRAMEWORK_PATH)
        cycle = lifecycle.open_cycle(
            db.session, name="2026/27", opens_on=date(2026, 9, 1), closes_on=date(2027, 7, 31)
        )
        school = profile.create_school(
            db.session, urn="123456", name="Bench", phase="secondary", ward="Stoke"
        )
        today = uk_today()
        survey = running.open_survey(
            db.session,
            school_id=school.id,
            cycle=cycle,
            audience="secondary_pupils",
            opens_on=today,
            closes_on=today + timedelta(days=7),
            today=today,
            cap=2000,
            user_id=None,
        )
        db.session.commit()
        return app, survey.token, [s["id"] for s in survey.statements]


def time_page(app: Flask, path: str, runs: int) -> tuple[float, float]:
    client = app.test_client()
    client.get(path)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        status = client.get(path).status_code
        times.append((time.perf_counter() - started) * 1000)
        assert status == 200, status
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def one_pupil(app: Flask, token: str, ids: list[str]) -> int:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = "198.51.100.7"
    page = client.get(f"/s/{token}/questions").get_data(as_text=True)
    found = re.search(r'name="form_key" value="([^"]+)"', page)
    assert found is not None
    data = {f"answer-{statement_id}": "4" for statement_id in ids}
    data["form_key"] = found.group(1)
    return client.post(f"/s/{token}/questions", data=data).status_code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app, token, ids = build(folder)
        for name, path in (("start", f"/s/{token}"), ("statements", f"/s/{token}/questions")):
            median, p95 = time_page(app, path, args.runs)
            print(f"{name:<11} median {median:5.1f} ms  p95 {p95:5.1f} ms  ({args.runs} runs)")
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=CLASS_SIZE) as pool:
            statuses = list(pool.map(lambda _: one_pupil(app, token, ids), range(CLASS_SIZE)))
        took = time.perf_counter() - started
        counts = {status: statuses.count(status) for status in sorted(set(statuses))}
        print(f"a class of {CLASS_SIZE} on {CLASS_SIZE} threads: {took:.2f} s, statuses {counts}")


if __name__ == "__main__":
    main()
