"""Every page each role can reach has unique element ids: a duplicated id makes a label tick
the wrong box, an error summary link land on the wrong field, and assistive technology read the
wrong name. The test follows every link a role is shown, from the start page, in a small city."""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from urllib.parse import parse_qs, urldefrag, urlsplit

import pytest

from hrsa.core.vocabulary.people import Role
from tests import small_city

# Links whose GET changes the session or is a file, not a page.
NOT_PAGES = ("/sign-out", "/static/", "/download", "/export", ".pdf", ".csv", ".xlsx", ".zip")
MOST_PAGES = 400
# Pages of one shape (one view, different ids or filter values) visited at most this often: enough
# for all eight principle pages, not every school's every filter.
PER_SHAPE = 8


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.append(values["id"] or "")
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")


def same_site_pages(links: list[str]) -> set[str]:
    pages = set()
    for link in links:
        url = urldefrag(link).url
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not url.startswith("/"):
            continue
        if any(part in url for part in NOT_PAGES):
            continue
        pages.add(url)
    return pages


def shape(url: str) -> str:
    """Pages that differ only in ids or query values are built by the same view and template."""
    parts = urlsplit(url)
    return re.sub(r"\d+", "N", parts.path) + "?" + ",".join(sorted(parse_qs(parts.query)))


def crawl(client) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    """Every page reachable by following links from "/", with the ids it repeats."""
    seen: dict[str, list[str]] = {}
    shapes: Counter[str] = Counter()
    queue = ["/"]
    while queue and len(seen) < MOST_PAGES:
        url = queue.pop(0)
        if url in seen or shapes[shape(url)] >= PER_SHAPE:
            continue
        shapes[shape(url)] += 1
        response = client.get(url, follow_redirects=True)
        if response.status_code != 200 or response.mimetype != "text/html":
            seen[url] = []
            continue
        page = Page()
        page.feed(response.get_data(as_text=True))
        seen[url] = sorted(i for i, n in Counter(page.ids).items() if n > 1)
        queue.extend(sorted(same_site_pages(page.links) - seen.keys()))
    return seen


@pytest.mark.parametrize("role", list(Role), ids=lambda role: role.value)
def test_no_page_a_role_can_reach_repeats_an_id(role, client, factory, sign_in):
    city = small_city.build(factory)
    school = city.schools["Ash"] if role.is_school_role else None
    sign_in(factory.user(role, school).email)

    pages = crawl(client)

    assert len(pages) > 10, sorted(pages)
    assert {url: ids for url, ids in pages.items() if ids} == {}
