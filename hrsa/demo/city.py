"""The demo city's plan: which schools exist, where, and how each one is doing, before any row
is written.

Plymouth has about 100 schools (70 primary, 17 secondary, a few all-through, special and
alternative provision) across its 20 wards. Every value here is drawn from a generator seeded by
the demo seed and the school's position, so the same seed always plans the same city, and a
top-up run plans the existing schools exactly as before.

The plan is shaped so every citywide view has something to show: some wards are clearly weaker
than others, some schools improve and some decline between the two cycles, and every ward has
at least three schools with a submitted assessment this cycle (the heatmap's small-number rule),
and so does every phase.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from hrsa.core.vocabulary.assessment import AssessmentStatus
from hrsa.core.vocabulary.ratings import Rag

# The demo authority: Plymouth, DfE local-authority code 879, as the service has always looked.
AUTHORITY_CODE = "879"
AUTHORITY_NAME = "Plymouth"
SERVICE_NAME = "Safer Plymouth"
PARTNERSHIP_NAME = "Safer Plymouth partnership"

# Plymouth's 20 electoral wards (the city's areas for reporting), each with a neighbourhood
# inside or beside it for the demo data.
WARDS: list[tuple[str, str]] = [
    ("Budshead", "Whitleigh"),
    ("Compton", "Mannamead"),
    ("Devonport", "Morice Town"),
    ("Drake", "Mutley"),
    ("Efford and Lipson", "Lipson"),
    ("Eggbuckland", "Eggbuckland"),
    ("Ham", "Ham"),
    ("Honicknowle", "Honicknowle"),
    ("Moor View", "Crownhill"),
    ("Peverell", "Peverell"),
    ("Plympton Chaddlewood", "Chaddlewood"),
    ("Plympton Erle", "Colebrook & Newnham"),
    ("Plympton St Mary", "Plympton"),
    ("Plymstock Dunstone", "Elburton & Dunstone"),
    ("Plymstock Radford", "Hooe"),
    ("St Budeaux", "St Budeaux"),
    ("St Peter and the Waterfront", "Stonehouse"),
    ("Southway", "Southway"),
    ("Stoke", "Stoke"),
    ("Sutton and Mount Gould", "East End"),
]
WARD_NAMES: tuple[str, ...] = tuple(ward for ward, _ in WARDS)

# The two secondary schools that piloted the healthy-relationships sessions; every other name is
# invented. The first is the demo lead's school, the second the carried-forward example.
PILOT_SCHOOLS = [
    ("Coombe Dean School", "Plymstock Dunstone"),
    ("Tor Bridge High", "Moor View"),
]

# Schools per 100, by phase (Plymouth's mix).
PHASE_MIX = [
    ("primary", 70),
    ("secondary", 17),
    ("all_through", 3),
    ("special", 6),
    ("alternative_provision", 4),
]
# Schools per 100, by ward: four each, and the rest where the city has more children.
WARD_EXTRA = {
    "Budshead": 2,
    "Compton": 1,
    "Efford and Lipson": 2,
    "Eggbuckland": 2,
    "Ham": 1,
    "Honicknowle": 1,
    "Peverell": 2,
    "Plympton Chaddlewood": 1,
    "Plympton St Mary": 3,
    "Plymstock Dunstone": 2,
    "St Budeaux": 2,
    "Southway": 1,
}
# Invented: these wards' schools start further behind, so the area heatmap shows a pattern.
WARD_OFFSET = {
    "Devonport": -0.3,
    "Stoke": -0.25,
    "Ham": -0.25,
    "Honicknowle": -0.2,
    "St Peter and the Waterfront": -0.2,
    "Plympton St Mary": 0.1,
    "Plymstock Dunstone": 0.1,
    "Compton": 0.15,
}
SHOWCASE = 2  # the pilot schools, seeded through the same services as the web pages
SUBMITTED_PER_AREA = 3  # at least this many submitted this cycle in every ward and phase

STEMS = [
    "Harbourside", "Tamar View", "Drake's Island", "Hoe Park", "Mayflower", "Sound View",
    "Moorland Edge", "Cattewater", "Saltram", "Plym Valley", "Barbican", "Royal William",
    "Citadel", "Ernesettle Green", "Millbay", "Lipson Vale", "Sutton Harbour", "Ford Park",
    "Central Park", "Jennycliff", "Smeaton", "Mount Wise", "Radford Lake", "Tothill", "Widey",
    "Leigham", "Derriford", "Looe Street", "Hooe Lake", "Torr", "Staddon Heights", "Bovisand",
    "Mount Batten", "Lopwell", "Bickleigh Down", "Chelson Meadow", "Hardwick Wood", "Blagdon",
    "Langage", "Boringdon", "Yealm View", "Wembury Point", "Cremyll", "Devil's Point",
    "Firestone Bay", "Stonehouse Creek", "Pennycomequick", "Beaumont", "Freedom Fields",
    "Trelawney", "Keyham Lake", "Weston Mill", "Tamerton Foliot", "Warleigh Point",
    "Ham Woods", "Efford Marsh", "Laira Bridge", "Marsh Mills", "Plymbridge", "Cann Wood",
    "Estover Green", "Knackersknowle", "Chaddlewood Copse", "Hemerdon", "Sparkwell", "Elfordleigh",
    "Goosewell", "Billacombe", "Pomphlett", "Oreston Quay", "Turnchapel", "Cattedown",
    "Coxside", "Queen Anne's Battery", "Sugar Quay", "Shepherd's Wharf", "Admiral's Hard",
    "Stoke Damerel", "Paradise Road", "Milehouse", "Peverell Park", "Hartley Vale",
    "Mannamead", "Thorn Park", "Higher Compton", "Eggbuckland Keep", "Forder Valley",
    "Leigham Woods", "Glenholt", "Woolwell", "Roborough Down", "Clittaford", "Whitleigh Wood",
    "Kings Tamerton", "Barne Barton", "Camels Head", "Ocean Court", "Ernesettle Creek",
    "Budshead Wood", "Honicknowle Brook",
]  # fmt: skip
SUFFIX = {
    "primary": "Primary School",
    "secondary": "Academy",
    "all_through": "Community College",
    "special": "Special School",
    "alternative_provision": "Learning Centre",
}
ROLL = {
    "primary": (180, 630),
    "secondary": (650, 1700),
    "all_through": (900, 1900),
    "special": (60, 220),
    "alternative_provision": (20, 90),
}
FIRST = [
    "Sarah", "James", "Priya", "Tom", "Aisha", "Gareth", "Helen", "Marcus", "Nia", "Owen",
    "Rachel", "Sam", "Bethan", "Daniel", "Fatima", "Ian", "Jo", "Kieran", "Lucy", "Mo",
]  # fmt: skip
LAST = [
    "Trelawny", "Pengelly", "Hawkins", "Carew", "Roberts", "Okafor", "Singh", "Brown",
    "Chapman", "Davies", "Evans", "Foster", "Greenwood", "Hughes", "Khan", "Lewis",
]  # fmt: skip
NOT_STARTED = AssessmentStatus.NOT_STARTED
IN_PROGRESS = AssessmentStatus.IN_PROGRESS
SUBMITTED = AssessmentStatus.SUBMITTED


@dataclass(frozen=True)
class CycleState:
    """How far a school got in one cycle, and how mature its practice was then (0 to 1)."""

    status: AssessmentStatus
    maturity: float
    rated_share: float  # of its standards rated (1.0 once submitted)


@dataclass(frozen=True)
class SchoolPlan:
    """One demo school: its profile and its state in the previous and the current cycle."""

    index: int
    urn: str
    name: str
    phase: str
    ward: str
    neighbourhood: str
    profile: dict[str, Any]
    previous: CycleState
    current: CycleState

    @property
    def is_showcase(self) -> bool:
        return self.index < SHOWCASE


def school_rng(seed: int, index: int, purpose: str) -> random.Random:
    """A generator for one school and one purpose, the same on every run with this seed."""
    return random.Random(f"{seed}/{index}/{purpose}")


def _slots(seed: int) -> list[tuple[str, str]]:
    """100 (phase, ward) pairs in Plymouth's proportions, the pilot schools first."""
    rng = random.Random(f"{seed}/slots")
    wards = [ward for ward, _ in WARDS for _ in range(4 + WARD_EXTRA.get(ward, 0))]
    for _, ward in PILOT_SCHOOLS:
        wards.remove(ward)
    rng.shuffle(wards)
    phases = [phase for phase, count in PHASE_MIX for _ in range(count)]
    for _ in PILOT_SCHOOLS:
        phases.remove("secondary")
    rng.shuffle(phases)
    pilots = [("secondary", ward) for _, ward in PILOT_SCHOOLS]
    return pilots + list(zip(phases, wards, strict=True))


def _name(index: int, phase: str) -> str:
    if index < len(PILOT_SCHOOLS):
        return PILOT_SCHOOLS[index][0]
    stem = STEMS[(index - len(PILOT_SCHOOLS)) % len(STEMS)]
    lap = (index - len(PILOT_SCHOOLS)) // len(STEMS)
    return f"{stem}{' ' + str(lap + 1) if lap else ''} {SUFFIX[phase]}"


def _profile(rng: random.Random, index: int, name: str, phase: str) -> dict[str, Any]:
    low, high = ROLL[phase]
    slug = "".join(ch for ch in name.lower() if ch.isalnum())
    street = STEMS[index % len(STEMS)]
    return {
        "address": f"{rng.randint(1, 120)} {street} Road, Plymouth",
        "telephone": f"01752 {rng.randint(200000, 999999)}",
        "website": f"https://www.{slug[:40]}.example.org.uk",
        "last_ofsted_on": date(2026, 9, 1) - timedelta(days=rng.randint(60, 1500)),
        "number_on_roll": rng.randint(low, high),
        "headteacher": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        "nominated_lead": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
    }


def _previous_state(rng: random.Random, index: int, maturity: float) -> CycleState:
    """Last cycle: most schools took part and submitted; a few never finished or started."""
    draw = rng.random()
    if index < SHOWCASE or draw < 0.86:
        return CycleState(SUBMITTED, maturity, 1.0)
    if draw < 0.91:
        return CycleState(IN_PROGRESS, maturity, rng.uniform(0.3, 0.8))
    return CycleState(NOT_STARTED, maturity, 0.0)


def _current_state(
    rng: random.Random, index: int, maturity: float, must_submit: bool
) -> CycleState:
    """This cycle: a spread of not started, in progress and submitted."""
    trend = rng.choices([0.25, 0.05, -0.25], weights=[30, 50, 20])[0]
    now = min(0.95, max(0.05, maturity + trend))
    if index == 0:  # the demo lead's school: a believable mix, part way through
        return CycleState(IN_PROGRESS, 0.7, 0.65)
    if index == 1:  # carried forward from last cycle, half re-confirmed so far
        return CycleState(IN_PROGRESS, maturity, 0.5)
    draw = rng.random()
    if must_submit or draw < 0.45:
        return CycleState(SUBMITTED, now, 1.0)
    if draw < 0.75:
        return CycleState(IN_PROGRESS, now, rng.uniform(0.3, 0.8))
    return CycleState(NOT_STARTED, now, 0.0)


def plan_city(count: int, seed: int) -> list[SchoolPlan]:
    """The first `count` schools of the demo city for this seed."""
    slots = _slots(seed)
    neighbourhoods = dict(WARDS)
    submitted: Counter[str] = Counter()  # this cycle, by ward and by phase
    plans = []
    for index in range(count):
        phase, ward = slots[index % len(slots)]
        rng = school_rng(seed, index, "school")
        name = _name(index, phase)
        maturity = min(0.9, max(0.05, rng.uniform(0.35, 0.8) + WARD_OFFSET.get(ward, 0.0)))
        must_submit = (
            index >= SHOWCASE and min(submitted[ward], submitted[phase]) < SUBMITTED_PER_AREA
        )
        current = _current_state(rng, index, maturity, must_submit)
        if current.status is SUBMITTED:
            submitted.update([ward, phase])
        plans.append(
            SchoolPlan(
                index=index,
                urn=f"{900001 + index}",
                name=name,
                phase=phase,
                ward=ward,
                neighbourhood=neighbourhoods[ward],
                profile=_profile(rng, index, name, phase),
                previous=_previous_state(rng, index, max(0.05, maturity - 0.1)),
                current=current,
            )
        )
    return plans


# How hard each standard is to meet (0 easy .. 1 hard), from the seed's own evidence: peer
# mentoring, parent training and accreditation are hardest.
DIFFICULTY = {
    "1.1": 0.4, "1.2": 0.35, "1.3": 0.2, "1.4": 0.6, "2.1": 0.35, "2.2": 0.4, "2.3": 0.35,
    "3.1": 0.45, "3.2": 0.5, "4.1": 0.55, "4.2": 0.45, "4.3": 0.75, "5.1": 0.7, "5.2": 0.5,
    "6.1": 0.55, "6.2": 0.6, "6.3": 0.7, "7.1": 0.5, "7.2": 0.8, "8.1": 0.5, "8.2": 0.75,
}  # fmt: skip
# This cycle the city trained staff on principle 2 (easier now) and the online-safety standard
# 6.3 became harder to meet, so the gap ranking's change since last cycle moves both ways.
CURRENT_SHIFT = {"2.1": -0.2, "2.2": -0.2, "2.3": -0.15, "6.3": 0.15}


def rag_for(rng: random.Random, code: str, maturity: float, current: bool) -> str:
    """A believable rating of one standard for a school of this maturity."""
    difficulty = DIFFICULTY.get(code, 0.5) + (CURRENT_SHIFT.get(code, 0.0) if current else 0.0)
    score = maturity - difficulty + rng.uniform(-0.35, 0.35)
    rag = Rag.GREEN if score > 0.25 else Rag.AMBER if score > -0.15 else Rag.RED
    return rag.value


def planned_ratings(
    seed: int, plan: SchoolPlan, codes: list[str], current: bool
) -> dict[str, str | None]:
    """The school's rating of each standard in one cycle (None: not rated yet)."""
    state = plan.current if current else plan.previous
    rng = school_rng(seed, plan.index, "current" if current else "previous")
    rated = round(len(codes) * state.rated_share)
    # An assessment in progress is filled in principle by principle, so the first are rated.
    return {
        code: rag_for(rng, code, state.maturity, current) if position < rated else None
        for position, code in enumerate(codes)
    }
