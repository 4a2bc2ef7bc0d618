"""Measure the assessment journey's pages on a seeded city: time and SQL statements per request.

    .venv/bin/python scripts/benchmark.py [--schools 2000] [--repeat 30] [--database-url URL]
    nice -n 10 .venv/bin/python scripts/benchmark.py --city [--schools 25000] [--runs 5]
        [--no-export] [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres]

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
from hrsa.demo import seed
from hrsa.extensions import db
from hrsa.models import Assessment, Cycle, User
from hrsa.services.cycles.lookup import current_cycle


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--city", action="store_true", help="the citywide benchmark")
    parser.add_argument("--runs", type=int, default=5, help="with --city: runs per median")
    parser.add_argument(
        "--no-export", action="store_true", help="with --city: leave out the (slow) ratings exports"
    )
    args = parser.parse_args()
    if args.city:
        from benchmark_city import run_city

        run_city(args.schools or 25000, args.runs, args.database_url, not args.no_export)
    else:
        run_journey(args.schools or 2000, args.repeat, args.database_url)


def run_journey(schools: int, repeat: int, database_url: str | None) -> None:
    """Seed the demo city with this many schools and time the journey's pages."""
    tmp = Path(tempfile.mkdtemp(prefix="hrsa-bench-"))
    url = database_url or f"sqlite:///{tmp / 'bench.sqlite3'}"
    (tmp / "uploads").mkdir()
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "benchmark-secret-key-0123456789abcdef",
            "WTF_CSRF_ENABLED": False,
            "HRSA_LOGIN_ACCOUNT_LIMIT": "100000 per minute",
            "HRSA_LOGIN_ADDRESS_LIMIT": "100000 per minute",
            "HRSA_UPLOAD_DIR": str(tmp / "uploads"),
        }
    )
    with app.app_context():
        upgrade(directory=str(Path(__file__).resolve().parents[1] / "hrsa" / "migrations"))
        started = time.perf_counter()
        seed.seed(db.session, school_count=schools, seed=2018)
        db.session.commit()
        print(f"Seeded {schools} schools in {time.perf_counter() - started:.1f}s ({url})")
        aid = _lead_assessment_id()
        journey = Journey(repeat)
        event.listen(db.engine, "before_cursor_execute", lambda *a: journey.statements.append(a[2]))
    journey.run(app, aid, schools)


def _lead_assessment_id() -> int:
    lead = db.session.scalar(select(User).where(User.email == "lead@school.example"))
    cycle = current_cycle(db.session)
    assert lead is not None and isinstance(cycle, Cycle)
    assessment = db.session.scalar(
        select(Assessment).where(
            Assessment.school_id == lead.school_id, Assessment.cycle_id == cycle.id
        )
    )
    assert assessment is not None
    return assessment.id


class Journey:
    """Times each page `repeat` times, counting the SQL statements each request runs."""

    def __init__(self, repeat: int) -> None:
        self.repeat = repeat
        self.statements: list[str] = []

    def measure(self, client, label: str, method: str, path: str, data_for=None) -> None:  # type: ignore[no-untyped-def]
        times, counts = [], []
        for _ in range(self.repeat):
            data = data_for(client) if data_for else None
            self.statements.clear()
            start = time.perf_counter()
            response = client.open(path, method=method, data=data)
            times.append((time.perf_counter() - start) * 1000)
            counts.append(len(self.statements))
            assert response.status_code in (200, 302), (path, response.status_code)
        times.sort()
        p95 = times[max(0, int(len(times) * 0.95) - 1)]
        print(f"| {label} | {statistics.median(times):.1f} ms | {p95:.1f} ms | {max(counts)} |")

    def principle_form(self, client, aid: int):  # type: ignore[no-untyped-def]
        page = client.get(f"/assessments/{aid}/principles/1").get_data(as_text=True)
        data = dict(re.findall(r'name="(version-[\d.]+)" value="(\d+)"', page))
        for code in ("1.1", "1.2", "1.3", "1.4"):
            data[f"rag-{code}"] = "amber" if len(self.statements) % 2 else "red"
            data[f"narrative-{code}"] = f"Benchmark narrative {time.perf_counter()}"
        return data

    def run(self, app, aid: int, schools: int) -> None:  # type: ignore[no-untyped-def]
        print("| page | median | 95th percentile | SQL statements |")
        print("|---|---|---|---|")
        with app.test_client() as client:
            sign_in(client, "lead@school.example")
            self.measure(client, "Task list (school lead)", "GET", f"/assessments/{aid}")
            self.measure(
                client, "Principle page (4 standards)", "GET", f"/assessments/{aid}/principles/1"
            )
            self.measure(
                client,
                "Save a principle (4 ratings)",
                "POST",
                f"/assessments/{aid}/principles/1",
                lambda c: self.principle_form(c, aid),
            )
            self.measure(client, "Delivery plan", "GET", f"/assessments/{aid}/plan")
        with app.test_client() as client:
            sign_in(client, "commissioner@city.example")
            self.measure(client, f"Schools list, page 1 of {schools} schools", "GET", "/schools")
            self.measure(client, "Schools list, filtered by ward", "GET", "/schools?ward=Stoke")


def sign_in(client, email: str) -> None:  # type: ignore[no-untyped-def]
    client.post("/sign-in", data={"email": email, "password": seed.DEMO_PASSWORD})


if __name__ == "__main__":
    main()
