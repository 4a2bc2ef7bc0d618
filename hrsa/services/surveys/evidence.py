"""Survey results attached to a standard as evidence, in one step: a small CSV of the
aggregated figures (never single responses) stored through the evidence upload pipeline, so it
counts as documentary verification like any other document."""

from __future__ import annotations

import csv
import io
from datetime import date

from sqlalchemy.orm import Session

from hrsa.core.errors import ServiceError
from hrsa.core.formatting import slug
from hrsa.exports.cells import neutralise
from hrsa.models import Assessment, EvidenceItem
from hrsa.services.evidence import items
from hrsa.services.evidence.uploads import UploadLimits
from hrsa.services.surveys.results import StandardResult, school_results
from hrsa.storage.base import Storage


def results_csv(school: str, cycle: str, code: str, result: StandardResult, on: date) -> bytes:
    """The figures for one standard as CSV: each audience's responses and share agreeing, with
    suppressed audiences left without figures."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["School", "Cycle", "Standard", "Audience", "Responses", "Agreeing (%)"])
    for audience in result.audiences:
        shown = audience.shown and audience.share is not None
        writer.writerow(
            [
                neutralise(school),
                cycle,
                code,
                audience.label,
                audience.responses if shown else "fewer than the threshold",
                round(audience.share * 100) if shown and audience.share is not None else "",
            ]
        )
    writer.writerow([])
    writer.writerow([f"Survey results as they stood on {on.isoformat()}"])
    return buffer.getvalue().encode("utf-8")


def attach(
    session: Session,
    store: Storage,
    assessment: Assessment,
    code: str,
    *,
    user_id: int,
    limits: UploadLimits,
    min_responses: int,
    today: date,
) -> EvidenceItem:
    """Attach the standard's survey results to its rating as a CSV document."""
    result = school_results(
        session, assessment.school_id, assessment.cycle_id, min_responses=min_responses
    ).get(code)
    if result is None or result.agreement is None:
        raise ServiceError(f"There are no survey results to show for standard {code} yet")
    data = results_csv(assessment.school.name, assessment.cycle.name, code, result, today)
    rating = items.rating_for_standard(session, assessment.id, code)
    filename = f"survey-results-{slug(code)}-{today.isoformat()}.csv"
    return items.add_file(
        session,
        store,
        rating=rating,
        stream=io.BytesIO(data),
        filename=filename,
        user_id=user_id,
        limits=limits,
    )
