"""A background job: who asked for which file, how far it has got, and where its result is (0021).

The row is the job's record for people (its page, its download, its expiry); the queue (RQ on
Redis, or a thread of the app process) only carries the row's id.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hrsa.core.vocabulary.jobs import JobKind, JobState
from hrsa.extensions import db
from hrsa.models.base import UTCDateTime, one_of, utcnow


class Job(db.Model):  # type: ignore[name-defined]
    """One file asked for: made in the background, kept for a day after it is finished."""

    __tablename__ = "job"
    __table_args__ = (
        CheckConstraint(one_of("kind", JobKind.values()), name="kind_known"),
        CheckConstraint(one_of("state", JobState.values()), name="state_known"),
        Index("ix_job_state_expires_at", "state", "expires_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(30))
    parameters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(String(20), default=JobState.QUEUED.value)
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int | None] = mapped_column(default=None)
    result_key: Mapped[str | None] = mapped_column(String(64), default=None)
    file_name: Mapped[str | None] = mapped_column(String(200), default=None)
    media_type: Mapped[str | None] = mapped_column(String(100), default=None)
    error: Mapped[str | None] = mapped_column(Text, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
