"""Ready-to-show data for the assessment templates (templates only display)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from hrsa.core.formatting import format_date, uk_today
from hrsa.core.framework import Framework, Principle, Standard
from hrsa.core.vocabulary.assessment import TaskProgress
from hrsa.core.vocabulary.base import Look, words
from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.ratings import UNRATED, Rag, rag_look, rag_words
from hrsa.models import Assessment, EvidenceItem, Rating, School, User
from hrsa.services import access
from hrsa.services.assessment import history, journey, requested_changes, starting
from hrsa.services.assessment.ratings import MAX_NARRATIVE
from hrsa.services.evidence import items as evidence_service
from hrsa.services.moderation import decisions, dialogue
from hrsa.services.resources import recommended
from hrsa.web.assessment.forms.principle import NOT_RATED, StandardFields
from hrsa.web.forms import EXPIRED_FORM_MESSAGE
from hrsa.web.navigation import return_path
from hrsa.web.surveys import presenters as surveys

FIELD_ORDER = ("rag", "narrative", "files", "link_url", "next_steps")
CONFLICT_MESSAGE = (
    "Someone else saved changes to this principle while you were editing. Your changes have not "
    "been saved: compare them with the newer values shown below, then save again"
)


def tag(look: Look) -> dict[str, str]:
    """A govukTag's parameters for a value's look."""
    return {"text": look.label, "classes": look.tag_class}


def rag_tag(rag: str | None) -> dict[str, str]:
    """A rating (or no rating yet) as a govukTag's parameters."""
    return tag(rag_look(rag))


def rag_items(framework: Framework, chosen: str | None) -> list[dict[str, Any]]:
    """The rating radios: each value with its meaning from the framework file as the hint."""
    meanings = {level.value: level.description for level in framework.rag}
    items: list[dict[str, Any]] = [
        {
            "value": rag.value,
            "text": rag.label,
            "hint": {"text": meanings[rag.value]},
            "checked": chosen == rag,
        }
        for rag in Rag
    ]
    items.append({"value": NOT_RATED, "text": UNRATED.label, "checked": chosen is None})
    return items


def task_status(look: Look) -> dict[str, Any]:
    """A task's status on the task list: a tag while there is something to do; plain text once
    done, and grey text (GOV.UK "Cannot start yet") for a task that cannot start yet."""
    if look.tag_class:
        return {"tag": tag(look)}
    cannot_start = look == TaskProgress.CANNOT_START_YET.look
    return {
        "text": look.label,
        "classes": "govuk-task-list__status--cannot-start-yet" if cannot_start else "",
    }


def who_can_submit(leads: Sequence[str]) -> str:
    """The sentence telling school staff who can submit: their school's lead, by name."""
    if not leads:
        return "Only your school’s lead can submit the assessment. Your school has no lead yet."
    names = words(leads, "and")
    if len(leads) == 1:
        return f"Only your school’s lead, {names}, can submit the assessment."
    return f"Only your school’s leads, {names}, can submit the assessment."


def _school_details_item(user: User, school: School, steps: journey.Journey) -> dict[str, Any]:
    if access.can_edit_profile(user, school):
        href = url_for("schools.edit_profile", school_id=school.id)
    elif user.is_school_user:
        href = url_for("schools.own_profile")
    else:
        href = url_for("schools.show_profile", school_id=school.id)
    missing = [label[0].lower() + label[1:] for _, label in steps.missing_profile]
    return {
        "title": {"text": "School details"},
        "href": href,
        "hint": {"text": f"Still to give: {words(missing, 'and')}"} if missing else None,
        "status": task_status(steps.details.look),
    }


def _plan_item(assessment: Assessment, steps: journey.Journey) -> dict[str, Any]:
    count = len(steps.without_action)
    has = "standard has" if count == 1 else "standards have"
    hint = f"{count} {rag_words(gaps=True)} {has} no action yet" if count else None
    return {
        "title": {"text": "Delivery plan"},
        "href": url_for("assessment.plan", assessment_id=assessment.id),
        "hint": {"text": hint} if hint else None,
        "status": task_status(steps.plan.look),
    }


def _check_item(user: User, assessment: Assessment, steps: journey.Journey) -> dict[str, Any]:
    own_school = user.is_school_user and user.school_id == assessment.school_id
    if steps.check == TaskProgress.SUBMITTED:
        href = url_for("assessment.submitted", assessment_id=assessment.id) if own_school else None
    elif steps.check == TaskProgress.CANNOT_START_YET or not own_school:
        href = None
    else:
        href = url_for("assessment.submit", assessment_id=assessment.id)
    hints = []
    if steps.check == TaskProgress.CANNOT_START_YET:
        hints.append(
            f"Complete the school details and all {len(steps.tasks.principles)} principles first."
        )
    if own_school and not user.has_role(Role.SCHOOL_LEAD) and not assessment.is_submitted:
        hints.append(who_can_submit(steps.leads))
    hint = {"text": " ".join(hints)} if hints else None
    return {
        "title": {"text": "Check and submit"},
        "href": href,
        "hint": hint,
        "status": task_status(steps.check.look),
    }


def task_list_data(session: Session, user: User, assessment: Assessment) -> dict[str, Any]:
    """The task list: the school's details, the 8 principles, the delivery plan, then "Check and
    submit", each with its status; and the ratings compared with the previous cycle."""
    school = assessment.school
    steps = journey.journey(session, assessment, school)
    tasks = steps.tasks
    framework = starting.framework_for(assessment)
    items = [_school_details_item(user, school, steps)]
    for p in tasks.principles:
        counts = [f"{n} {rag.label.lower()}" for rag, n in zip(Rag, p.counts, strict=True)]
        counts.append(f"{p.unrated} {UNRATED.label.lower()}")
        items.append(
            {
                "title": {"text": f"{p.number}. {p.title}"},
                "href": f"/assessments/{assessment.id}/principles/{p.number}",
                "hint": {"text": ", ".join(counts)},
                "status": task_status(p.status.look),
            }
        )
    items.append(_plan_item(assessment, steps))
    # An unsubmitted assessment of a closed cycle, or one that is over, is never submitted.
    earlier_cycle = access.in_earlier_cycle(assessment)
    over = assessment.cycle.is_closed or earlier_cycle
    if assessment.is_submitted or not over:
        items.append(_check_item(user, assessment, steps))
    comparison = []
    if tasks.previous_cycle:
        for standard in framework.standards:
            change = tasks.changes.get(standard.code)
            if change is None:
                continue
            comparison.append(
                {
                    "code": standard.code,
                    "title": standard.text,
                    "previous": rag_tag(change.previous),
                    "current": rag_tag(change.current),
                    "direction": (
                        change.direction.label if change.direction else "Not comparable yet"
                    ),
                }
            )
    return {
        "assessment": assessment,
        "tasks": tasks,
        "task_items": items,
        "comparison": comparison,
        "can_edit": access.can_edit(user, assessment),
        "earlier_cycle": earlier_cycle,
        "read_only_cycle": over,
        "earlier": history.for_school(session, assessment.school_id, before=assessment.cycle),
        "can_submit": access.can_submit_from_pages(user, assessment)
        and not assessment.is_submitted,
        "can_reopen": access.can_reopen(user) and assessment.is_submitted and not over,
        "can_moderate_all": decisions.can_moderate(user) and assessment.is_submitted,
        "reopen_request": dialogue.last_request(session, assessment.id)
        if assessment.is_submitted
        else None,
        "can_ask_to_reopen": user.role_enum is Role.SCHOOL_LEAD
        and user.school_id == assessment.school_id
        and assessment.is_submitted
        and not over,
        "framework": framework,
        "survey_link": surveys.task_list_link(user, assessment),
        "moderation": decisions.feedback_panel(session, user, assessment),
        # An earlier cycle's assessment recommends nothing; a closed cycle that is still the
        # latest does.
        "gap_resources": []
        if earlier_cycle
        else recommended.for_gaps(session, assessment, framework, today=uk_today()),
    }


@dataclass
class StandardView:
    code: str
    text: str
    rag: str | None
    narrative: str
    next_steps: str
    version: int
    carried_forward: bool
    evidence: list[EvidenceItem]
    rag_items: list[dict[str, Any]] = field(default_factory=list)
    link_url: str = ""
    link_title: str = ""
    errors: dict[str, str] = field(default_factory=dict)
    conflict: dict[str, Any] | None = None

    @property
    def rag_tag(self) -> dict[str, str]:
        return rag_tag(self.rag)


def principle_page_data(
    session: Session,
    user: User,
    assessment: Assessment,
    principle: Principle,
    *,
    submitted: Sequence[StandardFields] | None = None,
    errors: dict[tuple[str, str], str] | None = None,
    conflicts: Sequence[str] = (),
    files_dropped: int = 0,
    expired: bool = False,
    problem: str | None = None,
) -> dict[str, Any]:
    """Everything the principle page shows, with the person's typed values when re-shown.

    `problem` is why a save did not happen (the store or the database refused, the cycle closed
    meanwhile): it heads the error summary and the form is shown with everything typed."""
    framework = starting.framework_for(assessment)
    ratings = _principle_ratings(session, assessment, principle)
    evidence = evidence_service.live_items_for_ratings(session, [r.id for r in ratings.values()])
    typed = {f.code: f for f in submitted or ()}
    standards = [
        standard_view(
            framework,
            standard,
            ratings[standard.code],
            typed.get(standard.code),
            evidence=evidence.get(ratings[standard.code].id, []),
            errors=errors or {},
            conflict=standard.code in conflicts,
        )
        for standard in principle.standards
    ]
    error_list = page_errors(standards, conflicts, expired=expired)
    if expired or problem:
        files_dropped = sum(len(f.files) for f in submitted or ())
    if problem:
        error_list.insert(0, {"text": problem, "href": f"#standard-{standards[0].code}"})
    readonly = not access.can_edit(user, assessment) and not (problem and submitted)
    earlier_cycle = access.in_earlier_cycle(assessment)
    return {
        "title": f"Principle {principle.number}: {principle.title}",
        "assessment": assessment,
        "principle": principle,
        "standards": standards,
        "error_list": error_list,
        "files_dropped": files_dropped if error_list else 0,
        "readonly": readonly,
        "earlier_cycle": earlier_cycle,
        "recommended": {}
        if readonly and earlier_cycle
        else recommended.recommendations(
            session,
            school_id=assessment.school_id,
            codes=framework.standard_codes,
            today=uk_today(),
        ),
        "max_narrative": MAX_NARRATIVE,
        "last_principle": principle.number == len(framework.principles),
        "return_href": return_path(),
        "moderation": decisions.feedback_panel(session, user, assessment),
        "survey_results": surveys.results_beside_ratings(
            session, assessment, {r.standard_code: r.rag for r in ratings.values()}
        ),
        **change_requests(session, assessment, principle),
    }


def change_requests(
    session: Session, assessment: Assessment, principle: Principle
) -> dict[str, Any]:
    """What the principle page says about changes asked for when the assessment was reopened
    (until it is submitted again): `change_requests`, standard code -> the warning shown
    beside it with the reason; `changes_waiting`, the codes the school has not yet saved this
    principle after (the page's summary at the top)."""
    codes = {s.code for s in principle.standards}
    rows = [r for r in requested_changes.current(session, assessment) if r.standard_code in codes]
    return {
        "change_requests": {
            row.standard_code: (
                f"Changes requested on {format_date(row.created_at)}"
                f"{' by ' + row.created_by.name if row.created_by else ''}: "
                f"{assessment.reopen_reason or ''}"
            )
            for row in rows
        },
        "changes_waiting": [row.standard_code for row in rows if row.addressed_at is None],
    }


def _principle_ratings(
    session: Session, assessment: Assessment, principle: Principle
) -> dict[str, Rating]:
    """The principle's ratings by standard code (one query, with their assessment)."""
    query = (
        select(Rating)
        .where(Rating.assessment_id == assessment.id, Rating.principle_number == principle.number)
        .options(selectinload(Rating.assessment))
    )
    return {r.standard_code: r for r in session.scalars(query)}


def standard_view(
    framework: Framework,
    standard: Standard,
    rating: Rating,
    typed: StandardFields | None,
    *,
    evidence: list[EvidenceItem],
    errors: dict[tuple[str, str], str],
    conflict: bool,
) -> StandardView:
    """One standard as the page shows it: what the person typed if re-shown, else what is
    saved; after a conflict, the newer saved values beside it and the newer version to save."""
    rag = typed.rag if typed else rating.rag
    view = StandardView(
        code=standard.code,
        text=standard.text,
        rag=rag,
        narrative=typed.narrative if typed else rating.narrative,
        next_steps=typed.next_steps if typed else rating.next_steps,
        version=typed.version if typed and not conflict else rating.version,
        carried_forward=rating.carried_forward,
        evidence=evidence,
        rag_items=rag_items(framework, rag),
        link_url=typed.link_url if typed else "",
        link_title=typed.link_title if typed else "",
        errors={name: msg for (code, name), msg in errors.items() if code == standard.code},
    )
    if conflict:
        view.conflict = {
            "rag": rag_tag(rating.rag),
            "narrative": rating.narrative,
            "next_steps": rating.next_steps,
            "updated_at": rating.updated_at,
        }
    return view


def page_errors(
    standards: Sequence[StandardView], conflicts: Sequence[str], *, expired: bool
) -> list[dict[str, str]]:
    """The error summary: an expired form or a conflict first, then each field's error."""
    error_list = [
        {"text": s.errors[name], "href": f"#{name}-{s.code}"}
        for s in standards
        for name in FIELD_ORDER
        if name in s.errors
    ]
    if expired:
        error_list.insert(
            0, {"text": EXPIRED_FORM_MESSAGE, "href": f"#standard-{standards[0].code}"}
        )
    if conflicts:
        error_list.insert(0, {"text": CONFLICT_MESSAGE, "href": f"#standard-{conflicts[0]}"})
    return error_list
