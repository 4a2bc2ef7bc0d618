"""Ready-to-show data for the assessment templates (templates only display)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from hrsa.assessment.principle_form import NOT_RATED, StandardFields
from hrsa.formatting import format_date
from hrsa.forms import EXPIRED_FORM_MESSAGE
from hrsa.framework import Framework, Principle, Standard
from hrsa.models import Assessment, EvidenceItem, Rating, User
from hrsa.services import (
    access,
    assessments,
    moderation,
    requested_changes,
    school_assessments,
)
from hrsa.services import evidence as evidence_service
from hrsa.services.ratings import MAX_NARRATIVE
from hrsa.vocabulary import UNRATED, Look, PrincipleProgress, Rag, rag_look

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


def task_list_data(session: Session, user: User, assessment: Assessment) -> dict[str, Any]:
    tasks = assessments.task_list(session, assessment)
    framework = assessments.framework_for(assessment)
    items = []
    for p in tasks.principles:
        counts = [f"{n} {rag.label.lower()}" for rag, n in zip(Rag, p.counts, strict=True)]
        counts.append(f"{p.unrated} {UNRATED.label.lower()}")
        items.append(
            {
                "title": {"text": f"{p.number}. {p.title}"},
                "href": f"/assessments/{assessment.id}/principles/{p.number}",
                "hint": {"text": ", ".join(counts)},
                "status": {
                    "text": p.status.label if p.status == PrincipleProgress.COMPLETED else None,
                    "tag": None if p.status == PrincipleProgress.COMPLETED else tag(p.status.look),
                },
            }
        )
    comparison = []
    if tasks.previous_cycle:
        for standard in framework.standards:
            change = tasks.changes.get(standard.code)
            if change is None:
                continue
            comparison.append(
                {
                    "code": standard.code,
                    "previous": rag_tag(change.previous),
                    "current": rag_tag(change.current),
                    "direction": {
                        "improved": "Improved",
                        "declined": "Declined",
                        "same": "Same",
                    }.get(change.direction or "", "Not comparable yet"),
                }
            )
    return {
        "assessment": assessment,
        "tasks": tasks,
        "task_items": items,
        "comparison": comparison,
        "can_edit": access.can_edit(user, assessment),
        "earlier_cycle": access.in_earlier_cycle(assessment),
        "earlier": school_assessments.for_school(
            session, assessment.school_id, before=assessment.cycle
        ),
        "can_submit": access.can_submit(user, assessment)
        and not assessment.is_submitted
        and not access.in_earlier_cycle(assessment),
        "can_reopen": access.can_reopen(user)
        and assessment.is_submitted
        and not assessment.cycle.is_closed
        and not access.in_earlier_cycle(assessment),
        "framework": framework,
        "moderation": moderation.feedback_panel(session, user, assessment),
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
) -> dict[str, Any]:
    """Everything the principle page shows, with the person's typed values when re-shown."""
    framework = assessments.framework_for(assessment)
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
    if expired:
        files_dropped = sum(len(f.files) for f in submitted or ())
    return {
        "title": f"Principle {principle.number}: {principle.title}",
        "assessment": assessment,
        "principle": principle,
        "standards": standards,
        "error_list": error_list,
        "files_dropped": files_dropped if error_list else 0,
        "readonly": not access.can_edit(user, assessment),
        "earlier_cycle": access.in_earlier_cycle(assessment),
        "max_narrative": MAX_NARRATIVE,
        "last_principle": principle.number == len(framework.principles),
        "moderation": moderation.feedback_panel(session, user, assessment),
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
