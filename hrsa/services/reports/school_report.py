"""The school's report as plain data: what the PDF shows, gathered in a handful of queries.

The renderer (hrsa.pdf) turns a `SchoolReport` into bytes and knows nothing of the database or
Flask; the web view and the `hrsa report` command both build the report here, so a report
downloaded from the task list and one written on the server say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from hrsa.config import DEFAULT_MIN_CELL_SCHOOLS
from hrsa.core.errors import NotFound
from hrsa.core.formatting import download_name, slug
from hrsa.core.vocabulary.assessment import AssessmentStatus
from hrsa.models import Assessment, Cycle, EvidenceItem, Rating, School
from hrsa.models.evidence import KIND_LINK
from hrsa.services.assessment import plan, starting
from hrsa.services.cycles import lookup
from hrsa.services.evidence import items as evidence
from hrsa.services.moderation import decisions
from hrsa.services.moderation.decisions import Feedback
from hrsa.services.reports import comparison
from hrsa.services.reports.comparison import Summary
from hrsa.services.surveys import results as survey_results
from hrsa.services.surveys.figures import DEFAULT_MIN_RESPONSES
from hrsa.services.surveys.results import StandardResult


@dataclass(frozen=True)
class SchoolDetails:
    """The cover's facts about the school, as in the seed tool's header."""

    name: str
    urn: str
    phase: str
    ward: str
    address: str
    telephone: str
    website: str
    last_ofsted_on: date | None
    number_on_roll: int | None
    nominated_lead: str
    headteacher: str


@dataclass(frozen=True)
class EvidenceLine:
    """One piece of documentary evidence: its name, where it is and when it was added."""

    title: str
    is_link: bool
    url: str
    size_bytes: int | None
    added_at: datetime


@dataclass(frozen=True)
class StandardSection:
    code: str
    text: str
    rag: str | None
    narrative: str
    next_steps: str
    evidence: tuple[EvidenceLine, ...]
    feedback: Feedback | None
    # What the school's surveys found (share agreeing by audience), and the "worth a second
    # look" flag; None when no survey asks about the standard.
    survey: StandardResult | None = None
    second_look: bool = False


@dataclass(frozen=True)
class PrincipleSection:
    number: int
    title: str
    aim: str
    quality_statement: str
    standards: tuple[StandardSection, ...]


@dataclass(frozen=True)
class SchoolReport:
    """Everything the school's PDF report says."""

    school: SchoolDetails
    cycle: str
    status: AssessmentStatus
    submitted_at: datetime | None
    generated_at: datetime
    principles: tuple[PrincipleSection, ...]
    plan: tuple[plan.PrinciplePlan, ...]
    summary: Summary | None = None

    @property
    def is_draft(self) -> bool:
        """Reports of assessments not yet submitted are drafts (watermarked)."""
        return self.status is not AssessmentStatus.SUBMITTED

    @property
    def title(self) -> str:
        return f"{self.school.name}: {self.cycle} self-assessment report"


def school_report(
    session: Session,
    assessment: Assessment,
    *,
    now: datetime,
    min_schools: int = DEFAULT_MIN_CELL_SCHOOLS,
    min_responses: int = DEFAULT_MIN_RESPONSES,
) -> SchoolReport:
    """The report of one school's assessment as it stands at `now`, with its comparisons
    (areas with fewer than `min_schools` counted schools are not shown) and its survey results
    (a survey with fewer than `min_responses` responses is not shown)."""
    framework = starting.framework_for(assessment)
    ratings = {
        r.standard_code: r
        for r in session.scalars(select(Rating).where(Rating.assessment_id == assessment.id))
    }
    items = evidence.live_items_for_ratings(session, [r.id for r in ratings.values()])
    feedback = decisions.feedback(session, assessment.id)
    surveys = survey_results.school_results(
        session, assessment.school_id, assessment.cycle_id, min_responses=min_responses
    )
    sections = []
    for principle in framework.principles:
        standards = []
        for standard in principle.standards:
            rating = ratings.get(standard.code)
            survey = surveys.get(standard.code)
            rag = rating.rag if rating else None
            standards.append(
                StandardSection(
                    code=standard.code,
                    text=standard.text,
                    rag=rating.rag if rating else None,
                    narrative=rating.narrative if rating else "",
                    next_steps=rating.next_steps if rating else "",
                    evidence=tuple(_evidence_line(i) for i in items.get(rating.id, []))
                    if rating
                    else (),
                    feedback=feedback.get(standard.code),
                    survey=survey,
                    second_look=survey_results.second_look(
                        rag, survey.agreement if survey else None
                    ),
                )
            )
        sections.append(
            PrincipleSection(
                number=principle.number,
                title=principle.title,
                aim=principle.aim,
                quality_statement=principle.quality_statement,
                standards=tuple(standards),
            )
        )
    return SchoolReport(
        school=_details(assessment.school),
        cycle=assessment.cycle.name,
        status=AssessmentStatus(assessment.status),
        submitted_at=assessment.submitted_at,
        generated_at=now,
        principles=tuple(sections),
        plan=tuple(plan.plan_for(session, assessment, now.date())),
        summary=comparison.summary(session, assessment, min_schools=min_schools, today=now.date()),
    )


def report_filename(report: SchoolReport) -> str:
    """'tamar-view-primary-2026-27-report.pdf': the school and cycle, in safe ASCII (the
    school's URN when nothing of them is left in ASCII)."""
    named: tuple[str, ...] = (report.school.name, report.cycle)
    if not any(slug(part) for part in named):
        named = (report.school.urn,)
    return download_name(*named, "report", ext="pdf")


def _details(school: School) -> SchoolDetails:
    return SchoolDetails(
        name=school.name,
        urn=school.urn,
        phase=school.phase_label,
        ward=school.ward,
        address=school.address or "",
        telephone=school.telephone or "",
        website=school.website or "",
        last_ofsted_on=school.last_ofsted_on,
        number_on_roll=school.number_on_roll,
        nominated_lead=school.nominated_lead or "",
        headteacher=school.headteacher or "",
    )


def _evidence_line(item: EvidenceItem) -> EvidenceLine:
    return EvidenceLine(
        title=item.title,
        is_link=item.kind == KIND_LINK,
        url=item.url or "",
        size_bytes=item.size_bytes,
        added_at=item.created_at,
    )


def assessment_by_urn(session: Session, urn: str, cycle_name: str | None) -> Assessment:
    """The school's assessment in the named cycle (or its latest); NotFound says what is missing."""
    school = session.scalar(select(School).where(School.urn == urn.strip()))
    if school is None:
        raise NotFound(f"There is no school with URN {urn.strip()!r}.")
    query = (
        select(Assessment)
        .join(Cycle, Assessment.cycle_id == Cycle.id)
        .where(Assessment.school_id == school.id)
    )
    if cycle_name is not None:
        query = query.where(Cycle.id == lookup.cycle_by_name(session, cycle_name).id)
    found = session.scalar(query.order_by(Cycle.opens_on.desc()).limit(1))
    if found is None:
        in_cycle = f" in the {cycle_name.strip()} cycle" if cycle_name else ""
        raise NotFound(f"{school.name} has no assessment{in_cycle}.")
    return found
