"""Ready-to-show data for "Check your answers" and the submission confirmation (templates only
display): the answers from hrsa.services.assessment.answers with their Change links and warnings."""

from __future__ import annotations

from typing import Any

from flask import url_for
from sqlalchemy.orm import Session

from hrsa.core.formatting import first_words, format_date, plural
from hrsa.core.vocabulary.base import words
from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.ratings import rag_words
from hrsa.models import Assessment, School, User
from hrsa.services import access
from hrsa.services.assessment import answers as check_answers
from hrsa.services.assessment import journey, requested_changes, submission
from hrsa.services.schools import profile
from hrsa.web.assessment.presenters.tasks import rag_tag, who_can_submit
from hrsa.web.navigation import RETURN_TO

TITLE = "Check your answers before submitting your assessment"
NOT_GIVEN = "Not given"
STANDARD_START = 60  # characters of the standard's wording beside its code


def _lower_first(label: str) -> str:
    return label[0].lower() + label[1:]


def _profile_value(school: School, field: str) -> str:
    value = getattr(school, field)
    if value is None or (isinstance(value, str) and not value.strip()):
        return NOT_GIVEN
    if field == "last_ofsted_on":
        return format_date(value)
    if field == "number_on_roll":
        return f"{value:,}"
    return str(value)


def _back_here(assessment: Assessment) -> dict[str, Any]:
    """The query that brings a Change link's page back here once it is saved."""
    return {RETURN_TO: url_for("assessment.submit", assessment_id=assessment.id)}


def _profile_edit(assessment: Assessment) -> str:
    return url_for("schools.edit_profile", school_id=assessment.school_id, **_back_here(assessment))


def _profile_rows(user: User, assessment: Assessment, school: School) -> list[dict[str, Any]]:
    """The school's details as a summary list, each row with a Change link for those who may."""
    edit = _profile_edit(assessment)
    can_change = access.can_edit_profile(user, school)
    return [
        {
            "key": {"text": label},
            "value": {"text": _profile_value(school, field)},
            "actions": {
                "items": [
                    {
                        "href": f"{edit}#{field}",
                        "text": "Change",
                        "visuallyHiddenText": _lower_first(label),
                    }
                ]
            }
            if can_change
            else None,
        }
        for field, label in profile.REQUIRED_PROFILE_FIELDS.items()
    ]


def _principle_href(assessment: Assessment, number: int) -> str:
    return url_for(
        "assessment.principle", assessment_id=assessment.id, number=number, **_back_here(assessment)
    )


def _standard_href(assessment: Assessment, number: int, code: str) -> str:
    return _principle_href(assessment, number) + f"#standard-{code}"


def _principles(
    assessment: Assessment, answers: check_answers.CheckAnswers, can_change: bool
) -> list[dict[str, Any]]:
    return [
        {
            "heading": f"Principle {p.number}: {p.title}",
            "href": url_for("assessment.principle", assessment_id=assessment.id, number=p.number),
            "standards": [
                {
                    "code": s.code,
                    "short_text": first_words(s.text, STANDARD_START),
                    "tag": rag_tag(s.rag),
                    "evidence": plural(s.evidence, "piece of evidence", "pieces of evidence")
                    if s.evidence
                    else "No evidence",
                    "narrative": s.narrative_start,
                    "change_href": _standard_href(assessment, p.number, s.code)
                    if can_change
                    else None,
                }
                for s in p.standards
            ],
        }
        for p in answers.principles
    ]


def _actions(
    assessment: Assessment, answers: check_answers.CheckAnswers, can_change: bool
) -> list[dict[str, Any]]:
    return [
        {
            "code": a.code,
            "what": a.what,
            "who": a.who,
            "due": format_date(a.due_on),
            "change_href": url_for(
                "assessment.edit_action",
                assessment_id=assessment.id,
                action_id=a.id,
                **_back_here(assessment),
            )
            if can_change
            else None,
        }
        for a in answers.actions
    ]


def _blockers(
    assessment: Assessment, school: School, answers: check_answers.CheckAnswers
) -> list[dict[str, str]]:
    """What must be done before submitting, each linking to where to do it (and back here)."""
    edit = _profile_edit(assessment)
    return [
        *(
            {
                "text": f"Principle {number}: standard {code} is not rated yet",
                "href": _standard_href(assessment, number, code),
            }
            for number, code in answers.unrated
        ),
        *(
            {
                "text": f"Principle {number}: check and save the answers carried forward "
                "from last cycle",
                "href": _principle_href(assessment, number),
            }
            for number in answers.unconfirmed
        ),
        *(
            {"text": f"School details: enter the {_lower_first(label)}", "href": f"{edit}#{field}"}
            for field, label in answers.missing_profile
        ),
    ]


def _without_action(
    assessment: Assessment, answers: check_answers.CheckAnswers
) -> dict[str, Any] | None:
    """The warning about Red or Amber standards with no action yet (it does not block)."""
    codes = [s.code for s in answers.without_action]
    if not codes:
        return None
    has = "standard has" if len(codes) == 1 else "standards have"
    return {
        "text": f"{len(codes)} {rag_words(gaps=True)} {has} no action in your delivery plan: "
        f"{', '.join(codes)}. You can still submit, and add actions afterwards.",
        "href": url_for("assessment.plan", assessment_id=assessment.id),
    }


def _changes_requested(
    session: Session, assessment: Assessment, answers: check_answers.CheckAnswers
) -> dict[str, Any] | None:
    """The warning about principles still showing "Changes requested" since the reopening: a
    warning, not a block (saving the page is only the school saying it has looked again, and
    the advisory group sees the submission either way)."""
    waiting = requested_changes.standards_waiting(session, assessment)
    if not waiting:
        return None
    principles = [
        (p, codes)
        for p in answers.principles
        if (codes := [s.code for s in p.standards if s.code in waiting])
    ]
    count = len(principles)
    reopened = format_date(assessment.reopened_at) if assessment.reopened_at else None
    return {
        "text": f"Changes were requested when your assessment was reopened"
        f"{' on ' + reopened if reopened else ''}, and "
        f"{'this principle has' if count == 1 else f'these {count} principles have'} not been "
        "saved since. You can still submit, but look at "
        f"{'it' if count == 1 else 'them'} again first.",
        "principles": [
            {
                "text": f"Principle {p.number}: {p.title}",
                "standards": "standard " + codes[0]
                if len(codes) == 1
                else "standards " + words(codes, "and"),
                "href": _principle_href(assessment, p.number),
            }
            for p, codes in principles
        ],
    }


def check_page_data(session: Session, user: User, assessment: Assessment) -> dict[str, Any]:
    """Everything "Check your answers" shows: a fixed number of queries whatever the counts."""
    school = assessment.school
    answers = check_answers.check_answers(session, assessment, school)
    can_submit = access.can_submit_from_pages(user, assessment)
    return {
        "title": TITLE,
        "assessment": assessment,
        "profile_rows": _profile_rows(user, assessment, school),
        "principles": _principles(assessment, answers, access.can_edit(user, assessment)),
        "actions": _actions(assessment, answers, access.can_edit_plan(user, assessment)),
        "plan_href": url_for("assessment.plan", assessment_id=assessment.id),
        "blockers": _blockers(assessment, school, answers),
        "without_action": _without_action(assessment, answers),
        "changes_requested": _changes_requested(session, assessment, answers),
        "can_submit": can_submit and not answers.blocked,
        "closed": submission.closed_message(assessment) if assessment.cycle.is_closed else None,
        "who_can_submit": None
        if user.has_role(Role.SCHOOL_LEAD) or assessment.cycle.is_closed
        else who_can_submit(journey.lead_names(session, school.id)),
    }
