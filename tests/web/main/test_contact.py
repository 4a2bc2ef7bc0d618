"""The beta banner's "contact us" and the footer lead to real contact details (HRSA_CONTACT_*)."""

from __future__ import annotations

import re
from html import unescape

import pytest

from hrsa.core.vocabulary.people import Role


def text(response) -> str:
    return unescape(response.get_data(as_text=True))


@pytest.fixture
def contact(app, monkeypatch):
    monkeypatch.setitem(app.config, "HRSA_CONTACT_NAME", "Plymouth Schools Safeguarding Team")
    monkeypatch.setitem(app.config, "HRSA_CONTACT_EMAIL", "safeguarding@plymouth.example")
    monkeypatch.setitem(app.config, "HRSA_CONTACT_PHONE", "01752 668000")


def test_the_contact_page_shows_the_settings(client, contact):
    response = client.get("/contact")

    assert response.status_code == 200
    page = text(response)
    assert "<title>Contact us – " in page
    assert "Plymouth Schools Safeguarding Team" in page
    assert 'href="mailto:safeguarding@plymouth.example"' in page
    assert "Telephone: 01752 668000" in page


def test_without_a_phone_number_the_page_has_no_telephone_line(client, contact, monkeypatch, app):
    monkeypatch.setitem(app.config, "HRSA_CONTACT_PHONE", "")

    page = text(client.get("/contact"))

    assert "safeguarding@plymouth.example" in page
    assert "Telephone" not in page


def test_the_demo_defaults_give_a_usable_page(app):
    from hrsa.config import from_environment

    settings = from_environment(app.instance_path)
    assert settings["HRSA_CONTACT_NAME"] == "Healthy Relationships Advisory Group"
    assert "@" in settings["HRSA_CONTACT_EMAIL"]


@pytest.mark.parametrize("role", [None, Role.SCHOOL_LEAD, Role.COMMISSIONER])
def test_the_beta_banner_and_the_footer_link_to_the_contact_page(client, factory, sign_in, role):
    if role is not None:
        sign_in(factory.user(role).email)
    page = text(client.get("/accessibility"))

    banner = re.search(r'<span class="govuk-phase-banner__text">(.*?)</span>', page, re.S)
    assert banner and 'href="/contact">contact us</a>' in banner.group(1)
    footer = page[page.index('class="govuk-footer"') :]
    assert 'href="/contact">Contact us</a>' in footer
    # The accessibility statement's feedback section points there too.
    assert 'href="/contact">contact the Healthy Relationships Advisory Group</a>' in page
