"""Every table that may scroll sideways sits in a box a keyboard can reach and a screen reader
can name (WCAG 2.1.1 and 4.1.2; axe's scrollable-region-focusable), on every dashboard page."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from hrsa.core.vocabulary.people import Role
from tests import small_city

PAGES = [
    "/dashboard/",
    "/dashboard/heatmap/schools",
    "/dashboard/heatmap/schools/print",
    "/dashboard/heatmap/areas",
    "/dashboard/gaps",
    "/dashboard/trends",
    "/resources/gaps",
    "/schools",
]
# Tables that never scroll: the trends' small charts fit their card at any width.
FIXED = {"hrsa-multiple__table"}


class Tables(HTMLParser):
    """Each <table> with whether an ancestor is a named, focusable region."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[dict[str, str | None]] = []
        self.found: list[tuple[str, bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "table":
            in_region = any(
                a.get("role") == "region"
                and a.get("tabindex") == "0"
                and (a.get("aria-label") or a.get("aria-labelledby"))
                for a in self.stack
            )
            self.found.append((found.get("class") or "", in_region))
        if tag not in {"br", "img", "input", "link", "meta", "hr", "col", "rect"}:
            self.stack.append(found)

    def handle_endtag(self, tag: str) -> None:
        if tag not in {"br", "img", "input", "link", "meta", "hr", "col", "rect"} and self.stack:
            self.stack.pop()


@pytest.mark.parametrize("url", PAGES)
def test_every_table_scrolls_in_a_named_focusable_region(client, factory, sign_in, url) -> None:
    small_city.build(factory)
    sign_in(factory.user(Role.COMMISSIONER).email)
    response = client.get(url)
    assert response.status_code == 200
    parser = Tables()
    parser.feed(response.get_data(as_text=True))
    tables = [(c, ok) for c, ok in parser.found if not set(c.split()) & FIXED]
    assert tables, url
    assert all(ok for _, ok in tables), tables
