"""Benchmark: importing one authority's schools from a whole-England register extract.

Writes a synthetic `edubasealldata` extract with DfE's column names (50,000 rows by default,
spread over 150 authorities of realistic sizes, ISO-8859-1 like the older downloads), then runs
`hrsa import-schools` against a scratch SQLite database (or a PostgreSQL server given by URL):
a dry run, the first import, and the same extract again. Prints each run's wall time, the
process's peak memory and the load average.

    .venv/bin/python scripts/benchmark_gias.py [--rows 50000] [--database URL]
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from gias_extract import HEADER  # noqa: E402 - the tests' header: DfE's real column names

SECRET = "benchmark-secret-key-0123456789abcdef-0123456789"  # noqa: S105 - scratch app
AUTHORITY = "879"
PHASES = ["Primary"] * 70 + ["Secondary"] * 17 + ["All-through"] * 3 + ["Nursery"] * 2
TYPES = (
    ["Community school"] * 60
    + ["Academy converter"] * 30
    + ["Pupil referral unit"] * 3
    + ["Community special school"] * 5
    + ["Further education"] * 2
)
STATUSES = ["Open"] * 90 + ["Closed"] * 8 + ["Open, but proposed to close"] + ["Proposed to open"]


def write_extract(path: Path, rows: int, seed: int = 2018) -> int:
    """The extract at `path`; returns how many rows belong to the benchmark's authority."""
    rng = random.Random(seed)
    codes = [AUTHORITY] + [f"{code}" for code in range(800, 949)]
    weights = [1.0] + [rng.uniform(0.3, 3.0) for _ in codes[1:]]
    ours = 0
    with path.open("w", encoding="iso-8859-1", newline="") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(HEADER)
        index = {column: n for n, column in enumerate(HEADER)}
        for number in range(rows):
            code = rng.choices(codes, weights)[0]
            ours += code == AUTHORITY
            cells = [""] * len(HEADER)
            values = {
                "URN": f"{100000 + number}",
                "LA (code)": code,
                "LA (name)": "Plymouth" if code == AUTHORITY else f"Authority {code}",
                "EstablishmentName": f"Ysgol Môr {number}",
                "TypeOfEstablishment (name)": rng.choice(TYPES),
                "EstablishmentStatus (name)": rng.choice(STATUSES),
                "PhaseOfEducation (name)": rng.choice(PHASES),
                "StatutoryLowAge": "4",
                "StatutoryHighAge": "11",
                "NumberOfPupils": str(rng.randint(40, 1600)),
                "Street": f"{number} Tamar Road",
                "Town": "Plymouth",
                "Postcode": "PL1 1AA",
                "SchoolWebsite": f"www.school{number}.sch.uk",
                "TelephoneNum": f"01752{rng.randint(100000, 999999)}",
                "HeadTitle (name)": "Mrs",
                "HeadFirstName": "Hana",
                "HeadLastName": "Head",
                "AdministrativeWard (code)": f"E0500{rng.randint(8000, 8019)}",
                "AdministrativeWard (name)": f"Ward {rng.randint(8000, 8019)}",
            }
            for column, value in values.items():
                cells[index[column]] = value
            writer.writerow(cells)
    return ours


def run(database: str, *args: str) -> float:
    """`hrsa ARGS` in this process; its wall time in seconds."""
    from hrsa import create_app

    app = create_app({"SECRET_KEY": SECRET, "SQLALCHEMY_DATABASE_URI": database})
    started = time.perf_counter()
    result = app.test_cli_runner().invoke(args=list(args))
    elapsed = time.perf_counter() - started
    if result.exit_code != 0:
        raise SystemExit(f"{' '.join(args)} failed: {result.output}{result.exception}")
    shown = " ".join(args).replace(args[1], "EXTRACT")
    print(f"  hrsa {shown}: {elapsed:.2f} s\n    {' '.join(result.output.split())}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--database", help="a SQLAlchemy URL (default: a scratch SQLite file)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        extract = Path(work) / "edubasealldata20261205.csv"
        started = time.perf_counter()
        ours = write_extract(extract, options.rows)
        size = extract.stat().st_size / 1024 / 1024
        print(
            f"Extract: {options.rows:,} rows ({size:.1f} MB, {ours} of authority {AUTHORITY}), "
            f"written in {time.perf_counter() - started:.1f} s"
        )
        database = options.database or f"sqlite:///{Path(work) / 'bench.sqlite3'}"
        from flask_migrate import upgrade

        from hrsa import create_app

        app = create_app({"SECRET_KEY": SECRET, "SQLALCHEMY_DATABASE_URI": database})
        with app.app_context():
            upgrade(directory=str(ROOT / "hrsa" / "migrations"))
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        for args in ((*("--dry-run",),), (), ()):
            run(database, "import-schools", str(extract), "--authority", AUTHORITY, *args)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"Peak memory: {peak:.0f} MB (before the imports: {before:.0f} MB)")
        print(f"Load average: {' '.join(f'{n:.2f}' for n in os.getloadavg())}")


if __name__ == "__main__":
    main()
