"""Issue 11, "Measure it": a new school lead's whole journey in a real browser, counted.

From the invitation in the outbox to a submitted assessment: set a password (which signs the
lead in), fill the school details (the Self-Assessment Tool's header), rate all 21 standards
(2 Green with a link and a narrative, 19 Red or Amber with a narrative and next steps), one
delivery-plan action for each Red or Amber standard, check and submit. On the way the lead makes
one mistake (a Green with no document or link) and nothing typed on that page is lost. Every
interaction and page load is counted (tests/browser/journey.py says what counts) and printed per
step, passing or not; axe-core checks every distinct page visited; the database is read back
after submission, with the email telling the advisory group. A second test completes one
principle page with the keyboard alone.

The counts and the command are recorded in docs/JOURNEY.md. Run just this file with
    .venv/bin/python -m pytest -p no:cacheprovider tests/browser/test_full_journey.py

Settings that matter here (tests/conftest.py): the sign-in rate limits are 10000 a minute in
tests, so no sign-in is ever refused; the session lasts HRSA_SESSION_IDLE_MINUTES (60) idle, far
longer than the walk (under a minute). Each Playwright wait uses its default timeout (5 s for
expect, 30 s for actions); the walk is about 22 page loads, axe running once per distinct page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import NamedTuple
from urllib.parse import urlsplit

import pytest
from flask import current_app
from playwright.sync_api import Page, expect
from sqlalchemy import select

from hrsa.core.vocabulary.assessment import AssessmentStatus
from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.ratings import Rag
from hrsa.extensions import db
from hrsa.models import Assessment, EvidenceItem, OutboxMessage, PlanAction, Rating, School
from hrsa.services import notifications
from hrsa.services.accounts import emails, people
from hrsa.services.assessment import starting
from hrsa.web.forms import with_https
from hrsa.web.security import email_link
from tests.browser.journey import Journey

#: The issue's target for the whole journey (docs/JOURNEY.md has the measured figures).
MAX_INTERACTIONS = 120
MAX_PAGE_LOADS = 30

PASSWORD = "a-long-new-password-for-the-lead"
LEAD_EMAIL = "morwenna.penrose@stoke-damerel.example.org"
ADVISER_EMAIL = "tamsin.rowe@plymouth.example.gov.uk"
GREEN = ("1.1", "5.1")
LINKS = {  # as typed: the second without https://, which the service adds
    "1.1": "https://stoke-damerel.example.org/policies/relationships",
    "5.1": "stoke-damerel.example.org/staff/training-record",
}
AMBER = ("1.2", "1.4", "2.2", "3.1", "4.1", "4.3", "5.2", "6.1", "6.3", "7.2", "8.2")

PROFILE = {
    "Address (optional)": "Paradise Road, Stoke, Plymouth PL1 5QP",
    "Telephone (optional)": "01752 556065",
    "Website (optional)": "www.stoke-damerel.example.org",  # https:// is added
    "Number on roll (optional)": "1120",
    "Headteacher (optional)": "Dr Kernow Tregenza",
    "Nominated lead for healthy relationships (optional)": "Morwenna Penrose",
}
LEAD = "Nominated lead for healthy relationships (optional)"
OFSTED = date(2024, 5, 14)


class Standard(NamedTuple):
    code: str
    rag: Rag

    @property
    def narrative(self) -> str:
        if self.rag is Rag.GREEN:
            return f"Fully met: the policy for {self.code} is agreed by governors and reviewed."
        return f"Partly in place for {self.code}: staff know the policy, practice is uneven."

    @property
    def next_steps(self) -> str:
        return f"Bring {self.code} into every year group's scheme of work by the spring."

    @property
    def action(self) -> str:
        return f"Plan and teach the {self.code} sessions with the PSHE team."


def rag_for(code: str) -> Rag:
    if code in GREEN:
        return Rag.GREEN
    return Rag.AMBER if code in AMBER else Rag.RED


# --- the test --------------------------------------------------------------------------------


def test_a_new_lead_completes_the_whole_journey_within_the_target(
    axe_page: Page, factory, assert_accessible, capsys: pytest.CaptureFixture[str]
) -> None:
    school, link = invited_lead(factory)
    j = Journey(axe_page, assert_accessible)

    j.begin("Invitation and password")
    set_password(j, link)
    signed_in(j)
    j.begin("Start")
    start_assessment(j)

    j.begin("School profile")
    fill_profile(j)

    framework = starting.framework_for(current_assessment(school.id))
    for principle in framework.principles:
        j.begin(f"Principle {principle.number}")
        standards = [Standard(s.code, rag_for(s.code)) for s in principle.standards]
        if principle.number == 1:
            rate_principle_with_a_mistake(j, standards)
        else:
            rate_principle(j, standards)
        save_principle(j, last=principle.number == len(framework.principles))

    j.begin("Delivery plan")
    gaps = [code for code in framework.standard_codes if rag_for(code) is not Rag.GREEN]
    actions = write_plan(j, gaps)

    j.begin("Check and submit")
    check_and_submit(j)

    with capsys.disabled():
        print("\n" + j.report("The new lead's journey (issue 11)"))

    the_database_has_the_submitted_assessment(school.id, framework.standard_codes, actions)
    assert not j.script_errors, "Scripts failed:\n" + "\n".join(j.script_errors)
    assert j.total_interactions <= MAX_INTERACTIONS, j.report("Too many interactions")
    assert j.total_loads <= MAX_PAGE_LOADS, j.report("Too many page loads")


# --- the steps -------------------------------------------------------------------------------


def invited_lead(factory) -> tuple[School, str]:  # type: ignore[no-untyped-def]
    """A school with an open cycle and its invited lead; the link as the outbox has it."""
    factory.cycle()
    school = factory.school(name="Stoke Damerel Community College", urn="113525")
    admin = factory.user(Role.ADMIN, name="Jenna Hocking")
    factory.user(Role.ADVISORY, name="Tamsin Rowe", email=ADVISER_EMAIL)
    lead, token = people.invite_person(
        db.session,
        email=LEAD_EMAIL,
        name="Morwenna Penrose",
        role=Role.SCHOOL_LEAD,
        school_id=school.id,
        secret_key=current_app.config["SECRET_KEY"],
        invited_by_id=admin.id,
    )
    email = emails.invitation_email(
        lead, email_link("auth.accept_invitation", token=token), invited_by=admin.name
    )
    notifications.send(db.session, to=[email.to], subject=email.subject, body=email.body, config={})
    db.session.commit()
    body = db.session.scalars(
        select(OutboxMessage.body).where(OutboxMessage.recipient == LEAD_EMAIL)
    ).one()
    match = re.search(r"https?://\S+/invitation/\S+", body)
    assert match, body
    return school, urlsplit(match.group()).path


def set_password(j: Journey, link: str) -> None:
    j.open_link(link)
    expect(j.page.get_by_role("heading", level=1)).to_have_text("Set up your account")
    j.fill(j.page.get_by_label("New password", exact=True), PASSWORD)
    j.fill(j.page.get_by_label("Confirm new password"), PASSWORD)
    j.follow(j.page.get_by_role("button", name="Save password"))


def signed_in(j: Journey) -> None:
    """Setting the password from the invitation signs the lead in: no sign-in page."""
    expect(j.page.get_by_text("Your password has been set and you are signed in")).to_be_visible()
    expect(j.page.get_by_text("Signed in as Morwenna Penrose")).to_be_visible()


def start_assessment(j: Journey) -> None:
    j.follow(j.page.get_by_role("button", name="Start assessment"))
    expect(j.page.get_by_text("0 of 21 standards rated")).to_be_visible()


def fill_profile(j: Journey) -> None:
    """The profile's header fields, from "School details" on the task list; then back to it."""
    page = j.page
    j.follow(page.get_by_role("link", name="School details"))
    for label, value in PROFILE.items():
        j.fill(page.get_by_label(label, exact=True), value)
    ofsted = page.get_by_role("group", name="Date of last Ofsted inspection")
    j.fill(ofsted.get_by_label("Day"), str(OFSTED.day))
    j.fill(ofsted.get_by_label("Month"), str(OFSTED.month))
    j.fill(ofsted.get_by_label("Year"), str(OFSTED.year))
    j.follow(page.get_by_role("button", name="Save profile"))
    expect(page.get_by_text("The school profile has been saved")).to_be_visible()
    j.follow(page.get_by_role("link", name="Assessment", exact=True))
    j.follow(page.get_by_role("link", name="1. Leadership and Management"))


def _section(j: Journey, code: str):  # type: ignore[no-untyped-def]
    return j.page.locator(f"[id='standard-{code}']")


def rate_standard(j: Journey, standard: Standard, *, with_link: bool = True) -> None:
    section = _section(j, standard.code)
    j.check(section.get_by_label(standard.rag.label, exact=True))
    j.fill(section.get_by_label(f"Evidence for standard {standard.code}"), standard.narrative)
    if standard.rag is Rag.GREEN:
        if with_link:
            j.fill(section.get_by_label("Or add a link (optional)"), LINKS[standard.code])
    else:
        next_steps = section.get_by_label(f"Next steps for standard {standard.code}")
        j.fill(next_steps, standard.next_steps)


def rate_principle(j: Journey, standards: list[Standard]) -> None:
    for standard in standards:
        rate_standard(j, standard)


def rate_principle_with_a_mistake(j: Journey, standards: list[Standard]) -> None:
    """A Green with no document or link: the page comes back with the error and everything
    typed on it; the lead adds the link."""
    green = next(s for s in standards if s.rag is Rag.GREEN)
    for standard in standards:
        rate_standard(j, standard, with_link=standard is not green)
    j.follow(j.page.get_by_role("button", name="Save and continue"))
    summary = j.page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Green can only be awarded if the standard is fully met")
    for standard in standards:
        section = _section(j, standard.code)
        expect(section.get_by_label(standard.rag.label, exact=True)).to_be_checked()
        expect(section.get_by_label(f"Evidence for standard {standard.code}")).to_have_value(
            standard.narrative
        )
        if standard.rag is not Rag.GREEN:
            expect(section.get_by_label(f"Next steps for standard {standard.code}")).to_have_value(
                standard.next_steps
            )
    section = _section(j, green.code)
    j.fill(section.get_by_label("Or add a link (optional)"), LINKS[green.code])


def save_principle(j: Journey, *, last: bool) -> None:
    name = "Save and return to task list" if last else "Save and continue"
    j.follow(j.page.get_by_role("button", name=name))
    expect(j.page.locator(".govuk-notification-banner--success")).to_contain_text("saved")


def write_plan(j: Journey, codes: list[str]) -> dict[str, tuple[str, str]]:
    """One page: each Red or Amber standard's next steps as a prefilled, ticked action, for the
    nominated lead by the end of the year; the lead gives one action to someone else and adds
    them all in one go. Returns what each standard's action should be (what, who)."""
    page = j.page
    j.follow(page.get_by_role("link", name="Delivery plan").last)
    j.follow(page.get_by_role("button", name="Add actions from your next steps"))
    expected = {code: (Standard(code, rag_for(code)).next_steps, PROFILE[LEAD]) for code in codes}
    changed = codes[-1]
    j.fill(page.get_by_label(f"Who will do it for standard {changed}"), "Head of Sixth Form")
    expected[changed] = (expected[changed][0], "Head of Sixth Form")
    j.follow(page.get_by_role("button", name="Add ticked actions to the plan"))
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"{len(codes)} actions added to your delivery plan"
    )
    return expected


def check_and_submit(j: Journey) -> None:
    """The check page shows the answers (the profile, ratings with narratives, the actions)
    with nothing missing; one button submits; the confirmation panel."""
    page = j.page
    j.follow(page.locator("main").get_by_role("button", name="Check and submit", exact=True))
    main = page.locator("main")
    expect(main).not_to_contain_text("You cannot submit yet")
    expect(main).to_contain_text(PROFILE["Headteacher (optional)"])
    expect(main).to_contain_text(Standard("5.1", Rag.GREEN).narrative)
    expect(main).to_contain_text("Head of Sixth Form")
    j.follow(page.get_by_role("button", name="Submit assessment"))
    expect(page.locator(".govuk-panel__title")).to_have_text("Assessment submitted")


# --- reading back ----------------------------------------------------------------------------


def current_assessment(school_id: int) -> Assessment:
    db.session.expire_all()
    return db.session.scalars(select(Assessment).where(Assessment.school_id == school_id)).one()


def the_database_has_the_submitted_assessment(
    school_id: int, codes: tuple[str, ...], actions: dict[str, tuple[str, str]]
) -> None:
    assessment = current_assessment(school_id)
    assert assessment.status == AssessmentStatus.SUBMITTED.value
    ratings = {
        r.standard_code: r
        for r in db.session.scalars(select(Rating).where(Rating.assessment_id == assessment.id))
    }
    assert {code: ratings[code].rag for code in codes} == {
        code: rag_for(code).value for code in codes
    }
    for code in codes:
        standard = Standard(code, rag_for(code))
        assert ratings[code].narrative == standard.narrative
        if standard.rag is not Rag.GREEN:
            assert ratings[code].next_steps == standard.next_steps
    links = db.session.execute(
        select(Rating.standard_code, EvidenceItem.url)
        .join(EvidenceItem, EvidenceItem.rating_id == Rating.id)
        .where(Rating.assessment_id == assessment.id)
    ).all()
    assert sorted(links) == sorted((code, with_https(url)) for code, url in LINKS.items())
    stored = db.session.execute(
        select(Rating.standard_code, PlanAction.what, PlanAction.who, PlanAction.due_on)
        .join(PlanAction, PlanAction.rating_id == Rating.id)
        .where(Rating.assessment_id == assessment.id)
    ).all()
    assert {code: (what, who) for code, what, who, _ in stored} == actions
    assert len(stored) == len(actions)
    assert all(due_on >= date.today() for *_, due_on in stored)
    school = db.session.get_one(School, school_id)
    assert school.website == "https://www.stoke-damerel.example.org"
    assert school.headteacher == PROFILE["Headteacher (optional)"]
    assert school.number_on_roll == int(PROFILE["Number on roll (optional)"])
    assert school.last_ofsted_on == OFSTED
    told = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == ADVISER_EMAIL)
    ).one()
    assert school.name in told.subject
    assert f"/assessments/{assessment.id}" in told.body


# --- keyboard only ---------------------------------------------------------------------------


def test_a_principle_page_can_be_completed_with_the_keyboard_alone(
    page: Page, factory, browser_sign_in: Callable[..., None], capsys
) -> None:
    """Principle 3 (two standards): Tab to each control, the arrow keys to choose a rating (how
    a radio group works by keyboard), type the text, Enter on "Save as draft". No mouse. What was
    saved is read back."""
    lead = factory.user(Role.SCHOOL_LEAD)
    assessment = factory.assessment(lead.school, by=lead)
    browser_sign_in(page, lead.email)
    page.goto(f"/assessments/{assessment.id}/principles/3")
    j = Journey(page, None)
    j.begin("Keyboard: principle 3")

    first, second = _section(j, "3.1"), _section(j, "3.2")
    # 3.1 Amber: Tab into the radio group (onto its checked radio, "Not rated", the last),
    # then up past Green to Amber, as radios work by keyboard.
    j.tab_to(first.locator("input[name='rag-3.1']"))
    j.press("ArrowUp")
    j.press("ArrowUp")
    expect(first.get_by_label("Amber", exact=True)).to_be_checked()
    j.tab_to(first.get_by_label("Evidence for standard 3.1"))
    j.type("Taught in years 7 to 9; not yet in the sixth form.")
    j.tab_to(first.get_by_label("Next steps for standard 3.1"))
    j.type("Add sixth-form sessions to the PSHE plan.")
    # 3.2 Green: arrow to Green, then the narrative and a link.
    j.tab_to(second.locator("input[name='rag-3.2']"))
    j.press("ArrowUp")
    expect(second.get_by_label("Green", exact=True)).to_be_checked()
    j.tab_to(second.get_by_label("Evidence for standard 3.2"))
    j.type("Every year group has its scheme of work, reviewed in July.")
    j.tab_to(second.get_by_label("Or add a link (optional)"))
    j.type("https://example.org/curriculum/relationships")
    j.tab_to(page.get_by_role("button", name="Save as draft"))
    j.press_to_load("Enter")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("saved")

    with capsys.disabled():
        print("\n" + j.report("One principle page by keyboard alone"))
    db.session.expire_all()
    saved = {
        r.standard_code: r
        for r in db.session.scalars(select(Rating).where(Rating.assessment_id == assessment.id))
    }
    assert saved["3.1"].rag == Rag.AMBER.value
    assert saved["3.1"].narrative == "Taught in years 7 to 9; not yet in the sixth form."
    assert saved["3.1"].next_steps == "Add sixth-form sessions to the PSHE plan."
    assert saved["3.2"].rag == Rag.GREEN.value
    assert saved["3.2"].narrative == "Every year group has its scheme of work, reviewed in July."
    links = db.session.scalars(
        select(EvidenceItem.url).where(EvidenceItem.rating_id == saved["3.2"].id)
    ).all()
    assert links == ["https://example.org/curriculum/relationships"]
    expect(_section(j, "3.2").get_by_label("Green", exact=True)).to_be_checked()
