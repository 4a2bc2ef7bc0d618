"""Long lists shown a page at a time: one Page type and one rule for page numbers.

Every paged list (the city's schools, the administrators' schools, accounts and outbox) uses
these, so a page number past the end, zero or negative means the same thing everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from math import ceil
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

PER_PAGE = 50
T = TypeVar("T")
U = TypeVar("U")


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a long list, numbered from 1; `pages` is at least 1, even for no items."""

    items: Sequence[T]
    number: int
    pages: int
    total: int

    def map(self, convert: Callable[[T], U]) -> Page[U]:
        """The same page with every item converted (a row into what a page shows)."""
        return Page(
            items=[convert(item) for item in self.items],
            number=self.number,
            pages=self.pages,
            total=self.total,
        )


@dataclass(frozen=True)
class Window:
    """Which page to show of how many, and the rows it covers (for LIMIT and OFFSET)."""

    number: int
    pages: int
    offset: int
    limit: int


def window(requested: int, total: int, per_page: int = PER_PAGE) -> Window:
    """The page to show: below 1 shows the first page, past the end shows the last."""
    pages = max(1, ceil(total / per_page))
    number = min(max(1, requested), pages)
    return Window(number=number, pages=pages, offset=(number - 1) * per_page, limit=per_page)


def count_rows(session: Session, query: Select[Any]) -> int:
    """How many rows the query returns (its ORDER BY dropped)."""
    return session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0


def paginate(
    session: Session,
    query: Select[Any],
    page: int,
    per_page: int = PER_PAGE,
    *,
    total: int | None = None,
) -> Page[Any]:
    """Run an ordered one-entity query for one page: two queries (a count, then the page).

    Pass `total` when a cheaper count is known; otherwise the query's rows are counted.
    """
    if total is None:
        total = count_rows(session, query)
    shown = window(page, total, per_page)
    items = session.scalars(query.limit(shown.limit).offset(shown.offset)).all()
    return Page(items=items, number=shown.number, pages=shown.pages, total=total)


def page_numbers(current: int, last: int) -> list[int | None]:
    """First, last and the neighbours of the current page, in order; None marks a gap."""
    wanted = sorted({1, last, current - 1, current, current + 1} & set(range(1, last + 1)))
    numbers: list[int | None] = []
    for number in wanted:
        if numbers and number - (numbers[-1] or 0) > 1:
            numbers.append(None)
        numbers.append(number)
    return numbers
