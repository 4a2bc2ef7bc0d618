"""Benchmark one school's full PDF report: gathering the data and drawing the PDF.

The school is the issue's worst realistic case: 21 standards with 2,000-character narratives,
3 documents each, 10 plan actions and 10 recommended resources, in a city of 30 submitted
schools (so the comparisons are counted). Built in a scratch SQLite database through the same
services the tests use (tests/factories.py).

    .venv/bin/python scripts/benchmark_report.py --runs 30 [--zip-schools 100]

Then the ZIP of that many schools' full reports (the benchmark school and copies of it, made
with INSERT ... SELECT), built by services.reports.bundle as the download and `hrsa report --all`
build it, in a child process: its time and its peak memory (the whole process's maximum
resident set, `ru_maxrss`).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import insert, literal, select  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from hrsa import create_app  # noqa: E402
from hrsa.core.vocabulary.people import Role  # noqa: E402
from hrsa.core.vocabulary.ratings import Rag  # noqa: E402
from hrsa.extensions import db  # noqa: E402
from hrsa.models import Assessment, EvidenceItem, PlanAction, Rating  # noqa: E402
from hrsa.pdf import render_school_report  # noqa: E402
from hrsa.services.assessment import rating_counts, starting  # noqa: E402
from hrsa.services.cycles import framework_versions  # noqa: E402
from hrsa.services.reports import school_report  # noqa: E402
from tests import resource_helpers  # noqa: E402
from tests.factories import Factory  # noqa: E402

NARRATIVE = ("We teach relationships and consent through the PSHE programme. " * 40)[:2000]


def build(factory: Factory) -> int:
    """The benchmark school's assessment id (and a city of 30 submitted schools beside it)."""
    for n in range(30):
        other = factory.school(name=f"City School {n}", ward="Stoke" if n % 2 else "Ham")
        factory.submitted(factory.assessment(other), rag=Rag.GREEN if n % 3 else Rag.AMBER)
    school = factory.school(name="Benchmark Academy", ward="Stoke")
    assessment = factory.assessment(school)
    codes = starting.framework_for(assessment).standard_codes
    rags = {code: (Rag.AMBER if i < 10 else Rag.GREEN) for i, code in enumerate(codes)}
    factory.rate(assessment, rags, narrative=NARRATIVE)
    for code in codes:
        for k in range(3):
            factory.link(assessment, code, url=f"https://example.org/{code}/{k}", title=f"Doc {k}")
    for code in codes[:10]:
        factory.action(
            assessment, code, what="Review the scheme of work " * 8, due_on=date(2027, 3, 1)
        )
    lead, reviewer = factory.user(Role.SCHOOL_LEAD), factory.user(Role.ADVISORY)
    for n in range(10):
        resource_helpers.approved(lead, reviewer, title=f"Resource {n}")
    return assessment.id


def copies(factory: Factory, assessment_id: int, count: int) -> list[int]:
    """`count` more schools whose assessments are copies of this one (ratings with their
    narratives, evidence and actions), written with INSERT ... SELECT; their assessment ids."""
    session = factory.session
    source = session.get_one(Assessment, assessment_id)
    ids = []
    for n in range(count):
        school = factory.school(name=f"Benchmark Academy {n + 2:03d}", ward="Stoke")
        copy = Assessment(
            school_id=school.id,
            cycle_id=source.cycle_id,
            framework_version_id=source.framework_version_id,
            status=source.status,
        )
        session.add(copy)
        session.flush()
        _copy_ratings(session, source.id, copy.id, school.id)
        ids.append(copy.id)
    rating_counts.recount(session, ids)
    session.commit()
    return ids


def _copy_ratings(session: Session, source_id: int, copy_id: int, school_id: int) -> None:
    ratings = Rating.__table__
    columns = [c.name for c in ratings.c if c.name not in ("id", "assessment_id")]
    session.execute(
        insert(ratings).from_select(
            ["assessment_id", *columns],
            select(literal(copy_id), *(ratings.c[c] for c in columns)).where(
                ratings.c.assessment_id == source_id
            ),
        )
    )
    old, new = Rating.__table__.alias("old"), Rating.__table__.alias("new")
    pairs = (
        select(old.c.id.label("old_id"), new.c.id.label("new_id"))
        .join(new, new.c.standard_code == old.c.standard_code)
        .where(old.c.assessment_id == source_id, new.c.assessment_id == copy_id)
        .subquery()
    )
    for model, fixed in ((EvidenceItem, {"school_id": school_id}), (PlanAction, {})):
        table = model.__table__
        rest = [c.name for c in table.c if c.name not in ("id", "rating_id", *fixed)]
        values = [literal(value) for value in fixed.values()]
        session.execute(
            insert(table).from_select(
                ["rating_id", *fixed, *rest],
                select(pairs.c.new_id, *values, *(table.c[c] for c in rest)).join(
                    pairs, pairs.c.old_id == table.c.rating_id
                ),
            )
        )


# The ZIP in a child process, so its peak memory is the bundle's alone (plus the app's own).
ZIP_CHILD = """
import sys, time
from datetime import UTC, datetime
sys.path.insert(0, sys.argv[1])
from hrsa import create_app
from hrsa.extensions import db
from hrsa.services.reports import bundle
app = create_app({"TESTING": True, "SECRET_KEY": "benchmark-secret-benchmark-secret-32",
    "SQLALCHEMY_DATABASE_URI": sys.argv[2], "HRSA_UPLOAD_DIR": sys.argv[3], "MAIL_SERVER": ""})
ids = [int(i) for i in sys.argv[4].split(",")]
with app.app_context():
    start, cpu = time.perf_counter(), time.process_time()
    size = sum(len(c) for c in bundle.zip_chunks(db.session, ids, now=datetime.now(UTC)))
    print(len(ids), size, time.perf_counter() - start, time.process_time() - cpu)
"""


def zip_benchmark(url: str, uploads: str, ids: list[int]) -> str:
    """Build the ZIP of these assessments' reports in a child process: time and peak memory."""
    child = subprocess.Popen(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, "-c", ZIP_CHILD, str(ROOT), url, uploads, ",".join(map(str, ids))],
        stdout=subprocess.PIPE,
        text=True,
    )
    out = child.stdout.read() if child.stdout else ""
    _, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        return "failed"
    schools, size, wall, cpu = out.split()
    return (
        f"ZIP of {schools} schools' full reports ({int(size) / 2**20:.1f} MB): "
        f"{float(wall):.1f} s wall, {float(cpu):.1f} s CPU; "
        f"peak memory {usage.ru_maxrss / 1024:.0f} MB (the child process's maximum resident set)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--zip-schools", type=int, default=100, help="0 leaves the ZIP out")
    args = parser.parse_args()
    runs = max(1, min(args.runs, 500))
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.sqlite3"
        os.makedirs(f"{folder}/uploads")
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "benchmark-secret-benchmark-secret-32",
                "SQLALCHEMY_DATABASE_URI": url,
                "HRSA_UPLOAD_DIR": f"{folder}/uploads",
                "MAIL_SERVER": "",
            }
        )
        with app.app_context():
            upgrade(directory=str(ROOT / "hrsa" / "migrations"))
            framework_versions.import_framework(db.session, app.config["HRSA_FRAMEWORK_PATH"])
            db.session.commit()
            assessment_id = build(Factory(db.session, app.config))
            now = datetime.now(UTC)

            def one() -> bytes:
                db.session.expire_all()
                assessment = db.session.get_one(Assessment, assessment_id)
                return render_school_report(
                    school_report.school_report(db.session, assessment, now=now)
                )

            size = len(one())  # warm up: font registration, imports
            wall, cpu = [], []
            for _ in range(runs):
                start, start_cpu = time.perf_counter(), time.process_time()
                one()
                wall.append((time.perf_counter() - start) * 1000)
                cpu.append((time.process_time() - start_cpu) * 1000)
            tracemalloc.start()
            one()
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            median_wall, median_cpu = statistics.median(wall), statistics.median(cpu)
            load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
            print(f"One school's full report ({size / 1024:.0f} KB), {runs} runs, load {load}:")
            print(f"  median {median_wall:.0f} ms wall, {median_cpu:.0f} ms CPU")
            print(f"  slowest {max(wall):.0f} ms; peak Python memory drawing {peak / 2**20:.1f} MB")
            if args.zip_schools > 0:
                factory = Factory(db.session, app.config)
                ids = [assessment_id, *copies(factory, assessment_id, args.zip_schools - 1)]
                db.session.remove()
                print(zip_benchmark(url, f"{folder}/uploads", ids), flush=True)


if __name__ == "__main__":
    main()
