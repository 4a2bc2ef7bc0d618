"""The citywide benchmark: a scratch city the size of England, the bare SQL, and the pages.

    nice -n 10 .venv/bin/python scripts/benchmark.py --city [--schools 25000] [--runs 5]
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres]

Builds a scratch database (a temporary SQLite file, or a database created on the PostgreSQL
server the URL names and dropped afterwards) through the migrations, writes SCHOOLS schools with
an assessment in each of two cycles (21 ratings each: 1.05 million for 25,000 schools), evidence
and some moderation through the bulk path (hrsa.demo.bulk: multi-row INSERTs, minutes
not hours), then prints medians over RUNS runs of

- the bare aggregation SQL written here by hand (the reference the pages are measured against);
- the full HTTP time of each citywide page, signed in as a commissioner (Flask test client, no
  network), with its ratio to the bare ward x principle query; a page the app does not have yet
  says "not available";
- the CSV export of every rating row, run in a child process, with the child's peak memory.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmark_data import (
    COMMISSIONER,
    PASSWORD,
    analyse,
    build_city,
    make_app,
    scratch_database,
)
from sqlalchemy import make_url, text
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parents[1]

# The bare SQL: what any page showing these figures must at least ask the database.
WARD_BY_PRINCIPLE = """
SELECT s.ward, r.principle_number,
       SUM(CASE WHEN r.rag = 'green' THEN 1 ELSE 0 END) AS green,
       COUNT(r.rag) AS rated,
       SUM(CASE r.rag WHEN 'green' THEN 2 WHEN 'amber' THEN 1 ELSE 0 END) AS score
FROM rating r
JOIN assessment a ON a.id = r.assessment_id
JOIN school s ON s.id = a.school_id
WHERE a.cycle_id = :cycle AND a.status = 'submitted'
GROUP BY s.ward, r.principle_number
"""
# The schools behind each ward's cells (every assessment rates every principle), counted apart:
# a COUNT(DISTINCT school) in the query above costs PostgreSQL a sort per group.
SCHOOLS_BY_WARD = """
SELECT s.ward, COUNT(*) AS schools
FROM assessment a JOIN school s ON s.id = a.school_id
WHERE a.cycle_id = :cycle AND a.status = 'submitted'
GROUP BY s.ward
"""
STATUS_BY_PHASE = """
SELECT s.phase, COALESCE(a.status, 'not_started') AS status, COUNT(*) AS schools
FROM school s LEFT JOIN assessment a ON a.school_id = s.id AND a.cycle_id = :cycle
GROUP BY s.phase, COALESCE(a.status, 'not_started')
"""
RAG_BY_STANDARD = """
SELECT r.standard_code, r.rag, COUNT(*) AS ratings
FROM rating r JOIN assessment a ON a.id = r.assessment_id
WHERE a.cycle_id = :cycle AND a.status = 'submitted'
GROUP BY r.standard_code, r.rag
"""
CYCLE_RATINGS = """
SELECT c.name, s.name, s.urn, s.phase, s.ward, r.principle_number, r.standard_code, r.rag,
       (SELECT COUNT(*) FROM evidence_item e
        WHERE e.rating_id = r.id AND e.deleted_at IS NULL) AS evidence,
       r.updated_at, m.outcome
FROM rating r
JOIN assessment a ON a.id = r.assessment_id
JOIN school s ON s.id = a.school_id
JOIN cycle c ON c.id = a.cycle_id
LEFT JOIN moderation m ON m.rating_id = r.id
WHERE a.cycle_id = :cycle
ORDER BY s.name, r.id
"""


@dataclass(frozen=True)
class Page:
    """A citywide page to time; {cycle} is filled with the current cycle's id."""

    label: str
    path: str
    streamed: bool = False
    reference: str = "ward x principle"  # the bare query its ratio is taken to


# The pages built for issue 8 (hrsa/web/dashboard/, hrsa/exports/). A 404 prints "not available".
PAGES = [
    Page("Overview", "/dashboard/?cycle={cycle}"),
    Page("Area heatmap (wards)", "/dashboard/heatmap/areas?cycle={cycle}"),
    Page("Area heatmap (phases)", "/dashboard/heatmap/areas?cycle={cycle}&by=phase"),
    Page(
        "Area heatmap (wards, moderated values)",
        "/dashboard/heatmap/areas?cycle={cycle}&values=moderated",
    ),
    Page("School heatmap, page 1 (50 rows)", "/dashboard/heatmap/schools?cycle={cycle}"),
    Page("School heatmap, page 200", "/dashboard/heatmap/schools?cycle={cycle}&page=200"),
    Page("School heatmap, most Reds first", "/dashboard/heatmap/schools?cycle={cycle}&sort=reds"),
    Page("Gap ranking", "/dashboard/gaps?cycle={cycle}"),
    Page("Trends", "/dashboard/trends"),
    # Issue 17: one school's whole PDF report, the same cost whatever the city's size (its ward,
    # phase and city comparison is counted once and kept: services/reports/comparison_cache).
    Page("A school's PDF report", "/assessments/{assessment}/report.pdf"),
    Page("Area heatmap CSV", "/dashboard/heatmap/areas.csv?cycle={cycle}", True),
    Page("School heatmap CSV (every school)", "/dashboard/heatmap/schools.csv?cycle={cycle}", True),
    Page(
        "Ratings CSV, one cycle (all its rating rows)",
        "/exports/ratings/{cycle}.csv",
        True,
        "ratings",
    ),
]


# --- timing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Timing:
    """Median wall time, and median CPU time of this process (the machine is shared: the wall
    time includes waiting for a core; the CPU time does not, but misses PostgreSQL's own work)."""

    walls: tuple[float, ...]
    cpus: tuple[float, ...]

    @property
    def wall_ms(self) -> float:
        return statistics.median(self.walls)

    @property
    def cpu_ms(self) -> float:
        return statistics.median(self.cpus)

    def __add__(self, other: Timing) -> Timing:
        return Timing(self.walls + other.walls, self.cpus + other.cpus)


def measure(call: Callable[[], object], runs: int, warm_up: bool = True) -> Timing:
    """`runs` timed calls, after one untimed warm-up unless told otherwise."""
    if warm_up:
        call()
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        call()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return Timing(tuple(walls), tuple(cpus))


BARE_LABELS = {
    "ward x principle": "Ward x principle aggregation, schools per ward (bare SQL)",
    "overview counts": "Overview counts: status by phase, RAG by standard (bare SQL)",
    "ratings": "One cycle's rating rows with evidence count and moderation, read (bare SQL)",
}


def bare_queries(session: Session, cycle_id: int, runs: int) -> dict[str, Timing]:
    """The hand-written SQL's median times: the aggregations, and reading the export's rows."""

    def run(*sqls: str) -> Callable[[], object]:
        return lambda: [session.execute(text(sql), {"cycle": cycle_id}).all() for sql in sqls]

    def read_rows() -> int:
        result = session.execute(
            text(CYCLE_RATINGS).execution_options(yield_per=5000), {"cycle": cycle_id}
        )
        return sum(1 for _ in result)

    return {
        "ward x principle": measure(run(WARD_BY_PRINCIPLE, SCHOOLS_BY_WARD), runs),
        "overview counts": measure(run(STATUS_BY_PHASE, RAG_BY_STANDARD), runs),
        "ratings": measure(read_rows, min(runs, 3)),
    }


def time_page(client: Any, page: Page, names: dict[str, str], runs: int) -> Timing | None:
    """The page's full HTTP time (the whole body read), or None if it does not exist. A streamed
    export is slow and long: its first request is timed too, and it runs at most 3 times."""
    path = page.path.format(**names)

    def fetch() -> int:
        response = client.get(path, buffered=not page.streamed)
        status = int(response.status_code)
        _drain(response)
        return status

    statuses: list[int] = []
    first = measure(lambda: statuses.append(fetch()), 1, warm_up=False)
    if statuses[0] == 404:
        return None
    if statuses[0] != 200:
        raise SystemExit(f"{path} answered {statuses[0]}: fix the page or the benchmark's PAGES")
    if not page.streamed:
        return measure(fetch, runs, warm_up=False)
    return first + measure(fetch, min(runs, 3) - 1, warm_up=False)


def _drain(response: Any) -> int:
    """Read a (possibly streamed) response to the end without keeping it; its size in bytes."""
    size = sum(len(chunk) for chunk in response.iter_encoded())
    response.close()
    return size


# --- the export's memory --------------------------------------------------------------------

# Every cycle's export in turn, in one process: all the rating rows through one peak.
EXPORT_CHILD = """
import sys, time
from benchmark_data import make_app, COMMISSIONER, PASSWORD
from pathlib import Path
app = make_app(sys.argv[1], Path(sys.argv[2]))
start = time.perf_counter()
rows = 0
with app.test_client() as client:
    client.post("/sign-in", data={"email": COMMISSIONER, "password": PASSWORD})
    for path in sys.argv[3:]:
        response = client.get(path, buffered=False)
        if response.status_code == 404:
            print("missing"); sys.exit(0)
        for chunk in response.iter_encoded():
            rows += chunk.count(b"\\n")
        response.close()
        rows -= 1  # the header row
print(rows, time.perf_counter() - start)
"""
EXPORT_PATH = "/exports/ratings/{cycle}.csv"


def export_memory(url: str, folder: Path, cycle_ids: list[int]) -> str:
    """Stream the CSV of every rating in a child process; its rows, time and peak memory."""
    paths = [EXPORT_PATH.format(cycle=cycle_id) for cycle_id in cycle_ids]
    child = subprocess.Popen(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, "-c", EXPORT_CHILD, url, str(folder), *paths],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'scripts'}"},
        stdout=subprocess.PIPE,
        text=True,
    )
    out = child.stdout.read() if child.stdout else ""
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        return f"failed (exit {child.returncode})"
    if out.strip() == "missing":
        return "not available"
    rows, seconds = out.split()
    peak_mb = usage.ru_maxrss / 1024  # Linux reports kilobytes
    return f"{int(rows):,} rows in {float(seconds):.1f} s, peak memory {peak_mb:.0f} MB"


# --- the whole run --------------------------------------------------------------------------


def run_city(schools: int, runs: int, database_url: str | None, exports: bool = True) -> None:
    """Build, measure, print; the scratch database is gone afterwards."""
    from flask_migrate import upgrade

    from hrsa import MIGRATIONS
    from hrsa.extensions import db

    with scratch_database(database_url) as url, tempfile.TemporaryDirectory() as folder:
        app = make_app(url, Path(folder))
        engine_name = make_url(url).get_backend_name()
        with app.app_context():
            upgrade(directory=MIGRATIONS)
            started = time.perf_counter()
            previous, current = build_city(db.session, schools)
            analyse(db.session)
            took = time.perf_counter() - started
            print(f"Built {schools:,} schools in {took:.0f} s ({engine_name})")
            print(f"Load average before measuring: {_load()}")
            first = db.session.scalar(
                text(
                    "SELECT id FROM assessment WHERE cycle_id = :cycle AND status = 'submitted' "
                    "ORDER BY id LIMIT 1"
                ),
                {"cycle": current.id},
            )
            names = {"cycle": str(current.id), "assessment": str(first)}
            cycle_ids = [previous.id, current.id]
            bare = bare_queries(db.session, current.id, runs)
            db.session.remove()
        pages = [page for page in PAGES if exports or page.reference != "ratings"]
        _print_table(
            app, pages, f"{engine_name}, {schools:,} schools, median of {runs}", runs, bare, names
        )
        print(f"\nLoad average after measuring: {_load()}")
        with app.app_context():
            db.engine.dispose()
        if exports:
            memory = export_memory(url, Path(folder), cycle_ids)
            print(f"\nCSV export of every rating, in a child process: {memory}")


def _load() -> str:
    """The machine's load average over 1, 5 and 15 minutes (2 cores shared by eight people)."""
    return ", ".join(f"{load:.1f}" for load in os.getloadavg())


def _print_table(
    app: Any,
    pages: list[Page],
    title: str,
    runs: int,
    bare: dict[str, Timing],
    names: dict[str, str],
) -> None:
    """The markdown table for docs/PERFORMANCE.md: bare SQL first, then each page over HTTP."""
    print(f"\n| {title} | wall | CPU | ratio to bare |")
    print("|---|---|---|---|")
    for key, timing in bare.items():
        print(f"| {BARE_LABELS[key]} | {timing.wall_ms:.0f} ms | {timing.cpu_ms:.0f} ms | 1.00 |")
    with app.test_client() as client:
        client.post("/sign-in", data={"email": COMMISSIONER, "password": PASSWORD})
        for page in pages:
            timing = time_page(client, page, names, runs)
            if timing is None:
                print(f"| {page.label} (HTTP) | not available | | |", flush=True)
                continue
            ratio = timing.wall_ms / bare[page.reference].wall_ms
            print(
                f"| {page.label} (HTTP) | {timing.wall_ms:.0f} ms | {timing.cpu_ms:.0f} ms "
                f"| {ratio:.2f} ({page.reference}) |",
                flush=True,
            )
