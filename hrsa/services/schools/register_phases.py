"""Where a school on the national register (Get Information about Schools) sits among hrsa's
phases, and which establishments on it are not schools the tool assesses.

The README says the same in words ("Phases", under "A council adopts it").
"""

from __future__ import annotations

# Types of establishment hrsa places by type whatever their phase (the phase of a pupil
# referral unit or special school is often "Not applicable").
ALTERNATIVE_PROVISION_TYPES = frozenset(
    {
        "Pupil referral unit",
        "Academy alternative provision converter",
        "Academy alternative provision sponsor led",
        "Free schools alternative provision",
    }
)
SPECIAL_TYPES = frozenset(
    {
        "Community special school",
        "Foundation special school",
        "Non-maintained special school",
        "Academy special converter",
        "Academy special sponsor led",
        "Free schools special",
        "Other independent special school",
    }
)
# Establishments on the register that are not schools the tool assesses: skipped and counted.
NOT_SCHOOL_TYPES = frozenset(
    {
        "Further education",
        "Sixth form centres",
        "Higher education institutions",
        "Special post 16 institution",
        "Welsh establishment",
        "Children's centre",
        "Children's centre linked site",
        "Online provider",
        "Miscellaneous",
        "Institution funded by other government department",
        "British schools overseas",
        "Offshore schools",
    }
)
# GIAS's phases of education and hrsa's phase for each ("Not applicable" goes by age range).
PHASES_BY_REGISTER = {
    "Nursery": "primary",
    "Primary": "primary",
    "Middle deemed primary": "primary",
    "Secondary": "secondary",
    "Middle deemed secondary": "secondary",
    "16 plus": "secondary",
    "All-through": "all_through",
}
NOT_APPLICABLE = "Not applicable"


def hrsa_phase(kind: str, phase: str, low: int | None, high: int | None) -> str | None:
    """hrsa's phase for a register row, or None when it has none. Pupil referral units and
    alternative provision are "alternative_provision" and special schools "special" whatever
    their phase; then the register's phase: nursery, primary and middle deemed primary are
    "primary", secondary, middle deemed secondary and 16 plus "secondary", all-through
    "all_through"; "Not applicable" goes by the statutory ages (up to 11: primary, from 11:
    secondary, across both: all-through)."""
    if kind in ALTERNATIVE_PROVISION_TYPES:
        return "alternative_provision"
    if kind in SPECIAL_TYPES:
        return "special"
    if phase in PHASES_BY_REGISTER:
        return PHASES_BY_REGISTER[phase]
    if phase == NOT_APPLICABLE and low is not None and high is not None:
        if high <= 11:
            return "primary"
        if low >= 11:
            return "secondary"
        return "all_through"
    return None
