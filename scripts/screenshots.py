"""Save full-page screenshots of hrsa's pages, signed in as each demo role, for design review.

    .venv/bin/python scripts/screenshots.py [--out screenshots] [--base-url URL]

Without --base-url it serves the app itself on a free 127.0.0.1 port, against a temporary SQLite
database built by the migrations and filled with the demo city (hrsa.demo). With
--base-url it photographs a server that is already running and has the demo accounts.
Uses Debian's chromium (/usr/bin/chromium); never `playwright install`.

To photograph another page, add a line to PAGES.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LEAD = "lead@school.example"
STAFF = "staff@school.example"
COMMISSIONER = "commissioner@city.example"
ADVISORY = "advisory@city.example"
ADMIN = "admin@city.example"


class Shot(NamedTuple):
    name: str  # the file name, without .png
    path: str
    email: str | None = None  # the demo account to sign in as; None to stay signed out
    submit_empty: bool = False  # submit the page's form empty, to show its error messages
    width: int = 1280  # the window's width in CSS pixels (375 for a small phone)
    vision: str = "none"  # Chromium's simulated colour vision, e.g. "deuteranopia"


PAGES = [
    Shot("start", "/"),
    Shot("sign-in", "/sign-in"),
    Shot("sign-in-errors", "/sign-in", submit_empty=True),
    Shot("accessibility", "/accessibility"),
    Shot("privacy", "/privacy"),
    Shot("contact", "/contact"),
    Shot("forgot-password", "/forgot-password"),
    Shot("forgot-password-errors", "/forgot-password", submit_empty=True),
    Shot("not-found", "/no-such-page"),
    Shot("assessment-lead", "/assessment", LEAD),
    # The demo seed is deterministic: the lead's school has assessments 1 (2025/26) and 2 (now);
    # the second school, carried forward, has 3 and 4.
    Shot("principle-1-lead", "/assessments/2/principles/1", LEAD),
    Shot("principle-6-lead", "/assessments/2/principles/6", LEAD),
    Shot("history-lead", "/assessments/2/standards/2.1/history", LEAD),
    Shot("plan-lead", "/assessments/2/plan", LEAD),
    Shot("submit-lead", "/assessments/2/submit", LEAD),
    Shot("submit-staff", "/assessments/2/submit", STAFF),
    Shot("submitted-lead", "/assessments/1/submitted", LEAD),
    Shot("profile-lead", "/profile", LEAD),
    # Last cycle's assessment, read-only now that this cycle has started.
    Shot("earlier-task-list-lead", "/assessments/1", LEAD),
    Shot("earlier-principle-1-lead", "/assessments/1/principles/1", LEAD),
    Shot("carried-forward", "/assessments/4/principles/7", "lead2@school.example"),
    Shot("account-lead", "/account", LEAD),
    Shot("account-lead-narrow", "/account", LEAD, width=320),
    Shot("principle-1-lead-narrow", "/assessments/2/principles/1", LEAD, width=320),
    Shot("assessment-staff", "/assessment", STAFF),
    Shot("schools-commissioner", "/schools", COMMISSIONER),
    Shot("dashboard-overview", "/dashboard/", COMMISSIONER),
    Shot("dashboard-schools-heatmap", "/dashboard/heatmap/schools", COMMISSIONER),
    Shot(
        "dashboard-schools-heatmap-reds",
        "/dashboard/heatmap/schools?sort=reds&values=moderated",
        ADVISORY,
    ),
    Shot("dashboard-areas-heatmap", "/dashboard/heatmap/areas", COMMISSIONER),
    Shot("dashboard-schools-heatmap-narrow", "/dashboard/heatmap/schools", COMMISSIONER, width=320),
    Shot("dashboard-schools-heatmap-print", "/dashboard/heatmap/schools/print", COMMISSIONER),
    Shot(
        "dashboard-areas-heatmap-red",
        "/dashboard/heatmap/areas?show=red&sort=p3&order=desc",
        COMMISSIONER,
    ),
    Shot("dashboard-areas-heatmap-narrow", "/dashboard/heatmap/areas", COMMISSIONER, width=320),
    Shot("dashboard-trends-narrow", "/dashboard/trends", COMMISSIONER, width=320),
    Shot("dashboard-overview-narrow", "/dashboard/", COMMISSIONER, width=320),
    Shot("dashboard-gap-ranking-narrow", "/dashboard/gaps", COMMISSIONER, width=320),
    Shot("dashboard-overview-deuteranopia", "/dashboard/", COMMISSIONER, vision="deuteranopia"),
    Shot("dashboard-trends-protanopia", "/dashboard/trends", COMMISSIONER, vision="protanopia"),
    Shot("dashboard-phases-heatmap", "/dashboard/heatmap/areas?by=phase", COMMISSIONER),
    Shot("dashboard-gap-ranking", "/dashboard/gaps", COMMISSIONER),
    Shot("dashboard-trends", "/dashboard/trends", COMMISSIONER),
    Shot("school-history-lead", "/dashboard/schools/1/history", LEAD),
    Shot("dashboard-bad-filter", "/dashboard/heatmap/schools?ward=Atlantis&page=0", COMMISSIONER),
    Shot("schools-advisory", "/schools", ADVISORY),
    Shot("moderation-queue", "/moderation", ADVISORY),
    Shot("moderation-queue-narrow", "/moderation", ADVISORY, width=320),
    Shot("moderation-queue-replied", "/moderation?status=school_replied", ADVISORY),
    Shot("moderation-queue-reopening", "/moderation?status=reopening_asked", ADVISORY),
    Shot("moderation-school-replied", "/moderation/assessments/105", ADVISORY),
    Shot("moderation-school-reopening", "/moderation/assessments/185", ADVISORY),
    Shot("moderation-school-narrow", "/moderation/assessments/105", ADVISORY, width=320),
    Shot("moderation-school-errors", "/moderation/assessments/99", ADVISORY, submit_empty=True),
    Shot("school-profile-advisory", "/schools/1", ADVISORY),
    Shot("admin", "/admin/", ADMIN),
    Shot("admin-accounts", "/admin/accounts", ADMIN),
    Shot("admin-deleted-evidence", "/admin/deleted-evidence", ADMIN),
    # The resource bank (the demo seeds it in a fresh database: resource 1 is approved, 4 has
    # changes requested, 7 waits for review, 8 has lapsed).
    Shot("resources-bank", "/resources", LEAD),
    Shot("resources-bank-filtered", "/resources?principle=3&audience=ks4", LEAD),
    Shot("resource-page", "/resources/1", LEAD),
    Shot("resource-changes-requested", "/resources/4", STAFF),
    Shot("resource-propose-errors", "/resources/propose", STAFF, submit_empty=True),
    Shot("resources-queue", "/resources/review", ADVISORY),
    Shot("resource-review", "/resources/7/review", ADVISORY),
    Shot("resource-review-errors", "/resources/8/review", ADVISORY, submit_empty=True),
    Shot("resources-gaps", "/resources/gaps", COMMISSIONER),
    Shot("task-list-resources-lead", "/assessments/2", LEAD),
    Shot("principle-3-lead", "/assessments/2/principles/3", LEAD),
    Shot("start-mobile", "/", width=375),
    Shot("assessment-lead-mobile", "/assessment", LEAD, width=375),
]

CHROMIUM = "/usr/bin/chromium"
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
HEIGHT = 800


@contextmanager
def demo_server() -> Iterator[str]:
    """Serve the app with the demo city from a temporary database; yield its address."""
    from flask_migrate import upgrade
    from werkzeug.serving import make_server

    with tempfile.TemporaryDirectory(prefix="hrsa-screenshots-") as folder:
        os.environ["HRSA_ENV"] = "development"  # plain http: no secure-only cookies
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(folder) / 'demo.sqlite3'}"
        os.environ["HRSA_UPLOAD_DIR"] = str(Path(folder) / "uploads")
        (Path(folder) / "uploads").mkdir()
        from hrsa import MIGRATIONS, create_app
        from hrsa.demo import seed
        from hrsa.extensions import db

        # A throwaway key: nothing is written into instance/.
        app = create_app({"SECRET_KEY": secrets.token_hex(32), "MAIL_SERVER": ""})
        with app.app_context():
            upgrade(directory=MIGRATIONS)
            result = seed.seed(db.session)
            db.session.commit()
            seeded = {email for _, email, _ in result.users}
        missing = sorted({p.email for p in PAGES if p.email} - seeded)
        if missing:
            raise SystemExit(
                f"PAGES sign in as {', '.join(missing)}, which demo.seed did not create."
            )
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_port}"
        finally:
            server.shutdown()
            thread.join()
            with app.app_context():
                db.engine.dispose()


def take(base_url: str, out: Path, only: list[str] | None = None) -> list[Path]:
    from playwright.sync_api import Page, expect, sync_playwright

    from hrsa.demo.seed import DEMO_PASSWORD

    def sign_in(page: Page, email: str) -> None:
        page.goto("/sign-in")
        page.get_by_label("Email address").fill(email)
        page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        try:
            expect(page.get_by_text("Signed in as")).to_be_visible()
        except AssertionError:
            raise SystemExit(
                f"Could not sign in as {email} at {base_url}: is the demo data there?"
            ) from None

    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    pages = [p for p in PAGES if not only or any(part in p.name for part in only)]
    accounts: list[str | None] = list(dict.fromkeys(p.email for p in pages))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for email in accounts:
                context = browser.new_context(
                    base_url=base_url, viewport={"width": 1280, "height": HEIGHT}
                )
                page = context.new_page()
                problems: list[str] = []
                page.on("console", lambda m, p=problems: m.type == "error" and p.append(m.text))
                page.on("pageerror", lambda e, p=problems: p.append(str(e)))
                if email:
                    sign_in(page, email)
                for shot in (p for p in pages if p.email == email):
                    page.set_viewport_size({"width": shot.width, "height": HEIGHT})
                    vision = context.new_cdp_session(page)
                    vision.send("Emulation.setEmulatedVisionDeficiency", {"type": shot.vision})
                    page.goto(shot.path)
                    if shot.submit_empty:
                        page.locator("main form").get_by_role("button").last.click()
                        page.wait_for_load_state()
                    file = out / f"{shot.name}.png"
                    page.screenshot(path=str(file), full_page=True)
                    written.append(file)
                    overflow = page.evaluate("() => document.documentElement.scrollWidth")
                    note = (
                        f" (scrolls sideways: {overflow}px wide)" if overflow > shot.width else ""
                    )
                    print(f"{file}{note}", flush=True)
                for problem in problems:
                    print(f"  browser reported: {problem}", file=sys.stderr)
                context.close()
        finally:
            browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "screenshots"), help="folder for the PNGs")
    parser.add_argument("--base-url", help="photograph this running server instead")
    parser.add_argument(
        "--only", action="append", default=[], help="photograph only shots whose name has this"
    )
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print("Debian's chromium is not installed: apt-get install chromium", file=sys.stderr)
        return 1
    out = Path(args.out)
    if args.base_url:
        take(args.base_url.rstrip("/"), out, args.only)
    else:
        with demo_server() as base_url:
            take(base_url, out, args.only)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
