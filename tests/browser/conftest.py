"""Browser tests: the real app served by pytest-flask's live_server, driven by Playwright in
Debian's headless Chromium (never a browser downloaded by `playwright install`).

How the server runs: pytest-flask 1.3 forks the session's `app` into a child process
(multiprocessing, `app.run(threaded=True)`) once per test session. Its port comes from
`--live-server-port`, which defaults to 0: pytest-flask then asks the operating system for a free
port, so two test runs on one machine do not collide on 5000. The child uses the same SQLite file
(or PostgreSQL database) as the tests, so whatever a test commits through `factory` is visible to
the browser. So every test here is marked `committed`: it commits for real, and the shared
`_fresh_database` fixture empties every table after it (instead of rolling back).

Fixtures for tests in this folder:
- `page`, `context`, `new_context` (pytest-playwright): contexts open the live server as their
  base URL, so `page.goto("/sign-in")` works.
- `live_url("/path")`: the live server's full address for a path.
- `browser_sign_in(page, email)`: sign in through the real form.
- `axe_page`: a page in a context that bypasses the CSP, only so axe-core can be injected.
- `axe_check(page)`: run axe-core (WCAG 2.0/2.1/2.2 A and AA) and return the violations;
  `assert_accessible(page)` fails with one readable line per rule and element.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import BrowserContext, Page, expect

from hrsa.extensions import db
from tests.factories import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
NO_CHROMIUM = (
    "Debian's chromium is not installed: run make test as root or apt-get install chromium"
)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HERE = Path(__file__).resolve().parent
AXE_SCRIPT = HERE.parents[1] / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark this folder's tests `browser`; skip them, loudly, when there is no Chromium."""
    skip = pytest.mark.skip(reason=NO_CHROMIUM) if not CHROMIUM.exists() else None
    for item in items:
        if HERE not in Path(str(item.path)).resolve().parents:
            continue
        item.add_marker(pytest.mark.browser)
        item.add_marker(pytest.mark.committed)  # the live server is another process
        if skip is not None:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Launch Debian's chromium, quietly: no calls out to Google's services."""
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session", autouse=True)
def _live_server(app: Flask, request: pytest.FixtureRequest) -> Any:
    """Start the live server before anything else in the session (in particular before
    Playwright's driver), from a process holding no open database connections."""
    with app.app_context():
        # The fork must not inherit pooled connections: a SQLite or PostgreSQL connection used
        # by two processes corrupts both. The parent reconnects when it next needs to.
        db.engine.dispose()
    server = request.getfixturevalue("live_server")
    # live_server sets SERVER_NAME to "localhost:<port>" for the whole session; the child process
    # has its copy now, so give the tests outside this folder back the name they expect.
    # (pytest-flask puts the original back at the end of the session too.)
    app.config["SERVER_NAME"] = "localhost"
    return server


@pytest.fixture(scope="session")
def base_url(_live_server: Any) -> str:
    """Every Playwright context opens the live server: `page.goto("/")` works."""
    return str(_live_server.url())


@pytest.fixture
def live_url(_live_server: Any) -> Callable[[str], str]:
    """live_url("/sign-in") -> "http://localhost:<port>/sign-in"."""

    def url(path: str = "/") -> str:
        return str(_live_server.url(path))

    return url


def sign_in_through_form(page: Page, email: str, password: str = PASSWORD) -> None:
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Signed in as")).to_be_visible()


@pytest.fixture
def browser_sign_in() -> Callable[..., None]:
    """browser_sign_in(page, email[, password]): sign in through the real form."""
    return sign_in_through_form


@pytest.fixture
def axe_context(new_context: Callable[..., BrowserContext]) -> BrowserContext:
    """A context that ignores the CSP. Only for axe-core, whose injected script the CSP would
    (rightly) block; CSP checks belong in tests that use the ordinary `page`."""
    return new_context(bypass_csp=True)


@pytest.fixture
def axe_page(axe_context: BrowserContext) -> Iterator[Page]:
    page = axe_context.new_page()
    yield page
    page.close()


def run_axe(page: Page) -> list[dict[str, Any]]:
    """Inject axe-core into the page and return its violations of WCAG 2.2 A and AA."""
    if not AXE_SCRIPT.exists():
        pytest.fail(f"{AXE_SCRIPT} is missing: run npm ci (make test does).")
    page.add_script_tag(path=str(AXE_SCRIPT))
    if not page.evaluate("() => typeof window.axe === 'object'"):
        pytest.fail(
            "axe-core did not load: use the axe_page fixture (its context bypasses the CSP)"
        )
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    result = page.evaluate("options => axe.run(document, options)", options)
    return list(result["violations"])


def describe_violations(violations: list[dict[str, Any]]) -> str:
    """One line per rule and element: '[serious] color-contrast: ... at #main > p'."""
    lines = []
    for violation in violations:
        targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]]
        lines.append(
            f"[{violation.get('impact')}] {violation['id']}: {violation['help']} "
            f"({violation['helpUrl']})"
        )
        lines += [f"    at {target}" for target in targets]
    return "\n".join(lines)


@pytest.fixture
def axe_check() -> Callable[[Page], list[dict[str, Any]]]:
    """axe_check(page) -> the violations (an empty list when the page passes)."""
    return run_axe


def _assert_accessible(page: Page) -> None:
    violations = run_axe(page)
    assert not violations, (
        f"axe-core found {len(violations)} accessibility problem(s) on {page.url}:\n"
        + describe_violations(violations)
    )


@pytest.fixture
def assert_accessible() -> Callable[[Page], None]:
    """assert_accessible(page): fail with the rule id and element of every axe violation."""
    return _assert_accessible
