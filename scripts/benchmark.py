"""Measure the assessment journey's pages on a seeded city: time and SQL statements per request.

    .venv/bin/python scripts/benchmark.py [--schools 2000] [--repeat 30] [--database-url URL]
    nice -n 10 .venv/bin/python scripts/benchmark.py --city [--schools 25000] [--runs 5]
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres]

With --city it runs the citywide benchmark instead (scripts/benchmark_city.py): a scratch
database of that many schools x 21 standards x 2 cycles written in bulk, the bare aggregation
SQL, and each dashboard, heatmap and export page (on PostgreSQL the URL names the server: a
scratch database is created there and dropped afterwards).

Builds a fresh database (a temporary SQLite file unless --database-url names an empty one), seeds
the demo city with that many schools, then times each page through the WSGI app in-process (no
network), reporting the median and 95th percentile. The numbers go in docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import event, select

from hrsa import create_app
from hrsa.extensions import db
from hrsa.models import Assessment, Cycle, User
from hrsa.services import demo
from hrsa.services.cycles import current_cycle


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--city", action="store_true", help="the citywide benchmark")
    parser.add_argument("--runs", type=int, default=5, help="with --city: runs per median")
    args = parser.parse_args()
    if args.city:
        from benchmark_city import run_city

        run_city(args.schools or 25000, args.runs, args.database_url)
        return
    args.schools = args.schools or 2000
    tmp = Path(tempfile.mkdtemp(prefix="hrsa-bench-"))
    url = args.database_url or f"sqlite:///{tmp / 'bench.sqlite3'}"
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "benchmark-secret-key-0123456789abcdef",
            "WTF_CSRF_ENABLED": False,
            "HRSA_LOGIN_RATE_LIMIT": "100000 per minute",
            "HRSA_UPLOAD_DIR": str(tmp / "uploads"),
        }
    )
    statements: list[str] = []
    with app.app_context():
        upgrade(directory=str(Path(__file__).resolve().parents[1] / "hrsa" / "migrations"))
        started = time.perf_counter()
        demo.seed(db.session, school_count=args.schools, seed=2018)
        db.session.commit()
        print(f"Seeded {args.schools} schools in {time.perf_counter() - started:.1f}s ({url})")
        lead = db.session.scalar(select(User).where(User.email == "lead@school.example"))
        cycle = current_cycle(db.session)
        assert lead is not None and isinstance(cycle, Cycle)
        assessment = db.session.scalar(
            select(Assessment).where(
                Assessment.school_id == lead.school_id, Assessment.cycle_id == cycle.id
            )
        )
        assert assessment is not None
        aid = assessment.id
        event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))

    def measure(client, label: str, method: str, path: str, data_for=None) -> None:  # type: ignore[no-untyped-def]
        times, counts = [], []
        for _ in range(args.repeat):
            data = data_for(client) if data_for else None
            statements.clear()
            start = time.perf_counter()
            response = client.open(path, method=method, data=data)
            times.append((time.perf_counter() - start) * 1000)
            counts.append(len(statements))
            assert response.status_code in (200, 302), (path, response.status_code)
        times.sort()
        p95 = times[max(0, int(len(times) * 0.95) - 1)]
        print(f"| {label} | {statistics.median(times):.1f} ms | {p95:.1f} ms | {max(counts)} |")

    def principle_form(client):  # type: ignore[no-untyped-def]
        page = client.get(f"/assessments/{aid}/principles/1").get_data(as_text=True)
        data = dict(re.findall(r'name="(version-[\d.]+)" value="(\d+)"', page))
        for code in ("1.1", "1.2", "1.3", "1.4"):
            data[f"rag-{code}"] = "amber" if len(statements) % 2 else "red"
            data[f"narrative-{code}"] = f"Benchmark narrative {time.perf_counter()}"
        return data

    def sign_in(client, email: str) -> None:  # type: ignore[no-untyped-def]
        client.post("/sign-in", data={"email": email, "password": demo.DEMO_PASSWORD})

    print("| page | median | 95th percentile | SQL statements |")
    print("|---|---|---|---|")
    with app.test_client() as client:
        sign_in(client, "lead@school.example")
        measure(client, "Task list (school lead)", "GET", f"/assessments/{aid}")
        measure(client, "Principle page (4 standards)", "GET", f"/assessments/{aid}/principles/1")
        measure(
            client,
            "Save a principle (4 ratings)",
            "POST",
            f"/assessments/{aid}/principles/1",
            principle_form,
        )
        measure(client, "Delivery plan", "GET", f"/assessments/{aid}/plan")
    with app.test_client() as client:
        sign_in(client, "commissioner@city.example")
        measure(client, f"Schools list, page 1 of {args.schools} schools", "GET", "/schools")
        measure(client, "Schools list, filtered by ward", "GET", "/schools?ward=Stoke")


if __name__ == "__main__":
    main()
