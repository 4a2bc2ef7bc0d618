"""How pages name the place and the people running the service: from the authority's data.

Every page's header, footer and the start, contact, privacy and accessibility pages say the
authority's service name, its partnership and its area; before any authority exists (a new
service, before its first import) they say neutral words instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from hrsa.services.authorities.records import service_authority


@dataclass(frozen=True)
class Branding:
    """The words and contacts a page uses for the authority running the service."""

    service_name: str
    partnership_name: str
    area_name: str
    contact_email: str | None = None
    contact_phone: str | None = None
    contact_url: str | None = None


NEUTRAL = Branding(
    service_name="Healthy relationships",
    partnership_name="local safeguarding partnership",
    area_name="the area",
)


def branding(session: Session) -> Branding:
    """The service authority's words, or neutral ones before any authority exists."""
    authority = service_authority(session)
    if authority is None:
        return NEUTRAL
    return Branding(
        service_name=authority.service_name,
        partnership_name=authority.partnership_name,
        area_name=authority.name,
        contact_email=authority.contact_email,
        contact_phone=authority.contact_phone,
        contact_url=authority.contact_url,
    )
