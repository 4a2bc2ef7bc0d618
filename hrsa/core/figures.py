"""The figures every report shows, as values: RAG counts, an area heatmap's cells and the
thresholds of the resource-gap rule.

The services count them in SQL (`hrsa.services.dashboard`, `hrsa.services.resources.gaps`); the
pages, the exports and the PDFs display them. Nothing here queries: these are the shapes below
the services, so the PDF code can draw them without importing a service.
"""

from __future__ import annotations

from dataclasses import dataclass

from hrsa.core.formatting import percentage
from hrsa.core.vocabulary.ratings import MAX_RAG_SCORE, Rag

TOO_FEW = "Too few schools"

# A standard needs new resources when at least half the schools that rated it found a gap
# (Red or Amber) and the bank holds at most one approved resource for it.
HIGH_NEED_SHARE = 0.5
FEW_RESOURCES = 1


@dataclass(frozen=True)
class RagCounts:
    """How many ratings are Red, Amber, Green and not yet rated."""

    red: int = 0
    amber: int = 0
    green: int = 0
    unrated: int = 0

    @property
    def rated(self) -> int:
        return self.red + self.amber + self.green

    @property
    def total(self) -> int:
        return self.rated + self.unrated

    @property
    def gaps(self) -> int:
        return self.red + self.amber

    @property
    def gap_share(self) -> float | None:
        """The share of rated standards that are Red or Amber (None when nothing is rated)."""
        return self.gaps / self.rated if self.rated else None

    @property
    def green_share(self) -> float | None:
        return self.green / self.rated if self.rated else None

    def share(self, rag: Rag) -> float | None:
        """The share of rated standards rated `rag` (None when nothing is rated)."""
        return self.count(rag) / self.rated if self.rated else None

    @property
    def mean_score(self) -> float | None:
        """The mean score as a share of the maximum (Red 0, Amber 1, Green 2)."""
        if not self.rated:
            return None
        score = sum(self.count(rag) * rag.score for rag in Rag)
        return score / (MAX_RAG_SCORE * self.rated)

    @property
    def band(self) -> Rag | None:
        """The rating nearest the mean score (the area heatmap's colour), None when unrated:
        under a quarter of the maximum is Red, from three quarters Green, Amber between."""
        mean = self.mean_score
        if mean is None:
            return None
        nearest = round(mean * MAX_RAG_SCORE + 1e-9)
        return next(rag for rag in Rag if rag.score == nearest)

    def count(self, rag: Rag | None) -> int:
        """The count for one RAG value (None: not yet rated)."""
        return self.unrated if rag is None else int(getattr(self, rag.value))

    def __add__(self, other: RagCounts) -> RagCounts:
        return RagCounts(
            self.red + other.red,
            self.amber + other.amber,
            self.green + other.green,
            self.unrated + other.unrated,
        )


@dataclass(frozen=True)
class StandardFigures:
    code: str
    text: str
    principle_number: int
    counts: RagCounts


@dataclass(frozen=True)
class PrincipleFigures:
    number: int
    title: str
    counts: RagCounts
    standards: tuple[StandardFigures, ...]


@dataclass(frozen=True)
class AreaCell:
    """One area's ratings of one principle's standards, and how many schools gave them."""

    principle_number: int
    schools: int
    counts: RagCounts
    suppressed: bool


def area_cell_values(cell: AreaCell) -> tuple[str, str]:
    """(share rated Green, mean score) as shown, or "Too few schools" twice (the pages, the
    exports and the citywide PDF all say this)."""
    if cell.suppressed:
        return TOO_FEW, TOO_FEW
    counts = cell.counts
    mean = counts.mean_score
    return (
        percentage(counts.green, counts.rated),
        "–" if mean is None else f"{round(100 * mean)}%",
    )


def area_cell_share(cell: AreaCell, rag: Rag) -> str:
    """The share of the cell's rated standards rated `rag` as shown ("38%"), "–" when nothing
    is rated, or "Too few schools" (the areas heatmap page and its export)."""
    if cell.suppressed:
        return TOO_FEW
    return percentage(cell.counts.count(rag), cell.counts.rated)


@dataclass(frozen=True)
class AreaRow:
    area: str
    schools: int
    cells: tuple[AreaCell, ...]
    suppressed: bool


@dataclass(frozen=True)
class AreaHeatmap:
    by: str
    min_schools: int
    rows: tuple[AreaRow, ...]
    city: AreaRow
