"""Ready-to-show data for the assessment templates (templates only display)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from hrsa.assessment.principle_form import StandardFields
from hrsa.forms import EXPIRED_FORM_MESSAGE
from hrsa.framework import Principle
from hrsa.models import Assessment, EvidenceItem, Rating, User
from hrsa.services import access, assessments, moderation
from hrsa.services import evidence as evidence_service
from hrsa.services.ratings import MAX_NARRATIVE

RAG_LABELS = {"red": "Red", "amber": "Amber", "green": "Green", None: "Not yet rated"}
RAG_TAG_CLASSES = {
    "red": "govuk-tag--red",
    "amber": "govuk-tag--orange",
    "green": "govuk-tag--green",
    None: "govuk-tag--grey",
}
STATUS_TAG_CLASSES = {
    assessments.COMPLETED: "",
    assessments.IN_PROGRESS: "govuk-tag--light-blue",
    assessments.NOT_STARTED: "govuk-tag--grey",
}
FIELD_ORDER = ("rag", "narrative", "files", "link_url", "next_steps")


def rag_tag(rag: str | None) -> dict[str, str]:
    return {"text": RAG_LABELS[rag], "classes": RAG_TAG_CLASSES[rag]}


def task_list_data(session: Session, user: User, assessment: Assessment) -> dict[str, Any]:
    tasks = assessments.task_list(session, assessment)
    framework = assessments.framework_for(assessment)
    items = []
    for p in tasks.principles:
        counts = [
            f"{p.red} red",
            f"{p.amber} amber",
            f"{p.green} green",
            f"{p.unrated} not yet rated",
        ]
        items.append(
            {
                "title": {"text": f"{p.number}. {p.title}"},
                "href": f"/assessments/{assessment.id}/principles/{p.number}",
                "hint": {"text": ", ".join(counts)},
                "status": {
                    "text": p.status_label if p.status == assessments.COMPLETED else None,
                    "tag": None
                    if p.status == assessments.COMPLETED
                    else {"text": p.status_label, "classes": STATUS_TAG_CLASSES[p.status]},
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
        "can_submit": access.can_submit(user, assessment) and not assessment.is_submitted,
        "can_reopen": access.can_reopen(user) and assessment.is_submitted,
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
    errors = errors or {}
    ratings = {
        r.standard_code: r
        for r in session.scalars(
            select(Rating)
            .where(
                Rating.assessment_id == assessment.id, Rating.principle_number == principle.number
            )
            .options(selectinload(Rating.assessment))
        )
    }
    evidence = evidence_service.live_items_for_ratings(session, [r.id for r in ratings.values()])
    typed = {f.code: f for f in submitted or ()}
    standards = []
    for standard in principle.standards:
        rating = ratings[standard.code]
        form = typed.get(standard.code)
        view = StandardView(
            code=standard.code,
            text=standard.text,
            rag=form.rag if form else rating.rag,
            narrative=form.narrative if form else rating.narrative,
            next_steps=form.next_steps if form else rating.next_steps,
            version=rating.version if standard.code in conflicts or not form else form.version,
            carried_forward=rating.carried_forward,
            evidence=evidence.get(rating.id, []),
            link_url=form.link_url if form else "",
            link_title=form.link_title if form else "",
            errors={f: msg for (code, f), msg in errors.items() if code == standard.code},
        )
        if standard.code in conflicts:
            view.conflict = {
                "rag": rag_tag(rating.rag),
                "narrative": rating.narrative,
                "next_steps": rating.next_steps,
                "updated_at": rating.updated_at,
            }
        standards.append(view)
    error_list = [
        {"text": s.errors[f], "href": f"#{f}-{s.code}" if f != "rag" else f"#rag-{s.code}"}
        for s in standards
        for f in FIELD_ORDER
        if f in s.errors
    ]
    if expired:
        error_list.insert(
            0, {"text": EXPIRED_FORM_MESSAGE, "href": f"#standard-{standards[0].code}"}
        )
        files_dropped = sum(len(f.files) for f in submitted or ())
    if conflicts:
        error_list.insert(
            0,
            {
                "text": "Someone else saved changes to this principle while you were editing. "
                "Your changes have not been saved: compare them with the newer values shown "
                "below, then save again",
                "href": f"#standard-{conflicts[0]}",
            },
        )
    return {
        "title": f"Principle {principle.number}: {principle.title}",
        "assessment": assessment,
        "principle": principle,
        "standards": standards,
        "error_list": error_list,
        "files_dropped": files_dropped if error_list else 0,
        "readonly": not access.can_edit(user, assessment),
        "max_narrative": MAX_NARRATIVE,
        "rag_labels": RAG_LABELS,
        "last_principle": principle.number == len(assessments.framework_for(assessment).principles),
        "moderation": moderation.feedback_panel(session, user, assessment),
    }
