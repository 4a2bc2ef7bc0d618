"""Background jobs: what a job makes (its kind) and where it is (its state)."""

from __future__ import annotations

from hrsa.core.vocabulary.base import Labelled


class JobKind(Labelled):
    """What a background job makes: each a file to download once it is ready."""

    REPORTS_ZIP = "reports_zip"
    CITY_REPORT = "city_report"
    RATINGS_EXPORT = "ratings_export"
    PLANS_EXPORT = "plans_export"
    SCHOOL_EXPORT = "school_export"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    JobKind.REPORTS_ZIP: "Every school's report (ZIP)",
    JobKind.CITY_REPORT: "Citywide report (PDF)",
    JobKind.RATINGS_EXPORT: "Ratings export",
    JobKind.PLANS_EXPORT: "Delivery plans export",
    JobKind.SCHOOL_EXPORT: "Everything held about a school (ZIP)",
}


class JobState(Labelled):
    """Where a job is: waiting, being made, ready to download, failed, or its file removed."""

    QUEUED = "queued"
    RUNNING = "running"
    FINISHED = "finished"
    FAILED = "failed"
    EXPIRED = "expired"

    @property
    def label(self) -> str:
        return _STATE_LABELS[self]

    @property
    def done(self) -> bool:
        """Whether the job will change no more (the page stops refreshing)."""
        return self in (JobState.FINISHED, JobState.FAILED, JobState.EXPIRED)


_STATE_LABELS = {
    JobState.QUEUED: "Waiting to start",
    JobState.RUNNING: "Being prepared",
    JobState.FINISHED: "Ready",
    JobState.FAILED: "Failed",
    JobState.EXPIRED: "Expired",
}
