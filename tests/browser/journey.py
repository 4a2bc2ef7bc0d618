"""A Playwright page that counts what a person does, for the full-journey test (issue 11).

Every interaction goes through `Journey`, so nothing is done without being counted:

- an *interaction* is one click, one field filled (typing into it counts once, however long the
  text), one radio or checkbox checked, one option selected, one link opened from an email, and in
  keyboard mode one key pressed (each Tab, Space, Enter or arrow counts; typing a text counts once);
- a *page load* is one `load` event of the page's main frame: each document the browser loads,
  so a POST answered by a redirect counts once (the page it lands on) and a form shown again with
  its errors counts once. Same-document changes (a jump to an #anchor, script updating the page)
  are not page loads.

Both are kept per step ("Onboarding", "Principle 3", "Delivery plan", ...) for the breakdown the
test prints. After each page load the page is checked with axe-core the first time it is seen:
"a page" is its path without the query string, plus whether it shows an error summary, so each
principle page is checked once, and the same page showing its errors is checked again.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

from playwright.sync_api import Locator, Page

#: A link's token in a path (an invitation), shown as <token> in the report.
LONG_SEGMENT = re.compile(r"/[^/]{40,}")
#: Tab presses allowed while looking for one element in keyboard mode, before giving up.
MAX_TABS = 80


class Journey:
    """The page and the counts: use its methods instead of the locator's own."""

    def __init__(self, page: Page, check_accessible: Callable[[Page], None] | None) -> None:
        """`check_accessible(page)` runs on each distinct page (None: no checks)."""
        self.page = page
        self.check_accessible = check_accessible
        self.step = "Start"
        self.steps: list[str] = []
        self.interactions: Counter[str] = Counter()
        self.loads: Counter[str] = Counter()
        self.checked_pages: list[str] = []
        self.script_errors: list[str] = []
        page.on("load", self._loaded)
        page.on("pageerror", lambda error: self.script_errors.append(f"{page.url}: {error}"))

    # --- bookkeeping -------------------------------------------------------------------------

    def begin(self, step: str) -> None:
        """Count what follows under `step` (in the breakdown)."""
        self.step = step
        if step not in self.steps:
            self.steps.append(step)

    def _loaded(self, _page: Page) -> None:
        self.loads[self.step] += 1

    def _count(self) -> None:
        self.interactions[self.step] += 1

    @property
    def total_interactions(self) -> int:
        return sum(self.interactions.values())

    @property
    def total_loads(self) -> int:
        return sum(self.loads.values())

    def page_key(self) -> str:
        path = LONG_SEGMENT.sub("/<token>", urlsplit(self.page.url).path)
        has_errors = self.page.locator(".govuk-error-summary").count() > 0
        return f"{path} (with errors)" if has_errors else path

    def arrived(self) -> None:
        """After a page load: check the page with axe the first time it is seen."""
        self.page.wait_for_load_state("load")
        key = self.page_key()
        if self.check_accessible is not None and key not in self.checked_pages:
            self.checked_pages.append(key)
            self.check_accessible(self.page)

    @contextmanager
    def _navigation(self) -> Iterator[None]:
        """Wait for the main frame's next load, then check the page it brought."""
        with self.page.expect_event("load"):
            yield
        self.arrived()

    # --- what a person does ------------------------------------------------------------------

    def open_link(self, url: str) -> None:
        """Open a link from an email: one interaction (the click in the mail program)."""
        self._count()
        with self._navigation():
            self.page.goto(url)

    def click(self, locator: Locator) -> None:
        """A click that changes something on the page without loading another."""
        self._count()
        locator.click()

    def follow(self, locator: Locator) -> None:
        """A click on a link or button that loads a page (a form's submit button, a link)."""
        self._count()
        with self._navigation():
            locator.click()

    def fill(self, locator: Locator, text: str) -> None:
        """Type a value into one field: one interaction, however long the text."""
        self._count()
        locator.fill(text)

    def check(self, locator: Locator) -> None:
        self._count()
        locator.check()

    def select(self, locator: Locator, value: str) -> None:
        self._count()
        locator.select_option(value)

    # --- keyboard mode -----------------------------------------------------------------------

    def press(self, key: str) -> None:
        """One key pressed (Tab, Space, Enter, an arrow)."""
        self._count()
        self.page.keyboard.press(key)

    def press_to_load(self, key: str) -> None:
        """One key pressed that loads a page (Enter on a button)."""
        self._count()
        with self._navigation():
            self.page.keyboard.press(key)

    def type(self, text: str) -> None:
        """Type into the focused field: one interaction, however long the text."""
        self._count()
        self.page.keyboard.type(text)

    def tab_to(self, locator: Locator) -> int:
        """Press Tab until `locator` (or one of the elements it matches, like the radios of a
        group) has the focus, each press counted; how many it took."""
        for presses in range(1, MAX_TABS + 1):
            self.press("Tab")
            if locator.evaluate_all("elements => elements.includes(document.activeElement)"):
                return presses
        raise AssertionError(f"{MAX_TABS} presses of Tab never reached {locator}")

    # --- the report --------------------------------------------------------------------------

    def report(self, title: str) -> str:
        """The counts per step and in total, as CI's log shows them."""
        width = max(len(step) for step in [*self.steps, "Total"])
        lines = [title, f"  {'Step':<{width}}  interactions  page loads"]
        for step in self.steps:
            lines.append(
                f"  {step:<{width}}  {self.interactions[step]:>12}  {self.loads[step]:>10}"
            )
        lines.append(f"  {'Total':<{width}}  {self.total_interactions:>12}  {self.total_loads:>10}")
        if self.check_accessible is not None:
            lines.append(f"  Pages checked with axe ({len(self.checked_pages)}):")
            lines += [f"    {key}" for key in self.checked_pages]
        return "\n".join(lines)
