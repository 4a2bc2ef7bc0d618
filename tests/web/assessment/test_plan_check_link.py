"""The delivery plan links straight to "Check and submit" once that task can start: for the school's
lead whenever submitting is possible (missing actions are only a warning), for staff once the
plan is complete; never while something blocks submission, after submitting or when it is over."""

from __future__ import annotations

import re
from html import unescape

import pytest

from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.ratings import Rag
from hrsa.extensions import db
from hrsa.models import Assessment
from hrsa.services.cycles import lifecycle
from hrsa.services.schools import profile


def text(response) -> str:  # type: ignore[no-untyped-def]
    return unescape(response.get_data(as_text=True))


@pytest.fixture
def school(factory):  # type: ignore[no-untyped-def]
    return factory.complete_profile(factory.school(name="Tamar View Primary"))


@pytest.fixture
def lead(factory, school):  # type: ignore[no-untyped-def]
    return factory.user(Role.SCHOOL_LEAD, school, name="Lena Lead")


@pytest.fixture
def staff(factory, school):  # type: ignore[no-untyped-def]
    return factory.user(Role.SCHOOL_STAFF, school, name="Sam Staff")


@pytest.fixture
def assessment(factory, school, lead) -> Assessment:
    assessment = factory.assessment(school=school, by=lead)
    factory.rate_all(assessment, Rag.GREEN)
    factory.rate(assessment, {"2.1": Rag.RED, "5.2": Rag.AMBER})
    return assessment


def check_button(client, assessment: Assessment) -> str | None:  # type: ignore[no-untyped-def]
    """The plan's 'Check and submit' button (its classes), or None when there is none."""
    page = text(client.get(f"/assessments/{assessment.id}/plan"))
    match = re.search(
        rf'<a href="/assessments/{assessment.id}/submit" role="button" draggable="false" '
        r'class="([^"]*)"[^>]*>\s*Check and submit\s*</a>',
        page,
    )
    return match.group(1) if match else None


def test_the_lead_goes_from_the_plan_to_check_and_submit(client, sign_in, assessment, lead):
    sign_in(lead.email)

    # Actions still missing: a warning, so the way on is there, beside adding them.
    classes = check_button(client, assessment)
    assert classes is not None and "govuk-button--secondary" in classes

    response = client.get(f"/assessments/{assessment.id}/submit")
    assert response.status_code == 200 and "Submit assessment" in text(response)


def test_once_the_plan_is_complete_it_is_the_main_button(
    factory, client, sign_in, assessment, lead, staff
):
    factory.action(assessment, "2.1")
    factory.action(assessment, "5.2")
    for person in (lead, staff):
        sign_in(person.email)
        classes = check_button(client, assessment)
        assert classes is not None and "govuk-button--secondary" not in classes
        sign_in.out()


def test_staff_are_offered_it_only_once_the_plan_is_complete(
    factory, client, sign_in, assessment, staff
):
    sign_in(staff.email)
    assert check_button(client, assessment) is None
    factory.action(assessment, "2.1")
    assert check_button(client, assessment) is None
    factory.action(assessment, "5.2")
    assert check_button(client, assessment) is not None


def test_not_while_something_blocks_submitting(factory, client, sign_in, assessment, lead, school):
    sign_in(lead.email)
    factory.rate(assessment, {"3.1": None})
    assert check_button(client, assessment) is None

    factory.rate(assessment, {"3.1": Rag.GREEN})
    profile.update_profile(db.session, school, {"telephone": ""}, user_id=None)
    db.session.commit()
    assert check_button(client, assessment) is None


def test_not_after_submitting_or_once_the_cycle_is_closed(
    factory, client, sign_in, assessment, lead, school
):
    sign_in(lead.email)
    factory.submitted(assessment, lead=lead)
    assert check_button(client, assessment) is None

    other = factory.assessment(
        school=factory.complete_profile(factory.school(name="Hoe Primary")),
        cycle=assessment.cycle,
    )
    factory.rate_all(other, Rag.GREEN)
    other_lead = factory.user(Role.SCHOOL_LEAD, other.school)
    lifecycle.close_cycle(db.session, assessment.cycle, user_id=None)
    db.session.commit()
    sign_in.out()
    sign_in(other_lead.email)
    assert check_button(client, other) is None


@pytest.mark.parametrize("role", [Role.ADVISORY, Role.ADMIN])
def test_city_roles_reading_the_plan_are_not_offered_it(factory, client, sign_in, assessment, role):
    sign_in(factory.user(role).email)
    assert check_button(client, assessment) is None
