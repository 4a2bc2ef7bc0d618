"""A small city whose citywide figures are worked out by hand in the dashboard tests.

Two cycles, five schools (R = Red, A = Amber, G = Green; "rest" is every other standard):

| school | phase     | ward  | 2025/26 (submitted)  | 2026/27                                     |
|--------|-----------|-------|----------------------|---------------------------------------------|
| Ash    | primary   | Stoke | 2.1 G, rest A        | submitted: 1.1 R, 1.2 R, 2.1 G, rest A      |
| Beech  | primary   | Stoke | all G                | submitted: 1.1 A, rest G                    |
| Cedar  | secondary | Stoke | (none)               | submitted: all R                            |
| Damson | secondary | Drake | (none)               | in progress: 1.1 G, rest not yet rated      |
| Elm    | special   | Drake | (none)               | not started                                 |

Moderation in 2026/27: Ash's 1.1 challenged (moderator says Amber); Beech's 1.1 agreed (Amber).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.ratings import Rag
from hrsa.models import Assessment, Cycle, School
from tests.city_helpers import moderate
from tests.factories import Factory


@dataclass
class SmallCity:
    before: Cycle
    now: Cycle
    schools: dict[str, School]
    assessments: dict[tuple[str, str], Assessment]  # (school name, "before"/"now")


def build(factory: Factory) -> SmallCity:
    """Make the city in the table above, through the services as schools would."""
    before = factory.cycle("2025/26", opens_on=date(2025, 9, 1), closes_on=date(2026, 7, 31))
    now = factory.cycle("2026/27")
    schools = {
        "Ash": factory.school(name="Ash Primary", phase="primary", ward="Stoke"),
        "Beech": factory.school(name="Beech Primary", phase="primary", ward="Stoke"),
        "Cedar": factory.school(name="Cedar Academy", phase="secondary", ward="Stoke"),
        "Damson": factory.school(name="Damson High", phase="secondary", ward="Drake"),
        "Elm": factory.school(name="Elm Special", phase="special", ward="Drake"),
    }
    made: dict[tuple[str, str], Assessment] = {}

    def assess(name: str, when: str, rest: Rag | None, rags: dict[str, Rag]) -> Assessment:
        assessment = factory.assessment(schools[name], now if when == "now" else before)
        if rest is not None:
            factory.rate_all(assessment, rest, except_codes=rags)
        if rags:
            factory.rate(assessment, rags)
        made[(name, when)] = assessment
        return assessment

    for name, when, rest, rags in [
        ("Ash", "before", Rag.AMBER, {"2.1": Rag.GREEN}),
        ("Beech", "before", Rag.GREEN, {}),
        ("Ash", "now", Rag.AMBER, {"1.1": Rag.RED, "1.2": Rag.RED, "2.1": Rag.GREEN}),
        ("Beech", "now", Rag.GREEN, {"1.1": Rag.AMBER}),
        ("Cedar", "now", Rag.RED, {}),
    ]:
        made[(name, when)] = factory.submitted(assess(name, when, rest, rags))
    assess("Damson", "now", None, {"1.1": Rag.GREEN})
    advisory = factory.user(Role.ADVISORY, name="Moderating Member")
    moderate(factory, made[("Ash", "now")], "1.1", advisory, "challenge", "amber", "Not yet")
    moderate(factory, made[("Beech", "now")], "1.1", advisory, "agree")
    return SmallCity(before=before, now=now, schools=schools, assessments=made)
