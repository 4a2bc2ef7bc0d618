"""One rule for page numbers everywhere: below 1 is the first page, past the end the last."""

from __future__ import annotations

import pytest

from hrsa.core.pagination import Page, page_numbers, window


@pytest.mark.parametrize(
    ("requested", "total", "shown", "pages", "offset"),
    [
        (1, 0, 1, 1, 0),  # an empty list still has one (empty) page
        (0, 120, 1, 3, 0),
        (-5, 120, 1, 3, 0),
        (2, 120, 2, 3, 50),
        (3, 120, 3, 3, 100),
        (99, 120, 3, 3, 100),
        (10**12, 100, 2, 2, 50),  # a huge number never becomes a huge OFFSET
    ],
)
def test_the_page_shown_is_clamped_to_the_pages_there_are(requested, total, shown, pages, offset):
    result = window(requested, total, per_page=50)
    assert (result.number, result.pages, result.offset, result.limit) == (
        shown,
        pages,
        offset,
        50,
    )


def test_page_links_show_first_last_and_neighbours_with_gaps():
    assert page_numbers(1, 1) == [1]
    assert page_numbers(1, 3) == [1, 2, 3]
    assert page_numbers(5, 10) == [1, None, 4, 5, 6, None, 10]
    assert page_numbers(10, 10) == [1, None, 9, 10]


def test_a_page_converts_its_items_and_keeps_its_place():
    page = Page(items=[1, 2, 3], number=2, pages=4, total=160)
    assert page.map(str) == Page(items=["1", "2", "3"], number=2, pages=4, total=160)
