"""How values read to people, without Flask: pages (as Jinja filters), PDFs and spreadsheets all
format dates, sizes and counts through these functions, so they say the same thing.

GOV.UK style: "5 March 2027", "5 March 2027 at 2:07pm" (UK time), "1.5 MB", "3 schools".
Every downloaded file (export, report, archive) is named by download_name.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")
KB = 1024
MB = 1024 * 1024


def uk_today() -> date:
    """Today's date in the UK (what "in date" and "due" mean for the city's schools)."""
    return datetime.now(UK).date()


def format_date(value: date | datetime | None) -> str:
    """'5 March 2027' (a moment is shown as its UK calendar date)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(UK)
    return f"{value.day} {value:%B %Y}"


def format_datetime(value: datetime | None) -> str:
    """'5 March 2027 at 2:07pm' in UK time."""
    if value is None:
        return ""
    local = value.astimezone(UK)
    hour = local.hour % 12 or 12
    return f"{format_date(local)} at {hour}:{local:%M}{'am' if local.hour < 12 else 'pm'}"


def file_size(size: int | None) -> str:
    """A size for people: '20 MB', '1.5 MB', '340 KB', '12 bytes', '1 byte'."""
    size = size or 0
    if size >= MB:
        return f"{size / MB:.1f}".removesuffix(".0") + " MB"
    if size >= KB:
        return f"{round(size / KB)} KB"
    return plural(size, "byte")


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """'1 school', '3 schools'; irregular plurals given: plural(2, 'child', 'children')."""
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count:,} {word}"


def percentage(part: int, whole: int) -> str:
    """'42%' (rounded to whole numbers); '–' when there is nothing to divide by."""
    if whole <= 0:
        return "–"
    return f"{round(100 * part / whole)}%"


def first_words(text: str, limit: int) -> str:
    """The start of a text, at most `limit` characters and cut at a word, with '…' when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,;:.-–") + "…"


def slug(text: str) -> str:
    """'Tamar View Primary 2026/27' -> 'tamar-view-primary-2026-27': letters folded to plain
    ASCII, lower case, runs of anything but letters and digits as one '-'."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def download_name(*parts: str, ext: str, on: date | None = None) -> str:
    """The name of every file people download: each part as a slug, then the date if given,
    joined by '-' (blank parts left out), then the extension. download_name("hrsa", "ratings",
    "2026/27", on=date(2026, 11, 22), ext="csv") is 'hrsa-ratings-2026-27-2026-11-22.csv'."""
    named = [slug(part) for part in parts]
    if on is not None:
        named.append(on.isoformat())
    return "-".join(part for part in named if part) + "." + ext
