"""Benchmark every school's reports as one background job: time per report and peak memory.

Runs the ZIP job (hrsa.services.jobs) for the newest cycle of the database the environment
names (DATABASE_URL, HRSA_UPLOAD_DIR, SECRET_KEY; fill it with `hrsa seed-demo --schools N`),
in this process, as a worker would, then prints the reports made, the time per report and the
process's peak resident memory (`ru_maxrss`). `--limit N` makes the ZIP of the first N schools
only, so two runs compare memory for a small and a large ZIP.

    .venv/bin/python scripts/benchmark_zip_job.py [--limit 50]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import select  # noqa: E402

from hrsa import create_app  # noqa: E402
from hrsa.core.vocabulary.jobs import JobKind  # noqa: E402
from hrsa.extensions import db  # noqa: E402
from hrsa.models import Cycle, Job, User  # noqa: E402
from hrsa.services.jobs import records, running  # noqa: E402
from hrsa.services.reports import bundle  # noqa: E402
from hrsa.storage.filesystem import storage_from_config  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="only the first N schools")
    limit = parser.parse_args().limit
    app = create_app()
    with app.app_context():
        cycle = db.session.scalars(select(Cycle).order_by(Cycle.opens_on.desc())).first()
        admin = db.session.scalar(select(User).where(User.role == "admin"))
        if cycle is None or admin is None:
            raise SystemExit("Fill the database first: hrsa seed-demo --schools N")
        job = records.start(
            db.session,
            user_id=admin.id,
            kind=JobKind.REPORTS_ZIP,
            parameters={"cycle_id": cycle.id},
        )
        db.session.commit()
        if limit:
            every = bundle.assessment_ids
            bundle.assessment_ids = lambda session, c: every(session, c)[:limit]  # type: ignore[assignment]
        started = time.perf_counter()
        settings = running.Settings(min_schools=app.config["HRSA_MIN_CELL_SCHOOLS"])
        state = running.run(db.session, storage_from_config(app.config), job.id, settings=settings)
        took = time.perf_counter() - started
        done = db.session.get_one(Job, job.id)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{state}: {done.done} reports in {took:.1f} s, "
            f"{took / max(done.done, 1) * 1000:.0f} ms a report, peak memory {peak:.0f} MB, "
            f"load average {os.getloadavg()[0]:.2f}"
        )


if __name__ == "__main__":
    main()
