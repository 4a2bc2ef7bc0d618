"""The citywide benchmark's scratch city: an empty database, filled fast.

The database is a temporary SQLite file, or one created on the PostgreSQL server a URL names and
dropped afterwards. Being empty, it lets the writer number the rows itself and send plain tuples:
COPY on PostgreSQL, one executemany per table on SQLite, no ORM and no per-row SQL compiling
(25,000 schools x 21 standards x 2 cycles take a few minutes). The ratings keep the service's
rules: a Green always has documentary evidence, a submitted assessment has every standard rated.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, make_url, text
from sqlalchemy.orm import Session

SECRET = "benchmark-secret-key-0123456789abcdef-0123456789"  # noqa: S105 - scratch app
COMMISSIONER = "commissioner@bench.example"
PASSWORD = "tamar-harbour-lantern-42"  # noqa: S105 - a scratch database's only account
BATCH = 500  # schools written per transaction


# --- the scratch database -------------------------------------------------------------------


@contextmanager
def scratch_database(url: str | None) -> Iterator[str]:
    """A fresh empty database: a temporary SQLite file, or one made on the server and dropped."""
    if url is None:
        with tempfile.TemporaryDirectory(prefix="hrsa-bench-") as folder:
            yield f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        return
    server = make_url(url)
    name = f"hrsa_bench_{os.getpid()}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def make_app(url: str, folder: Path) -> Any:
    from hrsa import create_app

    (folder / "uploads").mkdir(exist_ok=True)
    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": SECRET,
            "WTF_CSRF_ENABLED": False,
            "HRSA_LOGIN_ACCOUNT_LIMIT": "100000 per minute",
            "HRSA_LOGIN_ADDRESS_LIMIT": "100000 per minute",
            "HRSA_UPLOAD_DIR": str(folder / "uploads"),
            "MAIL_SERVER": "",
        }
    )


# --- writing the city -----------------------------------------------------------------------
# The scratch database is empty, so the writer numbers the rows itself and sends plain tuples:
# COPY on PostgreSQL, one executemany per table on SQLite. No ORM and no per-row SQL compiling.


class Writer:
    """Bulk rows into the scratch database: COPY on PostgreSQL, executemany on SQLite."""

    def __init__(self, session: Session) -> None:
        self.connection = session.connection()
        self.postgres = self.connection.dialect.name == "postgresql"

    def stamp(self, when: datetime) -> Any:
        """A timestamp as the driver takes it (SQLAlchemy's text format on SQLite)."""
        return when if self.postgres else when.strftime("%Y-%m-%d %H:%M:%S.%f")

    def rows(self, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        if self.postgres:
            raw = self.connection.connection.driver_connection
            statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
            with raw.cursor() as cursor, cursor.copy(statement) as copy:  # type: ignore[union-attr]
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join("?" for _ in columns)
        self.connection.exec_driver_sql(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",  # noqa: S608 - our names
            rows,
        )

    def next_id(self, table: str) -> int:
        return int(
            self.connection.exec_driver_sql(
                f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}"  # noqa: S608 - our table names
            ).scalar_one()
        )

    def reset_sequences(self, tables: tuple[str, ...]) -> None:
        """After numbering rows ourselves, PostgreSQL's id sequences must carry on from there."""
        if not self.postgres:
            return
        for table in tables:
            sequence = f"pg_get_serial_sequence('{table}', 'id')"
            self.connection.exec_driver_sql(
                f"SELECT setval({sequence}, (SELECT MAX(id) FROM {table}))"  # noqa: S608
            )


SCHOOL_COLUMNS = ("id", "urn", "name", "phase", "ward", "website", "version", "created_at")
ASSESSMENT_COLUMNS = (
    "id", "school_id", "cycle_id", "framework_version_id", "status", "submitted_at",
    "created_at", "version",
)  # fmt: skip
RATING_COLUMNS = (
    "id", "assessment_id", "principle_number", "standard_code", "rag", "narrative", "next_steps",
    "carried_forward", "updated_at", "version",
)  # fmt: skip
EVIDENCE_COLUMNS = (
    "rating_id",
    "school_id",
    "kind",
    "title",
    "url",
    "carried_forward",
    "created_at",
)
MODERATION_COLUMNS = ("rating_id", "outcome", "moderated_rag", "comment", "created_at", "version")
NARRATIVE = {
    "red": "Not yet in place.",
    "amber": "Partly in place: work has started.",
    "green": "Fully in place; see the documents listed.",
}


def _schools(writer: Writer, rng: random.Random, count: int) -> list[tuple[int, str]]:
    """COUNT schools spread over the wards and phases; their ids and phases."""
    from hrsa.demo.city import PHASE_MIX, WARDS

    phases = [phase for phase, share in PHASE_MIX for _ in range(share)]
    first = writer.next_id("school")
    created = writer.stamp(datetime(2025, 1, 1, tzinfo=UTC))
    rows = [
        (first + index, f"{100000 + index}", f"Bench School {index:05d}", rng.choice(phases),
         WARDS[rng.randrange(len(WARDS))][0], f"https://school{index}.example.org.uk", 1, created)
        for index in range(count)
    ]  # fmt: skip
    writer.rows("school", SCHOOL_COLUMNS, rows)
    return [(row[0], row[5]) for row in rows]


@dataclass
class Batch:
    """The rows of one batch of schools, numbered from the next free ids."""

    assessments: list[tuple[Any, ...]]
    ratings: list[tuple[Any, ...]]
    evidence: list[tuple[Any, ...]]
    moderation: list[tuple[Any, ...]]


def _batch(
    writer: Writer,
    rng: random.Random,
    schools: list[tuple[int, str]],
    cycles: list[Any],
    standards: list[tuple[str, int]],
    first: tuple[int, int],
) -> Batch:
    """Both cycles for these schools: last cycle all submitted, this one 70% submitted."""
    from hrsa.demo.city import rag_for

    batch = Batch([], [], [], [])
    assessment_id, rating_id = first
    for school_id, website in schools:
        maturity = rng.uniform(0.1, 0.9)
        for current, cycle in enumerate(cycles):
            submitted = not current or rng.random() < 0.7
            rated_share = 1.0 if submitted else rng.uniform(0.2, 0.9)
            when = writer.stamp(datetime(2026, 3, 1, tzinfo=UTC) + timedelta(days=200 * current))
            batch.assessments.append(
                (assessment_id, school_id, cycle.id, cycle.framework_version_id,
                 "submitted" if submitted else "in_progress", when if submitted else None, when, 1)
            )  # fmt: skip
            for code, principle in standards:
                rag = (
                    rag_for(rng, code, maturity, bool(current))
                    if rng.random() < rated_share
                    else None
                )
                batch.ratings.append(
                    (rating_id, assessment_id, principle, code, rag, NARRATIVE.get(rag or "", ""),
                     "", False, when if rag else None, 2 if rag else 1)
                )  # fmt: skip
                if rag in ("amber", "green"):  # Green only with documentary evidence
                    batch.evidence.append(
                        (rating_id, school_id, "link", f"Standard {code} evidence",
                         f"{website}/policies/{code}", False, when)
                    )  # fmt: skip
                if submitted and not current and rag and rng.random() < 0.02:
                    challenge = rag != "red" and rng.random() < 0.3
                    lower = {"green": "amber", "amber": "red"}.get(rag, rag)
                    batch.moderation.append(
                        (rating_id, "challenge" if challenge else "agree",
                         lower if challenge else rag, "Benchmark moderation.", when, 1)
                    )  # fmt: skip
                rating_id += 1
            assessment_id += 1
    return batch


def build_city(session: Session, count: int, seed: int = 2018) -> list[Any]:
    """Write the scratch city in batches; return its two cycles, previous first."""
    from hrsa.core.framework import DEFAULT_FRAMEWORK_PATH
    from hrsa.core.vocabulary.people import Role
    from hrsa.services.accounts import people
    from hrsa.services.assessment import rating_counts
    from hrsa.services.cycles import framework_versions, lifecycle

    rng = random.Random(seed)
    if framework_versions.latest_version(session) is None:
        framework_versions.import_framework(session, DEFAULT_FRAMEWORK_PATH)
    both = [
        lifecycle.open_cycle(
            session, name=name, opens_on=date(year, 9, 1), closes_on=date(year + 1, 7, 31)
        )
        for name, year in (("2025/26", 2025), ("2026/27", 2026))
    ]
    people.create_user(
        session, email=COMMISSIONER, name="Bench Commissioner", role=Role.COMMISSIONER,
        password=PASSWORD,
    )  # fmt: skip
    framework = framework_versions.framework_of(both[0].framework_version)
    standards = [(s.code, s.principle_number) for s in framework.standards]
    session.commit()
    writer = Writer(session)
    schools = _schools(writer, rng, count)
    ids = (writer.next_id("assessment"), writer.next_id("rating"))
    for start in range(0, count, BATCH):
        batch = _batch(writer, rng, schools[start : start + BATCH], both, standards, ids)
        for table, columns, rows in (
            ("assessment", ASSESSMENT_COLUMNS, batch.assessments),
            ("rating", RATING_COLUMNS, batch.ratings),
            ("evidence_item", EVIDENCE_COLUMNS, batch.evidence),
            ("moderation", MODERATION_COLUMNS, batch.moderation),
        ):
            writer.rows(table, columns, rows)
        ids = (ids[0] + len(batch.assessments), ids[1] + len(batch.ratings))
        progress(f"{min(start + BATCH, count):,} of {count:,} schools written")
    writer.reset_sequences(("school", "assessment", "rating"))
    rating_counts.recount(session)  # the summary the pages read, as every save keeps it
    session.commit()
    progress(f"{ids[1] - 1:,} ratings written", end="\n")
    return both


def progress(message: str, end: str = "\r") -> None:
    if sys.stdout.isatty() or end == "\n":
        print(f"  {message}", end=end, flush=True)


def analyse(session: Session) -> None:
    """Fresh planner statistics, as autovacuum (PostgreSQL) or a nightly ANALYZE would give."""
    session.execute(text("ANALYZE"))
    session.commit()
