"""A small city for the export and moderation tests: two cycles, three schools, one moderator."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.ratings import Rag
from hrsa.extensions import db
from hrsa.models import Assessment, Cycle, User
from hrsa.services.evidence import items
from hrsa.services.moderation import decisions
from tests.factories import Factory


@dataclass
class City:
    last_cycle: Cycle
    cycle: Cycle
    hooe: Assessment  # submitted this cycle; 1.1 challenged, 1.2 agreed
    stoke: Assessment  # in progress this cycle, partly rated
    compton_last: Assessment  # last cycle only
    advisory: User


def moderate(
    factory: Factory,
    assessment: Assessment,
    code: str,
    by: User,
    outcome: str,
    rag: str | None = None,
    comment: str = "",
) -> None:
    """Record a moderation through the service, as the moderation page would."""
    found = decisions.target(db.session, by, assessment.id, code)
    version = found.moderation.version if found.moderation else 0
    result = decisions.record(
        db.session, found, by, decisions.ModerationInput(outcome, rag, comment, version)
    )
    assert result.ok, result
    db.session.commit()


def small_city(factory: Factory) -> City:
    last = factory.cycle("2025/26", opens_on=date(2025, 9, 1), closes_on=date(2026, 7, 31))
    cycle = factory.cycle("2026/27")
    hooe_school = factory.school(
        name="Hooe Primary", urn="113001", phase="primary", ward="Plymstock Radford"
    )
    stoke_school = factory.school(
        name="=Stoke Damerel", urn="113002", phase="secondary", ward="Stoke"
    )
    compton_school = factory.school(
        name="Compton Primary", urn="113003", phase="primary", ward="Compton"
    )
    hooe = factory.assessment(hooe_school, cycle, rags={"1.1": Rag.GREEN, "1.2": Rag.RED})
    hooe = factory.submitted(hooe)
    stoke = factory.assessment(stoke_school, cycle, rags={"2.1": Rag.AMBER, "3.1": Rag.GREEN})
    factory.link(stoke, "3.1", url="https://example.org/second", title="Second link")
    removed = factory.link(stoke, "2.1", url="https://example.org/old", title="Old")
    items.remove(db.session, removed, user_id=factory.school_person(stoke_school.id).id)
    db.session.commit()
    compton_last = factory.assessment(compton_school, last, rags={"1.1": Rag.RED})
    advisory = factory.user(Role.ADVISORY, name="Ada Advisor")
    moderate(factory, hooe, "1.1", advisory, "challenge", "amber", "The policy is not yet agreed")
    moderate(factory, hooe, "1.2", advisory, "agree")
    return City(last, cycle, hooe, stoke, compton_last, advisory)
