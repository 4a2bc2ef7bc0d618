"""The page furniture every hrsa report shares: A4 frame, styles, running footer with
"Page 3 of 9", a "DRAFT" watermark, bookmarks and the PDF's metadata.

"Page 3 of 9" needs the page count before pages are written, so the canvas holds each page
back until the document is complete (ReportLab's usual numbered-canvas recipe); bookmarks are
attached when the held pages are written, so they point at the right pages.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from hrsa.pdf import fonts, text

INK = colors.HexColor("#0b0c0c")
SECONDARY = colors.HexColor("#505a5f")
RULE = colors.HexColor("#b1b4b6")
LIGHT = colors.HexColor("#f3f2f1")
MARGIN = 18 * mm
FOOTER_GAP = 12 * mm
WIDTH = A4[0] - 2 * MARGIN


def _style(name: str, size: float, *, bold: bool = False, **extra: Any) -> ParagraphStyle:
    settings: dict[str, Any] = {
        "fontName": fonts.BOLD if bold else fonts.REGULAR,
        "fontSize": size,
        "leading": round(size * 1.3, 1),
        "textColor": INK,
        "alignment": TA_LEFT,
        "splitLongWords": 1,
    }
    return ParagraphStyle(name, **(settings | extra))


@dataclass(frozen=True)
class Styles:
    """The report's paragraph styles (made after the font is registered)."""

    title: ParagraphStyle
    caption: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    label: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    muted: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle


def styles() -> Styles:
    """The paragraph styles, in DejaVu Sans."""
    fonts.register()
    return Styles(
        title=_style("title", 26, bold=True, spaceAfter=6 * mm),
        caption=_style("caption", 14, textColor=SECONDARY, spaceAfter=2 * mm),
        h1=_style("h1", 18, bold=True, spaceAfter=4 * mm),
        h2=_style("h2", 13, bold=True, spaceBefore=5 * mm, spaceAfter=2 * mm),
        h3=_style("h3", 11, bold=True, spaceBefore=4 * mm, spaceAfter=1.5 * mm),
        label=_style("label", 9.5, bold=True, spaceBefore=2 * mm, spaceAfter=1 * mm),
        body=_style("body", 10, spaceAfter=2 * mm),
        small=_style("small", 9, spaceAfter=1 * mm),
        muted=_style("muted", 9.5, textColor=SECONDARY, spaceAfter=2 * mm),
        cell=_style("cell", 9),
        cell_bold=_style("cell_bold", 9, bold=True),
    )


class Bookmark(Flowable):
    """An invisible mark: the page it lands on gets an outline entry (a PDF bookmark)."""

    def __init__(self, key: str, title: str, level: int = 0) -> None:
        super().__init__()
        self.key, self.title, self.level = key, title, level
        self.width = self.height = 0

    def draw(self) -> None:
        self.canv.hold_bookmark(self.key, self.title, self.level)


@dataclass(frozen=True)
class PageFurniture:
    """What is drawn on every page besides the flowing content."""

    footer: str
    draft: bool


def _canvas_class(
    furniture: PageFurniture, pages: dict[str, int] | None = None
) -> type[canvas.Canvas]:
    class ReportCanvas(canvas.Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held_pages: list[dict[str, Any]] = []
            self._bookmarks: list[tuple[str, str, int]] = []

        def hold_bookmark(self, key: str, title: str, level: int) -> None:
            self._bookmarks.append((key, title, level))

        def showPage(self) -> None:  # noqa: N802 (ReportLab's name)
            self._held_pages.append(dict(self.__dict__))
            self._bookmarks = []
            self._startPage()

        def save(self) -> None:
            total = len(self._held_pages)
            for state in self._held_pages:
                self.__dict__.update(state)
                for key, title, level in state["_bookmarks"]:
                    self.bookmarkPage(key)
                    if pages is not None:
                        pages[key] = self._pageNumber
                    self.addOutlineEntry(title, key, level)
                _draw_furniture(self, furniture, self._pageNumber, total)
                super().showPage()
            self.showOutline()
            super().save()

    return ReportCanvas


def _draw_furniture(canv: canvas.Canvas, furniture: PageFurniture, page: int, total: int) -> None:
    canv.saveState()
    if furniture.draft:
        canv.setFillColor(colors.Color(0.45, 0.45, 0.45, alpha=0.18))
        canv.setFont(fonts.BOLD, 110)
        canv.translate(A4[0] / 2, A4[1] / 2)
        canv.rotate(45)
        canv.drawCentredString(0, -35, "DRAFT")
        canv.rotate(-45)
        canv.translate(-A4[0] / 2, -A4[1] / 2)
    canv.setStrokeColor(RULE)
    canv.setLineWidth(0.5)
    canv.line(MARGIN, FOOTER_GAP + 4 * mm, A4[0] - MARGIN, FOOTER_GAP + 4 * mm)
    canv.setFillColor(SECONDARY)
    canv.setFont(fonts.REGULAR, 8)
    number = f"Page {page} of {total}"
    room = WIDTH - canv.stringWidth(number, fonts.REGULAR, 8) - 6 * mm
    footer = text.visual_order(text.plain(furniture.footer))  # a school's name as typed
    while footer and canv.stringWidth(footer, fonts.REGULAR, 8) > room:
        footer = footer[:-2] + "…"
    canv.drawString(MARGIN, FOOTER_GAP, footer)
    canv.drawRightString(A4[0] - MARGIN, FOOTER_GAP, number)
    canv.restoreState()


@dataclass(frozen=True)
class Metadata:
    title: str
    author: str
    subject: str


def build(
    story: Sequence[Flowable],
    metadata: Metadata,
    furniture: PageFurniture,
    *,
    pages: dict[str, int] | None = None,
) -> bytes:
    """Lay the story out on A4 pages with the footer (and watermark) and return the PDF;
    `pages`, when given, is filled with the page each bookmark landed on (for a contents list)."""
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=FOOTER_GAP + 8 * mm,
        title=metadata.title,
        author=metadata.author,
        subject=metadata.subject,
        creator="hrsa",
        lang="en-GB",
        # A viewer's title bar shows the title, not the file name (PDF/UA asks for it).
        displayDocTitle=True,
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    doc.build(list(story), canvasmaker=_canvas_class(furniture, pages))
    return buffer.getvalue()


def paragraph(markup: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of markup already escaped (see hrsa.pdf.text)."""
    return Paragraph(markup, style)
