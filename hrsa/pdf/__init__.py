"""PDF rendering with ReportLab: plain report data in, bytes out.

Nothing here knows Flask or the database. Every word, date and size comes through
hrsa.core.formatting and hrsa.core.vocabulary, so a report says exactly what the pages say.
"""

from __future__ import annotations

from hrsa.pdf.school_report import render_school_report

__all__ = ["render_school_report"]
