"""Every school's report as a ZIP in the browser (report_bundle.js): the page says how many
reports are ready while the server prepares them, then the download arrives as a valid ZIP."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from hrsa.core.vocabulary.people import Role
from hrsa.core.vocabulary.ratings import Rag
from hrsa.services.reports.bundle import _Drain

# Records every text the live region shows, however briefly (the page's own script cannot be
# paused, so the test keeps a log of what a screen reader would have been told).
RECORD_STATUS = """
window.hrsaStatuses = [];
new MutationObserver(() => {
  const status = document.querySelector('[data-hrsa-bundle-status]');
  if (status && status.textContent !== window.hrsaStatuses.at(-1)) {
    window.hrsaStatuses.push(status.textContent);
  }
}).observe(document, { subtree: true, childList: true, characterData: true });
"""


def test_the_page_shows_the_progress_then_hands_over_a_valid_zip(
    page: Page, factory, browser_sign_in: Callable[..., None]
) -> None:
    cycle = factory.cycle()
    names = ["Compton Primary", "Hooe Primary", "Lipson Vale Primary", "Stoke Damerel"]
    for number, name in enumerate(names):
        school = factory.school(name=name, urn=f"11880{number}")
        factory.rate_all(factory.assessment(school, cycle), Rag.AMBER)
    commissioner = factory.user(Role.COMMISSIONER)
    browser_sign_in(page, commissioner.email)
    page.add_init_script(RECORD_STATUS)
    page.goto("/dashboard/")

    with page.expect_download(timeout=120_000) as download_info:
        page.get_by_role("link", name="Download every school's 2026/27 report (ZIP)").click()
        expect(page.get_by_role("heading", name="Every school's 2026/27 report")).to_be_visible()

    status = page.get_by_role("status")
    expect(status).to_have_text("Your ZIP of 4 reports is ready")
    statuses = page.evaluate("window.hrsaStatuses")
    progress = [s for s in statuses if re.fullmatch(r"Preparing \d of 4 reports", s)]
    assert progress and progress[0] == "Preparing 0 of 4 reports", statuses
    assert any(s != "Preparing 0 of 4 reports" for s in progress), statuses
    expect(page.get_by_role("link", name="save the ZIP")).to_be_attached()
    expect(page.get_by_text("could not be prepared")).to_be_hidden()
    expect(page.get_by_role("link", name=re.compile("Download the ZIP"))).to_be_hidden()
    download = download_info.value
    assert download.suggested_filename == "reports-2026-27.zip"
    with zipfile.ZipFile(download.path()) as archive:
        assert archive.testzip() is None
        entries = archive.namelist()
        assert len(entries) == 4
        assert all(archive.read(entry).startswith(b"%PDF-") for entry in entries)


def test_when_the_zip_cannot_be_fetched_the_page_offers_the_plain_link(
    page: Page, factory, browser_sign_in: Callable[..., None]
) -> None:
    cycle = factory.cycle()
    factory.assessment(factory.school(name="Hooe Primary"), cycle)
    browser_sign_in(page, factory.user(Role.ADVISORY).email)
    page.route(re.compile(r".*/reports\.zip$"), lambda route: route.fulfill(status=502))

    page.goto(f"/cycles/{cycle.id}/reports")

    expect(page.get_by_text("The reports could not be prepared here.")).to_be_visible()
    plain = page.get_by_role("link", name="Download the ZIP (1 report)")
    expect(plain).to_be_visible()
    assert plain.get_attribute("href") == f"/cycles/{cycle.id}/reports.zip"


def _archive(streamed: bool, compression: int) -> bytes:
    """Three entries, one holding a data descriptor's signature, written as report_bundle does
    (streamed: sizes after each entry's data) or to a seekable file (sizes in each header)."""
    stream: Any = _Drain() if streamed else io.BytesIO()
    with zipfile.ZipFile(stream, "w", compression=compression) as archive:
        archive.writestr("a.pdf", b"%PDF-1.4 " + b"PK\x07\x08" * 20 + bytes(range(256)) * 40)
        archive.writestr("b.pdf", b"")
        archive.writestr("c.pdf", b"%PDF-1.4 tail")
    return stream.take() if streamed else stream.getvalue()


@pytest.mark.parametrize("streamed", [True, False], ids=["descriptors", "sizes-in-headers"])
@pytest.mark.parametrize("compression", [zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED])
def test_the_counter_finds_each_entry_however_the_bytes_are_split(
    page: Page, live_url: Callable[[str], str], streamed: bool, compression: int
) -> None:
    data = list(_archive(streamed, compression))
    page.goto(live_url("/privacy"))
    counts = page.evaluate(
        """async (bytes) => {
          const { ZipCounter } = await import('/static/dist/report_bundle.js')
          const results = []
          for (const size of [1, 7, 64, 100000]) {
            const counter = new ZipCounter()
            for (let at = 0; at < bytes.length; at += size) {
              counter.push(new Uint8Array(bytes.slice(at, at + size)))
            }
            results.push([counter.entries, counter.finished])
          }
          return results
        }""",
        data,
    )
    assert counts == [[3, True]] * 4
