"""The schools heatmap's print view fits A4 landscape: Chromium prints it to PDF (as a board
member's browser would), every sheet is landscape A4, and no column is cut off the page."""

from __future__ import annotations

import io
from collections.abc import Callable

from playwright.sync_api import Page
from pypdf import PdfReader

from hrsa.core.vocabulary.people import Role
from tests import small_city

# A4 landscape less 10 mm margins each side (the print view's @page), in CSS pixels.
PRINTABLE_WIDTH = round(277 / 25.4 * 96)
A4_LANDSCAPE = (842, 595)  # points, rounded


def test_print_view_fits_a4_landscape(
    page: Page, factory, browser_sign_in: Callable[[Page, str], None]
) -> None:
    small_city.build(factory)
    browser_sign_in(page, factory.user(Role.COMMISSIONER).email)
    page.goto("/dashboard/heatmap/schools/print?in_progress=y")
    page.emulate_media(media="print")
    page.set_viewport_size({"width": PRINTABLE_WIDTH, "height": 700})
    widths = page.evaluate(
        """() => ({
            table: document.querySelector('.hrsa-heatmap--schools').getBoundingClientRect().right,
            page: document.documentElement.scrollWidth,
            header: getComputedStyle(document.querySelector('.govuk-header')).display,
        })"""
    )
    assert widths["table"] <= PRINTABLE_WIDTH and widths["page"] <= PRINTABLE_WIDTH, widths
    assert widths["header"] == "none"

    pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, print_background=True)))
    sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in pdf.pages}
    assert sizes == {A4_LANDSCAPE}
    text = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    assert text.startswith("Healthy Relationships Self-Assessment Schools heatmap: 2026/27")
    for school in ("Ash Primary", "Beech Primary", "Cedar Academy", "Damson High"):
        assert school in text
    assert "8.2" in text and "Access to support" in text  # the last column is on the sheet
