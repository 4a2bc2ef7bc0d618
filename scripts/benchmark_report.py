"""Benchmark one school's full PDF report: gathering the data and drawing the PDF.

The school is the issue's worst realistic case: 21 standards with 2,000-character narratives,
3 documents each, 10 plan actions and 10 recommended resources, in a city of 30 submitted
schools (so the comparisons are counted). Built in a scratch SQLite database through the same
services the tests use (tests/factories.py).

    .venv/bin/python scripts/benchmark_report.py --runs 30
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402

from hrsa import create_app  # noqa: E402
from hrsa.extensions import db  # noqa: E402
from hrsa.models import Assessment, Role  # noqa: E402
from hrsa.pdf import render_school_report  # noqa: E402
from hrsa.services import assessments, frameworks, reports  # noqa: E402
from hrsa.vocabulary import Rag  # noqa: E402
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
    codes = assessments.framework_for(assessment).standard_codes
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    runs = max(1, min(parser.parse_args().runs, 500))
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "benchmark-secret-benchmark-secret-32",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite3",
                "HRSA_UPLOAD_DIR": f"{folder}/uploads",
                "MAIL_SERVER": "",
            }
        )
        with app.app_context():
            upgrade(directory=str(ROOT / "hrsa" / "migrations"))
            frameworks.import_framework(db.session, app.config["HRSA_FRAMEWORK_PATH"])
            db.session.commit()
            assessment_id = build(Factory(db.session, app.config))
            now = datetime.now(UTC)

            def one() -> bytes:
                db.session.expire_all()
                assessment = db.session.get_one(Assessment, assessment_id)
                return render_school_report(reports.school_report(db.session, assessment, now=now))

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
    print(f"One school's full report ({size / 1024:.0f} KB), {runs} runs:")
    print(f"  median {statistics.median(wall):.0f} ms wall, {statistics.median(cpu):.0f} ms CPU")
    print(f"  slowest {max(wall):.0f} ms; peak Python memory while drawing {peak / 2**20:.1f} MB")


if __name__ == "__main__":
    main()
