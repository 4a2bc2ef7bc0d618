"""Right-to-left words in the PDFs: ReportLab lays lines out left to right, so hrsa.pdf.text puts
Hebrew and Arabic runs in the order they are seen; other text is left alone."""

from __future__ import annotations

import pytest

from hrsa.pdf.text import SHORT_RUN, markup, visual_order

SHALOM = "שלום"
OLAM = "עולם"


def test_left_to_right_text_is_unchanged() -> None:
    for value in ("", "Tamar View Primary", "Siân & Łucja — “quoted” (2026)", "12 < 13"):
        assert visual_order(value) == value


def test_a_short_right_to_left_run_is_turned_round_whole() -> None:
    assert (
        visual_order(f"Hello {SHALOM} {OLAM} again") == f"Hello {OLAM[::-1]} {SHALOM[::-1]} again"
    )
    assert visual_order("مرحبا بالعالم") == "مرحبا بالعالم"[::-1]


def test_numbers_keep_their_order_and_brackets_are_mirrored() -> None:
    assert visual_order(f"{SHALOM} 2026 {OLAM}") == f"{OLAM[::-1]} 2026 {SHALOM[::-1]}"
    assert visual_order(f"x {SHALOM} ({OLAM}) y") == f"x ({OLAM[::-1]}) {SHALOM[::-1]} y"


def test_a_long_run_keeps_its_words_in_reading_order_each_turned_round() -> None:
    words = [SHALOM, OLAM] * 8
    run = " ".join(words)
    assert len(run) > SHORT_RUN
    assert visual_order(run) == " ".join(word[::-1] for word in words)


@pytest.mark.parametrize("line_break", ["\n", "\n\n"])
def test_runs_never_cross_a_line_break(line_break: str) -> None:
    assert visual_order(f"{SHALOM}{line_break}{OLAM}") == f"{SHALOM[::-1]}{line_break}{OLAM[::-1]}"


def test_markup_is_escaped_after_turning_round() -> None:
    assert markup(f"<b>{SHALOM}</b> & ok") == f"&lt;b&gt;{SHALOM[::-1]}&lt;/b&gt; &amp; ok"
