"""Reading generated PDFs in tests: their text, page by page, and their metadata (pypdf)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from pypdf import PdfReader


@dataclass(frozen=True)
class ReadPdf:
    pages: list[str]
    title: str
    author: str
    subject: str
    lang: str
    bookmarks: list[str]
    display_doc_title: bool
    marked: bool

    @property
    def text(self) -> str:
        return "\n".join(self.pages)

    @property
    def words(self) -> str:
        """The text with line breaks and runs of spaces read as one space (wrapped lines)."""
        return " ".join(self.text.split())

    @property
    def unwrapped(self) -> str:
        """The text with line breaks removed (words split across lines joined again)."""
        return self.text.replace("\n", "")


def read_pdf(data: bytes) -> ReadPdf:
    """The PDF's text and metadata; fails the test if pypdf cannot open it."""
    assert data.startswith(b"%PDF-"), "not a PDF"
    reader = PdfReader(io.BytesIO(data), strict=True)
    meta = reader.metadata or {}
    root = reader.trailer["/Root"]
    preferences = root.get("/ViewerPreferences", {})
    return ReadPdf(
        pages=[page.extract_text() for page in reader.pages],
        title=str(meta.get("/Title", "")),
        author=str(meta.get("/Author", "")),
        subject=str(meta.get("/Subject", "")),
        lang=str(root.get("/Lang", "")),
        bookmarks=[item.title for item in reader.outline if not isinstance(item, list)],
        display_doc_title=bool(preferences.get("/DisplayDocTitle", False)),
        marked=bool(root.get("/MarkInfo", {}).get("/Marked", False)),
    )
