"""Schools: the phases a school can be in (stored as the key, shown as the label)."""

from __future__ import annotations

PHASES: dict[str, str] = {
    "primary": "Primary",
    "secondary": "Secondary",
    "all_through": "All-through",
    "special": "Special",
    "alternative_provision": "Alternative provision",
}
