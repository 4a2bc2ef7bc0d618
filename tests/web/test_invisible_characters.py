"""Bidirectional controls and other invisible format characters are dropped from every text
field of every form, once, as the request is read: a title cannot read backwards in a list, an
export, a PDF or an email, and two names that look the same are the same."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hrsa.core.invisible import without_invisible
from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.models import PlanAction, Rating
from hrsa.services.assessment import starting

RLO = "\u202e"  # right-to-left override: "fdp.exe" shows as "exe.pdf"
INVISIBLES = ["\u202a", "\u202b", "\u202c", "\u202d", RLO, "\u2066", "\u2067", "\u2068", "\u2069"]
INVISIBLES += ["\u200e", "\u200f", "\u061c", "\u200b", "\u00ad", "\ufeff", "\x00"]


@pytest.mark.parametrize("character", INVISIBLES, ids=lambda c: f"U+{ord(c):04X}")
def test_each_invisible_character_is_dropped(character):
    assert without_invisible(f"Safe{character}guarding") == "Safeguarding"


def test_joiners_and_everything_visible_are_kept():
    kept = "Ysgol Gymraeg Môr · 👩\u200d🏫 · می\u200cخواهم · Ngozi O'Brien-Smith\n\tline two"
    assert without_invisible(kept) == kept


def test_every_form_stores_text_without_them(client, factory, sign_in):
    lead = factory.user(Role.SCHOOL_LEAD)
    assessment = starting.start(
        db.session, school=lead.school, cycle=factory.cycle(), user_id=lead.id
    )
    db.session.commit()
    sign_in(lead.email)

    response = client.post(
        f"/assessments/{assessment.id}/principles/8",
        data={
            "version-8.1": "1",
            "version-8.2": "1",
            "rag-8.1": "amber",
            "narrative-8.1": f"Referral routes {RLO}deerga",
            "next_steps-8.1": "Train\u2066 staff\u2069",
        },
    )
    assert response.status_code == 302
    rating = db.session.scalar(
        select(Rating).where(Rating.assessment_id == assessment.id, Rating.standard_code == "8.1")
    )
    assert (rating.narrative, rating.next_steps) == ("Referral routes deerga", "Train staff")

    client.post(
        f"/assessments/{assessment.id}/plan/actions/new?standard=8.1",
        data={
            "what": f"Rewrite the {RLO}policy",
            "who": "Deputy\u200b head",
            "due_on": ["1", "3", "2027"],
            "status": "not_started",
        },
    )
    action = db.session.scalar(select(PlanAction))
    assert action is not None and (action.what, action.who) == (
        "Rewrite the policy",
        "Deputy head",
    )


def test_a_resource_keeps_the_joiners_every_other_form_keeps(client, factory, sign_in):
    """The resource form had its own, older rule, which also dropped the joiners."""
    from hrsa.models import Resource
    from tests.web.resources.test_workflow import proposal_form

    sign_in(factory.user(Role.SCHOOL_STAFF).email)
    title = f"Staff 👩\u200d🏫 {RLO}guide"
    summary = "Two lessons (می\u200cخواهم)\u200b on consent\n\nand the law"
    response = client.post("/resources/propose", data=proposal_form(title=title, summary=summary))

    assert response.status_code == 302
    resource = db.session.scalar(select(Resource))
    assert resource is not None
    assert resource.title == "Staff 👩\u200d🏫 guide"
    assert resource.summary == "Two lessons (می\u200cخواهم) on consent\n\nand the law"


def test_the_services_apply_the_same_rule_to_text_from_elsewhere():
    from hrsa.core.invisible import one_line, paragraphs

    assert one_line(f" Staff\t👩\u200d🏫 {RLO}guide\x07 ") == "Staff 👩\u200d🏫 guide"
    assert paragraphs("\u2066One\u2069\r\n\nتو\u200cو\x1b ") == "One\n\nتو\u200cو"
