"""The citywide report's key messages: what a partnership board should read first.

Three short lists, each made from figures the report already holds (nothing is counted again):
the largest gaps (the overview's standards with the highest share rated Red or Amber), the
biggest changes since the previous cycle (the gap ranking's changes, largest either way), and the
wards whose schools rated fewer standards Green than the city as a whole (the wards heatmap, with
its small-number rule: a ward with too few schools is never named).
"""

from __future__ import annotations

from dataclasses import dataclass

from hrsa.core.figures import AreaHeatmap, RagCounts
from hrsa.core.formatting import percentage, plural
from hrsa.core.framework import Framework
from hrsa.core.vocabulary.ratings import Rag, rag_words
from hrsa.services.dashboard.overview import Overview
from hrsa.services.dashboard.trends import GapRanking

MESSAGES_PER_LIST = 3
WARDS_LISTED = 5


@dataclass(frozen=True)
class KeyMessages:
    largest_gaps: tuple[str, ...]
    biggest_changes: tuple[str, ...]
    wards_below: tuple[str, ...]


def _gap_sentences(result: Overview, framework: Framework) -> tuple[str, ...]:
    shorts = {s.code: s.short_title for s in framework.standards}
    return tuple(
        f"Standard {s.code} ({shorts.get(s.code, s.text)}): "
        f"{percentage(s.counts.gaps, s.counts.rated)} rated {rag_words(gaps=True)} "
        f"({s.counts.gaps:,} of {s.counts.rated:,})"
        for s in result.largest_gaps[:MESSAGES_PER_LIST]
    )


def _change_sentences(
    ranking: GapRanking, framework: Framework, previous: str | None
) -> tuple[str, ...]:
    if not ranking.has_previous or previous is None:
        return ("There is no earlier cycle to compare with.",)
    shorts = {s.code: s.short_title for s in framework.standards}
    moved = [row for row in ranking.standards if row.change_points]
    moved.sort(key=lambda row: -abs(row.change_points or 0))
    if not moved:
        return (f"No standard's share rated {rag_words(gaps=True)} changed since {previous}.",)
    sentences = []
    for row in moved[:MESSAGES_PER_LIST]:
        points = row.change_points or 0
        better = "better" if points < 0 else "worse"
        sentences.append(
            f"Standard {row.key} ({shorts.get(row.key, row.title)}): "
            f"{percentage(row.counts.gaps, row.counts.rated)} rated {rag_words(gaps=True)}, "
            f"{row.change_words.lower()} since {previous} ({better})"
        )
    return tuple(sentences)


def _ward_sentences(wards: AreaHeatmap) -> tuple[str, ...]:
    city = sum((cell.counts for cell in wards.city.cells), RagCounts())
    city_share = city.share(Rag.GREEN)
    if city_share is None:
        return ()
    below = []
    for row in wards.rows:
        if row.suppressed:
            continue
        counts = sum((cell.counts for cell in row.cells), RagCounts())
        share = counts.share(Rag.GREEN)
        if share is not None and round(100 * share) < round(100 * city_share):
            below.append((share, row.area, counts))
    below.sort(key=lambda item: (item[0], item[1]))
    city_words = percentage(city.green, city.rated)
    sentences = [
        f"{area}: {percentage(counts.green, counts.rated)} of standards rated Green, against "
        f"{city_words} across the city"
        for _, area, counts in below[:WARDS_LISTED]
    ]
    if len(below) > WARDS_LISTED:
        sentences.append(f"and {plural(len(below) - WARDS_LISTED, 'other ward')} below the city")
    if not below:
        sentences.append(f"No ward is below the city's {city_words} of standards rated Green.")
    return tuple(sentences)


def key_messages(
    result: Overview,
    ranking: GapRanking,
    wards: AreaHeatmap,
    framework: Framework,
    previous_cycle: str | None,
) -> KeyMessages:
    """The three lists of key messages from the report's own figures."""
    return KeyMessages(
        largest_gaps=_gap_sentences(result, framework),
        biggest_changes=_change_sentences(ranking, framework, previous_cycle),
        wards_below=_ward_sentences(wards),
    )
