"""Authorities as data: a DfE code of three digits, each code once, and the details required."""

from __future__ import annotations

import pytest

from hrsa.core.errors import ServiceError
from hrsa.extensions import db
from hrsa.services.authorities import records as authorities
from hrsa.services.authorities.records import AuthorityDetails

DETAILS = AuthorityDetails(name="Cornwall", service_name="Safer Cornwall", partnership_name="P")


def test_an_authority_needs_a_three_digit_code_used_once(app):
    with pytest.raises(ServiceError, match="Local authority code must be 3 digits, like 879"):
        authorities.create_authority(db.session, code="90", details=DETAILS)
    authorities.create_authority(db.session, code="908", details=DETAILS)
    with pytest.raises(ServiceError, match="Local authority 908 already exists"):
        authorities.create_authority(db.session, code="908", details=DETAILS)


def test_the_contact_website_must_be_a_web_address(app):
    details = AuthorityDetails(
        name="Cornwall", service_name="S", partnership_name="P", contact_url="javascript:alert(1)"
    )
    with pytest.raises(ServiceError, match="Enter the website's address"):
        authorities.create_authority(db.session, code="908", details=details)


def test_the_service_authority_is_the_first_made(app):
    assert authorities.service_authority(db.session) is None
    first = authorities.create_authority(db.session, code="908", details=DETAILS)
    authorities.create_authority(db.session, code="909", details=DETAILS)
    assert authorities.service_authority(db.session) is first
