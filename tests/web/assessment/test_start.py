"""The page before a school starts its assessment says what to have ready and how long it takes."""

from __future__ import annotations

from hrsa.core.vocabulary.people import Role


def test_the_start_page_says_what_is_needed_and_how_long_it_takes(client, factory, sign_in):
    factory.cycle()
    lead = factory.user(Role.SCHOOL_LEAD)
    sign_in(lead.email)

    page = client.get("/assessment", follow_redirects=True).get_data(as_text=True)

    assert "Start assessment" in page
    assert "Before you start" in page
    assert "staff training records" in page
    assert "Allow about 3 to 4 hours in all" in page
