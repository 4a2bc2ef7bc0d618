"""How the school's report breaks its pages: a label ("Next steps", "Evidence documents and
links"...) never ends a page away from what it introduces, and a short standard's section is
never split across two pages."""

from __future__ import annotations

import pytest

from hrsa.core.vocabulary.ratings import Rag
from tests.pdf_text import read_pdf
from tests.unit.pdf.test_school_report import render

LABELS = ("Evidence narrative", "Evidence documents and links", "Next steps", "Moderation feedback")
SENTENCE = "Pupils told us what they want from their relationships lessons this year. "


def _body_lines(page: str) -> list[str]:
    """The page's lines without its running footer and the draft's watermark."""
    furniture = ("Generated", "Page ", "DRAFT")
    return [
        line.strip()
        for line in page.split("\n")
        if line.strip() and not any(line.strip().startswith(f) or f in line for f in furniture)
    ]


@pytest.mark.parametrize("shift", [0, 1, 2, 3])
def test_no_page_ends_with_a_label(factory, shift) -> None:  # type: ignore[no-untyped-def]
    assessment = factory.assessment()
    codes = [f"{n}.{m}" for n, m in ((1, 1), (1, 2), (1, 3), (1, 4), (2, 1), (2, 2), (2, 3))]
    # Narratives of many lengths put the labels at many heights on the page.
    for index, code in enumerate(codes):
        sentences = 1 + (index * 3 + shift * 2) % 9
        factory.rate(
            assessment,
            {code: Rag.AMBER},
            narrative=SENTENCE * sentences,
            next_steps={code: "Ask the school council. " * (1 + (index + shift) % 4)},
        )

    pdf = read_pdf(render(assessment))

    for number, page in enumerate(pdf.pages, start=1):
        lines = _body_lines(page)
        assert lines and lines[-1] not in LABELS, f"page {number} ends with {lines[-1]!r}"


def test_a_short_standard_section_is_never_split_across_pages(factory) -> None:  # type: ignore[no-untyped-def]
    assessment = factory.assessment()
    factory.rate(
        assessment,
        {"1.1": Rag.AMBER, "2.2": Rag.RED},
        narrative=SENTENCE * 2,
        next_steps={"1.1": SENTENCE, "2.2": SENTENCE},
    )

    pdf = read_pdf(render(assessment))

    plan = next(n for n, page in enumerate(pdf.pages) if _body_lines(page)[0] == "Delivery plan")
    for page in pdf.pages[:plan]:  # the principles' sections, before the plan and resources
        lines = _body_lines(page)
        # The rated standards, which have next steps (empty sections are left out).
        starts = [
            n
            for n, line in enumerate(lines)
            if line.startswith(("Standard 1.1 ·", "Standard 2.2 ·"))
        ]
        for start in starts:
            # Heading, text, narrative, documents: its "Next steps" follows on the same page.
            assert "Next steps" in lines[start:], f"{lines[start]} is split from its next steps"
